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


def test_the_day_a_later_party_is_bound_is_shown_with_its_article(client: TestClient) -> None:
    instrument = client.get("/api/instruments/refugee-convention-1951").json()["data"]
    rule = instrument["instrument"]
    html = client.get("/instruments/refugee-convention-1951", params={"on": "2005-11-27"}).text
    assert "the 90th day after its deposit (art. 43(2))" in html
    assert rule["state_entry_url"] in html and "neunzigsten Tag" in html
    assert "on 2005-11-27" in html
    # Afghanistan acceded on 30 August 2005: a party on 27 November, bound from the 28th.
    status = html.split('id="status-title"', 1)[1]
    row = status.split('href="/countries/AFG">Afghanistan</a>', 1)[1].split("</tr>", 1)[0]
    assert 'data-bound-from="2005-11-28"' in row and "(not yet in force)" in row
    api = client.get(
        "/api/instruments/refugee-convention-1951/parties", params={"on": "2005-11-27"}
    ).json()
    shown = int(re.search(r'data-in-force="(\d+)"', html).group(1))  # type: ignore[union-attr]
    assert shown == api["meta"]["counts"]["in_force"]
    later = client.get("/instruments/refugee-convention-1951", params={"on": "2005-11-28"}).text
    status = later.split('id="status-title"', 1)[1]
    row = status.split('href="/countries/AFG">Afghanistan</a>', 1)[1].split("</tr>", 1)[0]
    assert "(not yet in force)" not in row


def test_a_state_page_gives_the_day_each_treaty_binds_it(client: TestClient) -> None:
    html = client.get("/countries/AFG").text
    table = html.split("data-in-force-for-state>", 1)[1].split("</table>", 1)[0]
    protocol = table.split("1967 Protocol", 1)[1].split("</tr>", 1)[0]
    assert 'data-bound-from="2005-08-30"' in protocol and "art. VIII(2)" in protocol
    convention = table.split("1951 Refugee Convention", 1)[1].split("</tr>", 1)[0]
    assert 'data-bound-from="2005-11-28"' in convention and "art. 43(2)" in convention
    api = client.get("/api/actors/AFG").json()["data"]["in_force"]
    assert {b["instrument_id"]: b["bound_from"] for b in api}["untoc"] == "2003-10-24"
