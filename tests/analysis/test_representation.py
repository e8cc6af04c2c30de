"""Representation of a set or a forum: shares and who is missing, from raw rows."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection

from commonground.analysis.representation import representation
from tests.analysis import expected
from tests.governance_raw import rows

MEMBERSHIP = {"member", "founding_member", "associate_member", "suspended_member"}


def test_custom_set(conn: Connection) -> None:
    result = representation(conn, "USA,DEU", edition="2024", year=2024, top=5)
    frame = expected.corridors("2024", 2024)
    world = frame["stock"].sum()
    dest = frame.loc[frame["destination"].isin({"USA", "DEU"}), "stock"].sum()
    orig = frame.loc[frame["origin"].isin({"USA", "DEU"}), "stock"].sum()
    assert result.summary.share_of_migrants_by_destination == pytest.approx(dest / world)
    assert result.summary.share_of_migrants_by_origin == pytest.approx(orig / world)
    top = frame.groupby("destination")["stock"].sum().sort_values(ascending=False).head(5)
    missing = [r["state"] for r in result.tables["missing"] if r["side"] == "destination"]
    assert missing == [c for c in top.index if c not in {"USA", "DEU"}]
    regions = {
        r["group"]: r["states"] for r in result.tables["composition"] if r["scheme"] == "region"
    }
    assert regions == {"Americas": 1, "Europe": 1}


def test_forum_as_of_a_year(conn: Connection) -> None:
    listed = {
        r["actor"]
        for r in rows("roles.csv")
        if r["forum"] == "colombo-process"
        and r["role"] in MEMBERSHIP
        and r["as_of"] == "2024"
        and not (r["from_year"] or r["to_year"])
    }
    result = representation(conn, "forum:colombo-process", as_of=2024)
    assert {r["state"] for r in result.tables["members"]} == listed
    frame = expected.corridors("2024", 2024)
    orig = frame.loc[frame["origin"].isin(listed), "stock"].sum()
    assert result.summary.share_of_migrants_by_origin == pytest.approx(orig / frame["stock"].sum())
    assert any(s.id == "commonground-governance" for s in result.sources)
