"""UN DESA International Migrant Stock: every edition's figures as published, to the person.

Expected values come from the raw bundle files (or MANIFEST.md's published figures), never
from the code under test; each edition is read alone, never mixed with another.
"""

from __future__ import annotations

from functools import cache

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import Connection, func, select

from commonground.analysis.stock import published_total, stock
from commonground.evidence.store.tables import areas, migrant_stock, stock_totals
from tests.conftest import DATA_DIR

UNDESA = DATA_DIR / "undesa_ims"
WIDE_2017 = UNDESA / "UN_MigrantStockByOriginAndDestination_2017_Table1_renamed.csv"

# Rows of the 2017 table that are aggregates: UN DESA's groups, the six regions in capitals
# and their subregions (the first "Micronesia" of each year is the subregion).
AGGREGATES_2017 = {
    "WORLD",
    "More developed regions",
    "Less developed regions",
    "Least developed countries",
    "Less developed regions excluding least developed countries",
    "High-income countries",
    "Middle-income countries",
    "Upper-middle-income countries",
    "Lower-middle-income countries",
    "Low-income countries",
    "Sub-Saharan Africa",
    "AFRICA",
    "ASIA",
    "EUROPE",
    "LATIN AMERICA AND THE CARIBBEAN",
    "NORTHERN AMERICA",
    "OCEANIA",
    "Eastern Africa",
    "Middle Africa",
    "Northern Africa",
    "Southern Africa",
    "Western Africa",
    "Central Asia",
    "Eastern Asia",
    "Southern Asia",
    "South-Eastern Asia",
    "Western Asia",
    "Eastern Europe",
    "Northern Europe",
    "Southern Europe",
    "Western Europe",
    "Caribbean",
    "Central America",
    "South America",
    "Australia/New Zealand",
    "Melanesia",
    "Polynesia",
}


def number(text: str) -> int:
    return int(text.replace(",", "").strip() or 0)


@cache
def wide_2017() -> pd.DataFrame:
    frame = pd.read_csv(WIDE_2017, dtype=str, keep_default_na=False)
    return frame[frame["Year"].str.strip() != ""]


@cache
def long_file(edition: int) -> pd.DataFrame:
    path = UNDESA / f"undesa_ims{edition}_stock_by_destination_origin_sex_long.csv"
    return pd.read_csv(path, keep_default_na=False, dtype={"stock": "int64", "year": "int64"})


@cache
def workbook_world(name: str, header_row: int, years_row: int) -> dict[int, int]:
    """The WORLD row (location code 900) of Table 1, both sexes, by year."""
    book = openpyxl.load_workbook(UNDESA / name, read_only=True, data_only=True)
    rows = list(book["Table 1"].iter_rows(values_only=True))
    book.close()
    years = rows[years_row - 1]
    world = next(r for r in rows[header_row:] if r[3] == 900)
    # The both-sexes block is the first run of years after the label columns.
    first = next(j for j, y in enumerate(years) if isinstance(y, int) and y >= 1990)
    out: dict[int, int] = {}
    for j in range(first, len(years)):
        if not isinstance(years[j], int) or years[j] in out:
            break
        out[years[j]] = int(world[j])
    return out


def world_2017() -> dict[int, int]:
    frame = wide_2017()
    world = frame[frame["MajorArea"] == "WORLD"]
    return {int(y): number(t) for y, t in zip(world["Year"], world["Total"], strict=True)}


# 2017 edition ------------------------------------------------------------------------------


def test_2017_world_total_for_every_year_equals_the_world_row(conn: Connection) -> None:
    expected = world_2017()
    assert expected[2017] == 257_715_425  # MANIFEST: the "258 million" check figure
    assert sorted(expected) == [1990, 1995, 2000, 2005, 2010, 2015, 2017]
    for year, total in expected.items():
        assert published_total(conn, "undesa-ims-2017", year) == total
        assert stock(conn, edition="2017", year=year).summary.total == total


def test_2017_country_rows_add_up_to_the_world_row(conn: Connection) -> None:
    frame = wide_2017()
    expected = world_2017()
    for year, total in expected.items():
        rows = frame[frame["Year"] == str(year)]
        micronesia = rows.index[rows["MajorArea"] == "Micronesia"]
        countries = rows[~rows["MajorArea"].isin(AGGREGATES_2017) & (rows.index != micronesia[0])]
        assert sum(number(t) for t in countries["Total"]) == total
        stored = conn.execute(
            select(func.sum(stock_totals.c.stock))
            .join(areas, areas.c.code == stock_totals.c.area)
            .where(
                stock_totals.c.source_id == "undesa-ims-2017",
                stock_totals.c.year == year,
                areas.c.kind != "aggregate",
            )
        ).scalar()
        assert stored == total


