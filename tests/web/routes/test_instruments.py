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
