"""North/South quadrants, hosts and growth, from the raw long files and the 2019 ANNEX."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import Connection

from commonground.analysis.quadrants import quadrants
from commonground.domain.errors import InvalidQuery
from tests.analysis import expected


def _groups(edition: str, year: int) -> dict[tuple[str, str], float]:
    frame = expected.corridors(edition, year).copy()
    dev = expected.development_by_iso3()
    frame["o"] = [
        "unknown origin" if c == "OOO" else dev.get(c, "not classified") for c in frame["origin"]
    ]
    frame["d"] = [dev.get(c, "not classified") for c in frame["destination"]]
    return {k: float(v) for k, v in frame.groupby(["o", "d"])["stock"].sum().items()}


def test_four_quadrants_in_2024(conn: Connection) -> None:
    result = quadrants(conn, edition="2024", year=2024)
    want = _groups("2024", 2024)
    got = {
        (r["origin_group"], r["destination_group"]): r["stock"] for r in result.tables["corridors"]
    }
    for quadrant in [
        ("North", "North"),
        ("North", "South"),
        ("South", "North"),
        ("South", "South"),
    ]:
        assert got[quadrant] == want[quadrant]
    assert got[("unknown origin", "North")] == want[("unknown origin", "North")]
    assert sum(got.values()) == result.summary.world == 304_021_813


def test_share_hosted_by_each_group(conn: Connection) -> None:
    result = quadrants(conn, edition="2020", year=2020)
    want = _groups("2020", 2020)
    north = sum(v for (_, d), v in want.items() if d == "North")
    hosted = {r["destination_group"]: r for r in result.tables["hosted"]}
    assert hosted["North"]["stock"] == north
    assert hosted["North"]["share_of_world"] == pytest.approx(north / 280_598_105)


def test_growth_between_two_years(conn: Connection) -> None:
    result = quadrants(conn, edition="2020", year=2020, since=1990)
    before, after = _groups("2020", 1990), _groups("2020", 2020)
    row = next(
        r
        for r in result.tables["growth"]
        if (r["origin_group"], r["destination_group"]) == ("South", "South")
    )
    key = ("South", "South")
    assert row["stock_1990"] == before[key] and row["stock_2020"] == after[key]
    assert row["annual_rate"] == pytest.approx(math.log(after[key] / before[key]) / 30)


def test_by_region(conn: Connection) -> None:
    result = quadrants(conn, edition="2024", year=2024, by="region")
    frame = expected.corridors("2024", 2024)
    region = {k: r["region"] for k, r in expected.raw.countrynames().items()}
    inside_asia = frame[
        frame["origin"].map(region).eq("Asia") & frame["destination"].map(region).eq("Asia")
    ]["stock"].sum()
    got = {
        (r["origin_group"], r["destination_group"]): r["stock"] for r in result.tables["corridors"]
    }
    assert got[("Asia", "Asia")] == inside_asia


def test_year_outside_the_edition(conn: Connection) -> None:
    with pytest.raises(InvalidQuery, match="1990, 1995, 2000, 2005, 2010, 2015, 2017"):
        quadrants(conn, edition="2017", year=2020)
    with pytest.raises(InvalidQuery, match="totals by destination only"):
        quadrants(conn, edition="2019")


def test_2017_groups_as_the_edition_publishes_them(conn: Connection) -> None:
    table = expected.raw.table_2017()
    rows = table[table["Year"] == "2017"].set_index("MajorArea")
    result = quadrants(conn, edition="2017", year=2017)
    hosted = {r["destination_group"]: r["stock"] for r in result.tables["hosted"]}
    for label, row in (("North", "More developed regions"), ("South", "Less developed regions")):
        published = expected.raw.number(rows.loc[row, "Total"])
        assert hosted[label] == published == result.summary.figures()[f"published_hosted_{label}"]
    # Other North / Other South origins count on their side: nothing is left unassigned.
    origins = {r["origin_group"] for r in result.tables["corridors"]}
    assert origins == {"North", "South"}
