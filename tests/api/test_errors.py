"""The one error shape: {"ok": false, "status", "error", "errors"} for every failure."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

SHAPE = {"ok", "status", "error", "errors"}


def assert_error_shape(body: dict[str, Any], status: int) -> None:
    assert set(body) >= SHAPE, body
    assert body["ok"] is False
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["errors"], list)
    for item in body["errors"]:
        assert {"field", "message"} <= set(item)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/stock?year=1991", 422),
        ("/api/stock?edition=1999", 422),
        ("/api/stock?edition=2019&group_by=corridor", 422),
        ("/api/stock?group_by=planet", 422),
        ("/api/remittances?edition=inflows&group_by=corridor", 422),
        ("/api/displacement?population_type=tourist", 422),
        ("/api/missing-migrants?year=1990", 422),
        ("/api/countries/Atlantis", 404),
        ("/api/stock?destination=Atlantis", 404),
        ("/api/instruments/no-such-treaty/parties", 404),
        ("/api/votes/A/RES/99/999", 404),
        ("/api/no-such-resource", 404),
        ("/api/stock?limit=0", 422),
        ("/api/stock?sex=both", 422),
        ("/api/stock?year=last", 422),
        ("/api/instruments/icmw/parties?as_of=1200", 422),
        ("/api/gcm/objectives/24", 422),
    ],
)
def test_every_failure_has_the_one_error_shape(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert_error_shape(response.json(), status)


def test_a_bad_query_names_the_field_and_what_is_allowed(client: TestClient) -> None:
    body = client.get("/api/stock?edition=2020&year=2019").json()
    assert_error_shape(body, 422)
    [error] = body["errors"]
    assert error["field"] == "year"
    assert error["allowed"] == ["1990", "1995", "2000", "2005", "2010", "2015", "2020"]
    assert "2019" in body["error"]


def test_a_validation_error_names_each_parameter(client: TestClient) -> None:
    body = client.get("/api/stock?limit=0&offset=-1").json()
    assert_error_shape(body, 422)
    assert {e["field"] for e in body["errors"]} == {"limit", "offset"}


def test_an_unknown_country_offers_suggestions(client: TestClient) -> None:
    body = client.get("/api/countries/Germny").json()
    assert_error_shape(body, 404)
    assert body["suggestions"][0] == "DEU (Germany)"
    assert "Germany" in body["error"]
