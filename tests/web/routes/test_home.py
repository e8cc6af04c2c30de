"""The home page and its map layers over plain HTTP."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

LAYERS = ("immigrants", "immigrant-share", "emigrants", "remittances", "instrument", "gcm-vote")


def test_home_gives_headline_figures_with_sources(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    world = client.get("/api/stock", params={"edition": "2024", "year": 2024}).json()
    values = [float(v) for v in re.findall(r'class="figure-value" data-value="([^"]+)"', html)]
    assert world["meta"]["total"] in values
    assert "International Migrant Stock 2024" in html and "International Migrant Stock 2020" in html
    assert html.count('<p class="cite">') >= 4
    assert 'role="search"' in html


@pytest.mark.parametrize("layer", LAYERS)
def test_every_map_layer_has_rows_keyed_for_the_map_and_a_csv(
    client: TestClient, layer: str
) -> None:
    data = client.get(f"/maps/{layer}.json").json()
    assert data["ok"] and data["sources"]
    assert len(data["rows"]) > 100
    assert all(r["m49"] is None or re.fullmatch(r"\d{3}", r["m49"]) for r in data["rows"])
    csv = client.get(data["csv"])
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    page = client.get("/", params={"layer": layer})
    assert page.status_code == 200
    assert f'<option value="{layer}" selected>' in page.text


def test_gcm_vote_layer_matches_the_recorded_vote(client: TestClient) -> None:
    rows = client.get("/maps/gcm-vote.json").json()["rows"]
    counts = {v: sum(1 for r in rows if r["value"] == v) for v in ("yes", "no", "abstain")}
    assert counts == {"yes": 152, "no": 5, "abstain": 12}


def test_instrument_layer_as_of_a_year(client: TestClient) -> None:
    data = client.get("/maps/instrument.json", params={"instrument": "icmw", "as_of": 2005}).json()
    api = client.get("/api/instruments/icmw/parties", params={"as_of": 2005}).json()
    assert sum(1 for r in data["rows"] if r["value"] == "party") == api["meta"]["counts"]["party"]


def test_unknown_layer_is_a_json_error(client: TestClient) -> None:
    response = client.get("/maps/nothing.json")
    assert response.status_code == 404
    assert response.json()["ok"] is False


def test_membership_layer_matches_the_forum_api(client: TestClient) -> None:
    data = client.get("/maps/membership.json", params={"forum": "prague-process"}).json()
    api = client.get("/api/forums/prague-process").json()["data"]
    states = {m["actor"] for m in api["members"] if m["actor_type"] == "state"}
    shown = {r["code"] for r in data["rows"] if "member" in r["value"]}
    assert shown == states and data["sources"]
    assert client.get(data["csv"]).headers["content-type"].startswith("text/csv")
    page = client.get("/", params={"layer": "membership", "forum": "colombo-process"}).text
    assert '<option value="colombo-process" selected>' in page
