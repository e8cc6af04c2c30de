"""GET /api/votes/{resolution}: the GCM vote, A/RES/73/195, against the raw vote files."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api import raw
from tests.api.test_errors import assert_error_shape

GCM_RCID = 6140


def get(client: TestClient, resolution: str) -> dict[str, Any]:
    response = client.get(f"/api/votes/{resolution}?limit=1000")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def iso2_to_iso3() -> dict[str, str]:
    return {row["iso2"]: iso3 for iso3, row in raw.countrynames().items() if row["iso2"]}


def derived_gcm_votes() -> dict[str, str]:
    """ISO3 -> vote from the derived 193-member table ("non-voting (derived)" -> non-voting).

    The treaty-derived member list gives Timor-Leste its withdrawn code TP.
    """
    codes = iso2_to_iso3() | {"TP": "TLS"}
    frame = raw.csv(raw.GCM_VOTES)
    return {
        codes[r["country_code"]]: "non-voting" if r["vote"].startswith("non-voting") else r["vote"]
        for r in frame.to_dict("records")
    }


@pytest.mark.parametrize("resolution", ["A/RES/73/195", "73/195", "R/73/195", str(GCM_RCID)])
def test_the_gcm_vote_by_any_name(client: TestClient, resolution: str) -> None:
    body = get(client, resolution)
    assert body["meta"]["rcid"] == GCM_RCID
    assert body["meta"]["resolution"] == "A/RES/73/195"
    assert body["meta"]["date"] == "2018-12-19"
    assert body["meta"]["tallies"] == {"yes": 152, "no": 5, "abstain": 12, "non-voting": 24}
    assert body["total_rows"] == 193


def test_each_members_vote_equals_the_raw_files(client: TestClient) -> None:
    body = get(client, "A/RES/73/195")
    got = {r["country"]: r["vote"] for r in body["data"]}
    assert got == derived_gcm_votes()
    recorded = raw.csv(raw.UN_VOTES)
    recorded = recorded[recorded["rcid"] == str(GCM_RCID)]
    codes = iso2_to_iso3() | {"YU": "SRB"}  # unvotes still codes Serbia as Yugoslavia
    cast = {codes[r["country_code"]]: r["vote"] for r in recorded.to_dict("records")}
    assert {c: v for c, v in got.items() if v != "non-voting"} == cast
    assert len(cast) == 169


def test_the_no_votes_and_abstentions_are_the_published_ones(client: TestClient) -> None:
    body = get(client, "A/RES/73/195")
    no = {r["name"] for r in body["data"] if r["vote"] == "no"}
    assert no == {"Czechia", "Hungary", "Israel", "Poland", "United States"}
    abstain = {r["country"] for r in body["data"] if r["vote"] == "abstain"}
    assert abstain == {
        "DZA", "AUS", "AUT", "BGR", "CHL", "ITA", "LVA", "LBY", "LIE", "ROU", "SGP", "CHE",
    }  # fmt: skip
    serbia = next(r for r in body["data"] if r["country"] == "SRB")
    assert serbia["vote"] == "yes"


def test_votes_cite_the_roll_call_source(client: TestClient) -> None:
    body = get(client, "A/RES/73/195")
    assert {s["id"] for s in body["sources"]} >= {r["source_id"] for r in body["data"]}
    assert any(s["file"] == raw.UN_VOTES for s in body["sources"])


def test_a_resolution_without_a_recorded_vote_is_404(client: TestClient) -> None:
    response = client.get("/api/votes/A/RES/73/999")
    assert response.status_code == 404
    assert_error_shape(response.json(), 404)
    assert "A/RES/73/999" in response.json()["error"]
