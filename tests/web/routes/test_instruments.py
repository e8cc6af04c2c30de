"""Instrument pages: the list, one instrument's parties, as of a past year."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_instrument_list_gives_party_counts_of_the_api(client: TestClient) -> None:
    html = client.get("/instruments").text
    for row in client.get("/api/instruments", params={"limit": 100}).json()["data"]:
        assert f'href="/instruments/{row["id"]}">{row["short_name"]}</a>' in html


def test_instrument_page_as_of_a_year_matches_the_api(client: TestClient) -> None:
    for as_of in (None, 2000):
        params = {} if as_of is None else {"as_of": as_of}
        html = client.get("/instruments/icmw", params=params).text
        api = client.get("/api/instruments/icmw/parties", params=params).json()
        shown = int(re.search(r'data-parties="(\d+)"', html).group(1))  # type: ignore[union-attr]
        assert shown == api["meta"]["counts"]["party"]
    assert "at the end of 2000" in html
    assert "/api/instruments/icmw/parties?as_of=2000" in html


def test_unknown_instrument_is_a_page_listing_the_known_ones(client: TestClient) -> None:
    response = client.get("/instruments/nothing")
    assert response.status_code == 404
    assert "icmw" in response.text


def test_coverage_over_time_matches_the_analysis_api(client: TestClient) -> None:
    html = client.get("/instruments/icmw").text
    api = client.get("/api/analysis/coverage", params={"instrument": "icmw"}).json()
    summary = api["meta"]["summary"]
    assert f'data-coverage-destination="{summary["destination_share"]}"' in html
    assert f'data-coverage-origin="{summary["origin_share"]}"' in html
    series = html.split("data-coverage-series>", 1)[1].split("</table>", 1)[0]
    for row in api["data"]:
        assert f'<th scope="row">{row["year"]}</th><td class="num">{row["parties"]}</td>' in series
    uncovered = api["meta"]["tables"]["uncovered_corridors"]
    assert f"{uncovered[0]['stock']:,}" in html
    assert "table=uncovered_corridors" in html and "table=series" in html


def test_curated_instrument_shows_partial_lists_and_what_each_source_says(
    client: TestClient,
) -> None:
    html = client.get("/instruments/ilo-c143").text
    data = client.get("/api/instruments/ilo-c143").json()["data"]
    assert "partial data" in html.lower() and "data-partial" in html
    action = data["states"][0]["actions"][0]
    assert action["source_says"] in html
    assert "data-lists" in html


def test_instrument_without_party_data_says_unknown_not_zero(client: TestClient) -> None:
    html = client.get("/instruments/gcm").text
    assert "data-no-party-data" in html
    assert "unknown" in html and "map-canvas" not in html
