"""GET /api/stock: each edition's figures, as the raw files give them."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from tests.api import raw
from tests.api.test_errors import assert_error_shape

LONG = {"2024": raw.STOCK_2024, "2020": raw.STOCK_2020}
# World totals the MANIFEST and the publisher print, to the person.
PUBLISHED_WORLD = {
    ("2024", 2024): 304_021_813,
    ("2020", 2020): 280_598_105,
    ("2020", 1990): 152_986_157,
    ("2019", 2019): 271_642_105,
    ("2019", 2015): 248_861_296,
    ("2017", 2017): 257_715_425,
    ("2017", 1990): 152_542_373,
}


def get(client: TestClient, query: str) -> dict[str, Any]:
    response = client.get(f"/api/stock?limit=10000&{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def world_by_year(edition: str) -> dict[int, int]:
    """Each year's world total, from the raw file of the edition."""
    if edition in LONG:
        frame = raw.long_stock(LONG[edition])
        return {int(y): int(v) for y, v in frame.groupby("year")["stock"].sum().items()}
    if edition == "2019":
        return raw.table1_2019(900)
    table = raw.table_2017()
    world = table[table["MajorArea"] == "WORLD"]
    return {int(y): raw.number(t) or 0 for y, t in zip(world["Year"], world["Total"], strict=True)}


@pytest.mark.parametrize("edition", ["2017", "2019", "2020", "2024"])
def test_world_total_for_every_year_of_every_edition(client: TestClient, edition: str) -> None:
    expected = world_by_year(edition)
    first = get(client, f"edition={edition}&limit=1")
    assert first["meta"]["years_available"] == sorted(expected)
    for year, total in expected.items():
        body = get(client, f"edition={edition}&year={year}&limit=1")
        assert body["meta"]["total"] == total, (edition, year)
        if (edition, year) in PUBLISHED_WORLD:
            assert total == PUBLISHED_WORLD[(edition, year)]


def test_default_is_the_latest_edition_and_year(client: TestClient) -> None:
    body = get(client, "")
    assert body["meta"]["source_id"] == "undesa-ims-2024"
    assert body["meta"]["year"] == 2024
    assert body["sources"][0]["edition"] == "2024"
    assert body["meta"]["total"] == 304_021_813


@pytest.mark.parametrize(("edition", "year"), [("2024", 2024), ("2020", 2005)])
def test_by_destination_equals_the_raw_file(client: TestClient, edition: str, year: int) -> None:
    frame = raw.long_stock(LONG[edition])
    expected = frame[frame["year"] == year].groupby("destination_iso3")["stock"].sum()
    body = get(client, f"edition={edition}&year={year}")
    got = {r["destination"]: r["stock"] for r in body["data"]}
    assert got == {k: int(v) for k, v in expected.items() if v}
    usa = next(r for r in body["data"] if r["destination"] == "USA")
    assert usa["destination_name"] == "United States"
    assert usa["share"] == pytest.approx(usa["stock"] / body["meta"]["total"])


@pytest.mark.parametrize("sex", ["female", "male"])
def test_by_sex_equals_the_raw_file(client: TestClient, sex: str) -> None:
    frame = raw.long_stock(raw.STOCK_2024)
    part = frame[(frame["year"] == 2024) & (frame["sex"] == sex)]
    body = get(client, f"sex={sex}&destination=DEU")
    assert body["meta"]["total"] == part[part["destination_iso3"] == "DEU"]["stock"].sum()
    everywhere = get(client, f"sex={sex}&limit=1")
    assert everywhere["meta"]["total"] == part["stock"].sum()


def test_women_are_48_percent_in_2024(client: TestClient) -> None:
    female = get(client, "sex=female&limit=1")["meta"]["total"]
    assert round(female / 1e6, 1) == 146.0
    assert round(100 * female / 304_021_813, 1) == 48.0


def test_by_origin_equals_the_raw_file_and_keeps_unknown_origin(client: TestClient) -> None:
    frame = raw.long_stock(raw.STOCK_2024)
    expected = frame[frame["year"] == 2024].groupby("origin_iso3")["stock"].sum()
    body = get(client, "group_by=origin")
    got = {r["origin"]: r["stock"] for r in body["data"]}
    assert got == {k: int(v) for k, v in expected.items() if v}
    assert "OOO" in got


@pytest.mark.parametrize(
    ("edition", "year", "expected"),
    [("2024", 2024, 11_279_561), ("2020", 2020, 10_853_105), ("2017", 2017, None)],
)
def test_a_corridor_equals_the_raw_file(
    client: TestClient, edition: str, year: int, expected: int | None
) -> None:
    if expected is None:  # the 2017 table: the "USA" row, "Mexico" column
        table = raw.table_2017()
        row = table[(table["Year"] == str(year)) & (table["MajorArea"] == "USA")].iloc[0]
        expected = raw.number(row["Mexico"])
    else:
        frame = raw.long_stock(LONG[edition])
        pick = frame[
            (frame["year"] == year)
            & (frame["origin_iso3"] == "MEX")
            & (frame["destination_iso3"] == "USA")
        ]
        assert pick["stock"].sum() == expected
    body = get(client, f"edition={edition}&group_by=corridor&origin=MEX&destination=USA")
    [row] = body["data"]
    assert (row["origin"], row["destination"], row["stock"]) == ("MEX", "USA", expected)
    assert body["meta"]["filters"] == {"origin": "MEX", "destination": "USA"}


