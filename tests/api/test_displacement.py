"""GET /api/displacement: UNHCR figures by asylum and origin, against the raw file."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from tests.api import raw
from tests.api.test_errors import assert_error_shape


def unhcr() -> pd.DataFrame:
    frame = raw.csv(raw.UNHCR).copy()
    frame["count"] = pd.to_numeric(frame["count"])
    return frame


def get(client: TestClient, query: str) -> dict[str, Any]:
    response = client.get(f"/api/displacement?limit=10000&{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_refugees_end_2023_are_the_global_trends_figure(client: TestClient) -> None:
    frame = unhcr()
    expected = frame[(frame["year"] == "2023") & (frame["group"] == "refugee")]["count"].sum()
    body = get(client, "year=2023")
    assert body["meta"]["total"] == expected
    assert round(expected / 1e6, 2) == 31.64
    assert body["sources"][0]["file"] == raw.UNHCR


@pytest.mark.parametrize(
    ("population_type", "group_by", "column"),
    [
        ("refugee", "asylum", "asylum_iso3"),
        ("refugee", "origin", "origin_iso3"),
        ("asylum", "asylum", "asylum_iso3"),
        ("stateless", "asylum", "asylum_iso3"),
    ],
)
def test_by_country_equals_the_raw_file(
    client: TestClient, population_type: str, group_by: str, column: str
) -> None:
    frame = unhcr()
    part = frame[(frame["year"] == "2022") & (frame["group"] == population_type)]
    expected = {k: int(v) for k, v in part.groupby(column)["count"].sum().items()}
    body = get(client, f"year=2022&population_type={population_type}&group_by={group_by}")
    got = {r[group_by]: r["count"] for r in body["data"]}
    assert got == {k: v for k, v in expected.items() if k in got}
    assert sum(got.values()) == sum(expected.values())


def test_a_corridor_equals_the_raw_file(client: TestClient) -> None:
    frame = unhcr()
    pick = frame[
        (frame["year"] == "2023")
        & (frame["group"] == "refugee")
        & (frame["origin_iso3"] == "SYR")
        & (frame["asylum_iso3"] == "TUR")
    ]
    body = get(client, "year=2023&group_by=corridor&origin=SYR&asylum=TUR")
    [row] = body["data"]
    assert (row["origin"], row["asylum"], row["count"]) == ("SYR", "TUR", pick["count"].sum())


def test_the_years_are_the_files(client: TestClient) -> None:
    years = sorted({int(y) for y in unhcr()["year"]})
    assert get(client, "limit=1")["meta"]["years_available"] == years
    body = client.get("/api/displacement?year=1980").json()
    assert_error_shape(body, 422)
    assert body["errors"][0]["allowed"] == [str(y) for y in years]