def test_2017_world_row_by_origin_equals_the_corridors_summed(conn: Connection) -> None:
    """Each origin column of the WORLD row, Other North and Other South included."""
    frame = wide_2017()
    world = frame[(frame["MajorArea"] == "WORLD") & (frame["Year"] == "2017")].iloc[0]
    by_origin = stock(conn, edition="2017", year=2017, group_by="origin")
    got = {r["origin_name"]: r["stock"] for r in by_origin.rows}
    assert got["Other North"] == number(world["Other North"]) == 3_518_539
    assert got["Other South"] == number(world["Other South"]) == 7_041_702
    assert got["India"] == number(world["India"])
    assert got["Mexico"] == number(world["Mexico"])
    origins = [c for c in frame.columns if c not in ("Year", "MajorArea", "Total")]
    assert (
        by_origin.summary.total == sum(number(world[c]) for c in origins) == number(world["Total"])
    )


def test_2017_corridors_equal_the_raw_cells(conn: Connection) -> None:
    frame = wide_2017()
    usa = frame[(frame["MajorArea"] == "USA") & (frame["Year"] == "2017")].iloc[0]
    result = stock(conn, edition="2017", year=2017, destination="USA", origin="MEX")
    assert result.summary.total == number(usa["Mexico"])
    germany = frame[(frame["MajorArea"] == "Germany") & (frame["Year"] == "2015")].iloc[0]
    result = stock(conn, edition="2017", year=2015, destination="DEU", origin="TUR")
    assert result.summary.total == number(germany["Turkey"])
    assert result.rows[0]["source_id"] == "undesa-ims-2017"


def test_2017_micronesia_region_and_country_are_kept_apart(conn: Connection) -> None:
    """The file names both the subregion and the country "Micronesia", region first."""
    frame = wide_2017()
    rows = frame[(frame["MajorArea"] == "Micronesia") & (frame["Year"] == "2017")]
    region, country = rows.iloc[0], rows.iloc[1]
    assert number(region["Total"]) > number(country["Total"])
    assert published_total(conn, "undesa-ims-2017", 2017, "micronesia-region") == number(
        region["Total"]
    )
    assert published_total(conn, "undesa-ims-2017", 2017, "FSM") == number(country["Total"])
    query = select(areas.c.code, areas.c.kind).where(areas.c.code.in_(["FSM", "micronesia-region"]))
    kinds = {code: kind for code, kind in conn.execute(query)}
    assert kinds == {"FSM": "country", "micronesia-region": "aggregate"}
    origins = [c for c in frame.columns if c not in ("Year", "MajorArea", "Total")]
    column = max(origins, key=lambda c: number(country[c]))
    into_fsm = stock(conn, edition="2017", year=2017, destination="FSM", group_by="origin")
    assert {r["origin_name"]: r["stock"] for r in into_fsm.rows}[column] == number(country[column])
    assert into_fsm.summary.total == number(country["Total"])


# 2019 edition ------------------------------------------------------------------------------


def test_2019_world_total_for_every_year_equals_table_1() -> None:
    expected = workbook_world("UN_MigrantStockTotal_2019.xlsx", 15, 16)
    assert expected[2019] == 271_642_105  # MANIFEST
    assert expected[2015] == 248_861_296
    assert expected[1990] == 153_011_473


def test_2019_world_total_is_stored_and_served_as_published(conn: Connection) -> None:
    expected = workbook_world("UN_MigrantStockTotal_2019.xlsx", 15, 16)
    assert sorted(expected) == [1990, 1995, 2000, 2005, 2010, 2015, 2019]
    for year, total in expected.items():
        assert published_total(conn, "undesa-ims-2019", year) == total
        assert stock(conn, edition="2019", year=year).summary.total == total


# 2020 edition ------------------------------------------------------------------------------


def test_2020_world_total_for_every_year_equals_the_raw_long_file(conn: Connection) -> None:
    expected = long_file(2020).groupby("year")["stock"].sum().to_dict()
    assert expected[1990] == 152_986_157  # MANIFEST: official Table 1
    assert expected[2020] == 280_598_105
    for year, total in expected.items():
        assert stock(conn, edition="2020", year=year).summary.total == total


