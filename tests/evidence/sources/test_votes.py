"""The GCM vote (A/RES/73/195) and the General Assembly votes against the raw files."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, func, select

from commonground.evidence.rollcalls import roll_call_votes
from commonground.evidence.store.tables import roll_calls, votes
from tests.conftest import DATA_DIR

VOTES = DATA_DIR / "unga_votes"
NO = {"Czechia", "Hungary", "Israel", "Poland", "United States"}
ABSTAIN = {
    "Algeria",
    "Australia",
    "Austria",
    "Bulgaria",
    "Chile",
    "Italy",
    "Latvia",
    "Libya",
    "Liechtenstein",
    "Romania",
    "Singapore",
    "Switzerland",
}


def iso2_to_iso3() -> dict[str, str]:
    names = pd.read_csv(
        DATA_DIR / "classifications" / "gdidata_countrynames.csv", keep_default_na=False
    )
    codes = {r.iso2: r.iso3 for r in names.itertuples() if r.iso2}
    codes["TP"] = "TLS"  # East Timor's former ISO code, still used by the vote and treaty files
    return codes


def test_gcm_tallies(conn: Connection) -> None:
    raw = pd.read_csv(VOTES / "unvotes_un_votes.csv", keep_default_na=False)
    recorded = raw.loc[raw["rcid"] == 6140, "vote"].value_counts().to_dict()
    assert recorded == {"yes": 152, "no": 5, "abstain": 12}  # MANIFEST, the official record
    result = roll_call_votes(conn, "A/RES/73/195")
    assert result.rcid == 6140
    assert str(result.date) == "2018-12-19"
    assert result.tallies == {"yes": 152, "no": 5, "abstain": 12, "non-voting": 24}
    assert sum(result.tallies.values()) == 193


def test_gcm_named_no_and_abstain(conn: Connection) -> None:
    raw = pd.read_csv(VOTES / "unvotes_un_votes.csv", keep_default_na=False)
    gcm = raw[raw["rcid"] == 6140]
    codes = iso2_to_iso3()
    result = roll_call_votes(conn, "A/RES/73/195")
    for vote, names in (("no", NO), ("abstain", ABSTAIN)):
        expected = {codes[c] for c in gcm.loc[gcm["vote"] == vote, "country_code"]}
        got = {v.country for v in result.votes if v.vote == vote}
        assert got == expected
        assert len(names) == len(got)
    names = {v.name for v in result.votes if v.vote == "no"}
    assert {"Czechia", "Hungary", "Israel", "Poland"} <= names
    assert any("United States" in n for n in names)


def test_serbia_is_recorded_from_yugoslavia(conn: Connection) -> None:
    raw = pd.read_csv(VOTES / "unvotes_un_votes.csv", keep_default_na=False)
    yu = raw[(raw["rcid"] == 6140) & (raw["country_code"] == "YU")]
    assert len(yu) == 1 and yu["vote"].iloc[0] == "yes"
    serbia = next(v for v in roll_call_votes(conn, "A/RES/73/195").votes if v.country == "SRB")
    assert serbia.vote == "yes"
    assert serbia.note is not None and "YU" in serbia.note
    assert not any(v.country == "YUG" for v in roll_call_votes(conn, "A/RES/73/195").votes)


def test_gcm_vote_agrees_with_the_derived_table_row_by_row(conn: Connection) -> None:
    table = pd.read_csv(VOTES / "gcm_A_RES_73_195_votes.csv", keep_default_na=False)
    assert len(table) == 193
    codes = iso2_to_iso3()
    expected = {
        codes[r.country_code]: (r.vote if r.vote in ("yes", "no", "abstain") else "non-voting")
        for r in table.itertuples()
    }
    assert "NAM" in expected  # "NA" stays Namibia
    result = roll_call_votes(conn, "A/RES/73/195")
    assert {v.country: v.vote for v in result.votes} == expected


def test_every_vote_and_roll_call_is_loaded(conn: Connection) -> None:
    calls = pd.read_csv(VOTES / "unvotes_un_roll_calls.csv", keep_default_na=False)
    with (VOTES / "unvotes_un_votes.csv").open(encoding="utf-8") as handle:
        n_votes = sum(1 for _ in handle) - 1
    assert conn.execute(select(func.count()).select_from(roll_calls)).scalar() == len(calls)
    assert conn.execute(select(func.count()).select_from(votes)).scalar() == n_votes == 869_937
