"""GET /api/countries and /api/countries/{code}: codes and classifications from the M49 file."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api import raw
from tests.api.test_errors import assert_error_shape


@pytest.fixture(scope="module")
def countries(client: TestClient) -> dict[str, dict[str, Any]]:
    body = client.get("/api/countries?limit=1000").json()
    return {r["iso3"]: r for r in body["data"]}


# Rows of the M49 file that name no place: they are aggregates, never countries.
NOT_PLACES = {"Unknown", "Stateless", "Unidentified Sub-Saharan Africa"}


def m49_countries() -> dict[str, dict[str, str]]:
    """Rows of the M49 file that are countries or areas."""
    return {k: r for k, r in raw.countrynames().items() if r["name"] not in NOT_PLACES}


def test_every_country_of_the_m49_file_is_listed_with_its_codes(
    countries: dict[str, dict[str, Any]],
) -> None:
    expected = m49_countries()
    assert set(expected) <= set(countries)
    for iso3, row in expected.items():
        got = countries[iso3]
        assert (got["iso2"] or "") == row["iso2"], iso3
        assert str(got["m49"] or "") == row["m49"], iso3
        assert got["region"] == (row["region"] or None), iso3


def test_un_members_are_the_193_of_the_treaty_files(client: TestClient) -> None:
    body = client.get("/api/countries?un_member=true&limit=1000").json()
    # The treaty files still give Timor-Leste its withdrawn code TP ("East Timor").
    members = {"TL" if c == "TP" else c for c in raw.treaty("icmw")["iso2"]}
    assert len(members) == 193
    assert body["total_rows"] == 193
    assert {r["iso2"] for r in body["data"]} == members


def test_development_groups_follow_the_2019_annex(countries: dict[str, dict[str, Any]]) -> None:
    groups = raw.annex_groups()
    by_m49 = {str(r["m49"]): r for r in countries.values() if r["m49"] is not None}
    for m49, group in groups.items():
        assert by_m49[m49]["development_group"] == group, m49
    assert sum(g == "more developed" for g in groups.values()) == 56


@pytest.mark.parametrize("code", ["NAM", "NA", "na", "516", "Namibia"])
def test_one_country_by_iso3_iso2_m49_or_name(client: TestClient, code: str) -> None:
    response = client.get(f"/api/countries/{code}")
    assert response.status_code == 200
    body = response.json()
    row = raw.countrynames()["NAM"]
    assert body["data"]["iso3"] == "NAM"
    assert body["data"]["iso2"] == row["iso2"] == "NA"
    assert body["data"]["m49"] == int(row["m49"]) == 516
    assert body["data"]["name"] == row["name"] == "Namibia"
    assert body["data"]["region"] == row["region"]
    assert body["data"]["subregion"] == row["subregion"]
    assert body["data"]["un_member"] is True
    assert body["data"]["ldc"] is (row["ldc"] == "1")
    assert body["data"]["sids"] is (row["sids"] == "1")
    assert "m49-countrynames" in {s["id"] for s in body["sources"]}


def test_an_aggregate_is_not_a_country(client: TestClient) -> None:
    listed = client.get("/api/countries?limit=1000").json()["data"]
    assert "OOO" not in {r["code"] for r in listed}
    everything = client.get("/api/countries?include_aggregates=true&limit=1000").json()["data"]
    unknown = next(r for r in everything if r["code"] == "OOO")
    assert unknown["kind"] == "aggregate"
    assert unknown["iso3"] is None


def test_an_unknown_code_is_404_with_suggestions(client: TestClient) -> None:
    response = client.get("/api/countries/Namibai")
    assert response.status_code == 404
    body = response.json()
    assert_error_shape(body, 404)
    assert "Namibai" in body["error"]
    assert body["suggestions"][0] == "NAM (Namibia)"


def test_region_filter(client: TestClient) -> None:
    body = client.get("/api/countries?region=Africa&limit=1000").json()
    expected = {k for k, r in m49_countries().items() if r["region"] == "Africa"}
    assert {r["iso3"] for r in body["data"]} >= expected
    assert {r["region"] for r in body["data"]} == {"Africa"}


def test_a_country_reads_as_its_row_of_the_list_key_for_key(client: TestClient) -> None:
    listed = client.get("/api/countries?limit=1000").json()
    row = next(r for r in listed["data"] if r["iso3"] == "MAR")
    one = client.get("/api/countries/MAR").json()["data"]
    assert list(one.items()) == list(row.items())
    assert list(row) == listed["columns"]
    assert {"intregion", "iom_region", "name_sort", "note"} <= set(one)