def test_2020_long_file_and_destination_workbook_agree(conn: Connection) -> None:
    long_totals = long_file(2020).groupby("year")["stock"].sum().to_dict()
    workbook = workbook_world("undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx", 11, 11)
    assert workbook == long_totals
    for year, total in workbook.items():
        assert published_total(conn, "undesa-ims-2020-destination", year) == total
        assert stock(conn, edition="undesa-ims-2020-destination", year=year).summary.total == total


def test_2020_usa_and_mexico_to_usa(conn: Connection) -> None:
    raw = long_file(2020)
    in_2020 = raw[(raw["year"] == 2020) & (raw["destination_iso3"] == "USA")]
    assert stock(conn, edition="2020", year=2020, destination="USA").summary.total == int(
        in_2020["stock"].sum()
    )
    assert int(in_2020["stock"].sum()) == 50_632_836  # MANIFEST
    mexico = int(in_2020.loc[in_2020["origin_iso3"] == "MEX", "stock"].sum())
    assert mexico == 10_853_105
    assert (
        stock(conn, edition="2020", year=2020, destination="USA", origin="MEX").summary.total
        == mexico
    )


# 2024 edition ------------------------------------------------------------------------------


def test_2024_world_total_for_every_year_equals_the_raw_long_file(conn: Connection) -> None:
    expected = long_file(2024).groupby("year")["stock"].sum().to_dict()
    assert expected[2024] == 304_021_813  # MANIFEST
    assert expected[2020] == 275_284_032  # the 2024 revision of 2020, not the 2020 edition
    assert sorted(expected) == [1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024]
    for year, total in expected.items():
        assert stock(conn, edition="2024", year=year).summary.total == total


def test_2024_women_and_men(conn: Connection) -> None:
    raw = long_file(2024)
    raw = raw[raw["year"] == 2024]
    women = int(raw.loc[raw["sex"] == "female", "stock"].sum())
    men = int(raw.loc[raw["sex"] == "male", "stock"].sum())
    assert round(women / 1e6, 1) == 146.0  # MANIFEST: 146.0 M, 48.0 %
    served = stock(conn, edition="2024", year=2024, sex="female").summary.total
    assert served == women
    assert round(served / (women + men) * 100, 1) == 48.0
    assert stock(conn, edition="2024", year=2024, sex="male").summary.total == men


def test_2024_mexico_to_usa(conn: Connection) -> None:
    raw = long_file(2024)
    cell = raw[
        (raw["year"] == 2024) & (raw["destination_iso3"] == "USA") & (raw["origin_iso3"] == "MEX")
    ]
    expected = int(cell["stock"].sum())
    assert round(expected / 1e6, 2) == 11.28  # MANIFEST
    assert (
        stock(conn, edition="2024", year=2024, destination="USA", origin="MEX").summary.total
        == expected
    )


# all editions ------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", [2020, 2024])
def test_unknown_origin_is_kept_as_an_aggregate_not_a_country(
    conn: Connection, edition: int
) -> None:
    raw = long_file(edition)
    unknown = int(raw.loc[(raw["origin_iso3"] == "OOO") & (raw["year"] == 2020), "stock"].sum())
    result = stock(conn, edition=str(edition), year=2020, group_by="origin")
    assert {r["origin"]: r["stock"] for r in result.rows}["OOO"] == unknown
    kind = conn.execute(select(areas.c.kind).where(areas.c.code == "OOO")).scalar()
    assert kind == "aggregate"


def test_no_region_or_group_is_stored_as_a_destination_of_a_corridor(conn: Connection) -> None:
    """Regions and groups of the 2017 table are totals, never corridors into a 'country'.

    The World Bank matrix alone has aggregate destinations: its Other North and Other South
    columns, kept as the aggregates they are.
    """
    found = conn.execute(
        select(migrant_stock.c.source_id, migrant_stock.c.destination)
        .distinct()
        .join(areas, areas.c.code == migrant_stock.c.destination)
        .where(areas.c.kind == "aggregate")
        .order_by(migrant_stock.c.source_id, migrant_stock.c.destination)
    ).all()
    assert [tuple(r) for r in found] == [
        ("wb-migrant-stock-2017", "other-north"),
        ("wb-migrant-stock-2017", "other-south"),
    ]