def test_corridors_of_a_destination_sum_to_its_stock(client: TestClient) -> None:
    corridors = get(client, "group_by=corridor&destination=Germany")["data"]
    total = get(client, "destination=DEU")["data"][0]["stock"]
    assert sum(r["stock"] for r in corridors) == total
    assert {r["destination"] for r in corridors} == {"DEU"}


def m49_attribute(column: str) -> dict[str, str]:
    return {iso3: row[column] for iso3, row in raw.countrynames().items()}


def test_by_region_of_destination_equals_the_raw_file(client: TestClient) -> None:
    frame = raw.long_stock(raw.STOCK_2024)
    frame = frame[frame["year"] == 2024]
    regions = frame["destination_iso3"].map(m49_attribute("region"))
    expected = frame.groupby(regions)["stock"].sum()
    body = get(client, "group_by=region")
    got = {r["destination_region"]: r["stock"] for r in body["data"]}
    assert got == {k: int(v) for k, v in expected.items()}


def development_groups() -> dict[str, str]:
    """ISO3 -> more/less developed, joining the M49 file to the 2019 ANNEX on the M49 code."""
    by_m49 = raw.annex_groups()
    return {
        iso3: by_m49[row["m49"]] for iso3, row in raw.countrynames().items() if row["m49"] in by_m49
    }


@pytest.mark.parametrize("side", ["destination", "origin"])
def test_by_development_group_equals_the_raw_file(client: TestClient, side: str) -> None:
    frame = raw.long_stock(raw.STOCK_2024)
    frame = frame[frame["year"] == 2024]
    groups = frame[f"{side}_iso3"].map(development_groups())
    expected = frame.groupby(groups)["stock"].sum()
    body = get(client, f"group_by=development_group&side={side}")
    got = {r[f"{side}_development_group"]: r["stock"] for r in body["data"]}
    for group in ("more developed", "less developed"):
        assert got[group] == expected[group]
    assert sum(got.values()) == 304_021_813


def test_2017_development_groups_equal_its_own_group_rows(client: TestClient) -> None:
    table = raw.table_2017()
    rows = table[table["Year"] == "2017"].set_index("MajorArea")["Total"]
    body = get(client, "edition=2017&group_by=development_group")
    got = {r["destination_development_group"]: r["stock"] for r in body["data"]}
    assert got["more developed"] == raw.number(rows["More developed regions"])
    assert got["less developed"] == raw.number(rows["Less developed regions"])


INCOME = {
    "High-income Countries": "high income",
    "Upper-middle-income Countries": "upper-middle income",
    "Lower-middle-income Countries": "lower-middle income",
    "Low-income Countries": "low income",
}


def test_by_income_group_of_origin_equals_the_raw_file(client: TestClient) -> None:
    annex = raw.csv(raw.ANNEX)
    group_of_m49 = {}
    for column, name in INCOME.items():
        for m49 in annex.loc[annex[column] == "1", "m49"]:
            group_of_m49[str(int(m49))] = name
    iso3_group = {
        iso3: group_of_m49[row["m49"]]
        for iso3, row in raw.countrynames().items()
        if row["m49"] in group_of_m49
    }
    frame = raw.long_stock(raw.STOCK_2024)
    frame = frame[frame["year"] == 2024]
    expected = frame.groupby(frame["origin_iso3"].map(iso3_group))["stock"].sum()
    body = get(client, "group_by=income_group&side=origin")
    got = {r["origin_income_group"]: r["stock"] for r in body["data"]}
    for name in INCOME.values():
        assert got[name] == expected[name], name


def test_a_year_the_edition_lacks_is_422_listing_its_years(client: TestClient) -> None:
    response = client.get("/api/stock?edition=2024&year=2019")
    assert response.status_code == 422
    body = response.json()
    assert_error_shape(body, 422)
    years = sorted(pd.unique(raw.long_stock(raw.STOCK_2024)["year"]))
    assert body["errors"][0]["allowed"] == [str(y) for y in years]
    assert ", ".join(map(str, years)) in body["error"]


def test_2019_gives_destinations_as_published(client: TestClient) -> None:
    body = get(client, "edition=2019")
    assert body["meta"]["total"] == raw.table1_2019(900)[2019]
    usa = next(r for r in body["data"] if r["destination"] == "USA")
    assert usa["stock"] == raw.table1_2019(840)[2019] == 50_661_149
    assert body["sources"][0]["file"] == raw.STOCK_2019


@pytest.mark.parametrize(
    "query",
    [
        "group_by=origin",
        "group_by=corridor",
        "origin=MEX",
        "group_by=region&side=origin",
    ],
)
def test_2019_refuses_origins_with_a_clear_message(client: TestClient, query: str) -> None:
    response = client.get(f"/api/stock?edition=2019&{query}")
    assert response.status_code == 422
    body = response.json()
    assert_error_shape(body, 422)
    assert "destination only" in body["error"]
    assert "2020" in body["error"] and "2024" in body["error"]


def test_a_destination_by_name_is_the_same_as_by_code(client: TestClient) -> None:
    by_code = get(client, "edition=2020&destination=USA")
    by_name = get(client, "edition=2020&destination=United States of America")
    by_m49 = get(client, "edition=2020&destination=840")
    assert by_code["data"] == by_name["data"] == by_m49["data"]
    assert by_code["data"][0]["stock"] == 50_632_836
