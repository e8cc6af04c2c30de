"""GET /api/missing-migrants: IOM incidents by year, country and route, against the raw file."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from tests.api import raw


def incidents() -> pd.DataFrame:
    frame = raw.csv(raw.MISSING).copy()
    frame["dead_and_missing"] = pd.to_numeric(frame["dead_and_missing"])
    frame["year"] = frame["incident_date"].str[:4].astype(int)
    return frame


def get(client: TestClient, query: str) -> dict[str, Any]:
    response = client.get(f"/api/missing-migrants?limit=10000&{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_by_year_equals_the_raw_file(client: TestClient) -> None:
    frame = incidents()
    dead = frame.groupby("year")["dead_and_missing"].sum()
    count = frame.groupby("year").size()
    body = get(client, "")
    got = {r["year"]: (r["incidents"], r["dead_and_missing"]) for r in body["data"]}
    assert got == {int(y): (int(count[y]), int(dead[y])) for y in dead.index}
    assert body["meta"]["total"] == frame["dead_and_missing"].sum()
    assert sum(n for n, _ in got.values()) == 19_669


@pytest.mark.parametrize(("year", "thousands"), [(2023, 8.8), (2024, 9.2)])
def test_yearly_totals_are_the_published_ones(
    client: TestClient, year: int, thousands: float
) -> None:
    body = get(client, f"year={year}")
    assert round(body["meta"]["total"] / 1000, 1) == thousands


def test_by_route_equals_the_raw_file(client: TestClient) -> None:
    frame = incidents()
    part = frame[frame["year"] == 2023]
    expected = part.groupby("route")["dead_and_missing"].sum()
    body = get(client, "year=2023&group_by=route")
    got = {r["route"]: r["dead_and_missing"] for r in body["data"] if r["route"]}
    assert got == {k: int(v) for k, v in expected.items() if k}


def test_by_country_of_incident_equals_the_raw_file(client: TestClient) -> None:
    frame = incidents()
    part = frame[frame["incident_country_iso3"] == "LBY"]
    body = get(client, "country=Libya&group_by=year")
    assert body["meta"]["filters"] == {"country": "LBY"}
    assert body["meta"]["total"] == part["dead_and_missing"].sum()
    assert sum(r["incidents"] for r in body["data"]) == len(part)
