"""Common ground in votes: agreement computed from the raw unvotes files."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from sqlalchemy import Connection

from commonground.analysis.votes import common_ground
from tests.api import raw

WORDS = re.compile(
    r"\b(migra(?!tory)|immigra|emigra|refugee|asylum|displaced\b|traffick|smuggl)", re.I
)


def _selected() -> pd.DataFrame:
    calls = raw.csv("unga_votes/unvotes_un_roll_calls.csv")
    text = calls["short"] + " " + calls["descr"]
    return calls[text.map(lambda t: bool(WORDS.search(t)))]


def _agreement(a: str, b: str, since: int | None = None) -> tuple[float, int]:
    calls = _selected()
    if since is not None:
        calls = calls[calls["date"].str[:4].astype(int) >= since]
    votes = raw.csv(raw.UN_VOTES)
    votes = votes[votes["rcid"].isin(set(calls["rcid"]))]
    pair = votes[votes["country_code"].isin({a, b})].pivot(
        index="rcid", columns="country_code", values="vote"
    )
    both = pair.dropna()
    return float((both[a] == both[b]).mean()), len(both)


def test_selection_rule(conn: Connection) -> None:
    result = common_ground(conn)
    assert result.summary.roll_calls == len(_selected())
    assert "migra" in result.summary.selection_rule
    assert all(r["rcid"] for r in result.tables["resolutions"])


def test_agreement_between_two_states(conn: Connection) -> None:
    result = common_ground(conn, states="USA,CAN", since=2000)
    row = result.tables["agreement"][0]
    share, common = _agreement("US", "CA", since=2000)
    assert row["common_votes"] == common
    assert row["agreement"] == pytest.approx(share)


def test_alignment_of_a_state_with_each_group(conn: Connection) -> None:
    result = common_ground(conn, state="Mexico", clusters=3)
    groups = {r["group_type"] for r in result.tables["alignment"]}
    assert groups == {"cluster", "region", "development_group"}
    assert {r["cluster"] for r in result.tables["clusters"]} <= {1, 2, 3}
    agreement = {r["other"]: r["agreement"] for r in result.tables["agreement"]}
    share, _ = _agreement("MX", "BR")
    assert agreement["BRA"] == pytest.approx(share)
