"""Normative coverage: shares of the world's migrants under an instrument, from raw rows."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection

from commonground.analysis.coverage import coverage
from commonground.domain.errors import InvalidQuery, NotFound
from tests.analysis import expected
from tests.governance_raw import rows


def test_migrant_workers_convention_in_2020(conn: Connection) -> None:
    result = coverage(conn, "icmw", year=2020, edition="2024")
    corridors = expected.corridors("2024", 2020)
    # Parties in force at the end of 2020: a state that ratified late in 2020 is bound in 2021.
    parties = expected.icmw_in_force("2020-12-31")
    assert parties < expected.treaty_parties("icmw", 2020)
    world = corridors["stock"].sum()
    dest = corridors.loc[corridors["destination"].isin(parties), "stock"].sum()
    orig = corridors.loc[corridors["origin"].isin(parties), "stock"].sum()
    assert result.summary.world == world == 275_284_032
    assert result.summary.parties == len(parties)
    assert result.summary.destination_covered == dest
    assert result.summary.origin_covered == orig
    assert result.summary.both_covered == expected.inside_stock(corridors, parties)
    assert result.summary.destination_share == pytest.approx(dest / world)
    assert any(s.id == "undesa-ims-2024" for s in result.sources)
    assert any(s.id == "untc-status-icmw" for s in result.sources)


def test_series_takes_party_status_as_of_each_year(conn: Connection) -> None:
    series = coverage(conn, "icmw", edition="2020").tables["series"]
    assert [r["year"] for r in series] == [1990, 1995, 2000, 2005, 2010, 2015, 2020]
    for row in series:
        ratified = expected.treaty_parties("icmw", row["year"])
        # Parties in force: the ICMW entered into force on 1 July 2003, and for a later party
        # on the first day of the month after three months from its deposit.
        parties = expected.icmw_in_force(f"{row['year']}-12-31")
        corridors = expected.corridors("2020", row["year"])
        assert row["parties"] == len(parties)
        assert row["ratifications"] == len(ratified)
        assert (
            row["origin_covered"] == corridors.loc[corridors["origin"].isin(parties), "stock"].sum()
        )
        assert row["source_id"] == "undesa-ims-2020"


def test_largest_uncovered_corridor(conn: Connection) -> None:
    result = coverage(conn, "icmw", year=2024, top=3)
    corridors = expected.corridors("2024", 2024)
    parties = expected.icmw_in_force("2024-12-31")
    # Between states only: the unknown origin (OOO) is listed apart.
    outside = corridors[
        ~corridors["origin"].isin(parties)
        & ~corridors["destination"].isin(parties)
        & (corridors["origin"] != "OOO")
    ]
    top = outside.sort_values("stock", ascending=False).head(3)
    got = result.tables["uncovered_corridors"]
    assert [(r["origin"], r["destination"], r["stock"]) for r in got] == list(
        top[["origin", "destination", "stock"]].itertuples(index=False, name=None)
    )


def test_a_year_the_edition_does_not_cover_lists_the_years(conn: Connection) -> None:
    with pytest.raises(InvalidQuery) as error:
        coverage(conn, "icmw", year=2019, edition="2024")
    assert "2019" in str(error.value)
    assert "1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024" in str(error.value)


def test_an_instrument_with_no_party_data_is_unknown_not_zero(conn: Connection) -> None:
    with_actions = {r["instrument"] for r in rows("instrument_actions.csv")}
    without = sorted(r["id"] for r in rows("instruments.csv") if r["id"] not in with_actions)
    assert without, "the curated facts hold an instrument without state actions"
    result = coverage(conn, without[0])
    assert result.summary.destination_share is None
    assert result.summary.origin_covered is None
    assert any("no party data" in w for w in result.warnings)


def test_no_party_as_of_a_year_before_the_first_ratification(conn: Connection) -> None:
    result = coverage(conn, "cped", year=1990, edition="2020")
    assert result.summary.parties == 0
    assert result.summary.destination_covered == 0
    assert any("no state is a party" in w for w in result.warnings)


def test_unknown_instrument_suggests(conn: Connection) -> None:
    with pytest.raises(NotFound) as error:
        coverage(conn, "icmv")
    assert "icmw" in str(error.value)
