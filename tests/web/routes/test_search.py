"""Search: the no-script results page, and going straight to an exact match."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_search_page_finds_countries_by_code_name_and_instruments(client: TestClient) -> None:
    for query, expected in (
        ("MAR", "/countries/MAR"),
        ("504", "/countries/MAR"),
        ("cote d", "/countries/CIV"),
        ("ICMW", "/instruments/icmw"),
        ("decent work", "/gcm/objectives/6"),
    ):
        html = client.get("/search", params={"q": query}).text
        assert f'href="{expected}"' in html, query


def test_exact_match_goes_to_its_page(client: TestClient) -> None:
    response = client.get("/search", params={"q": "Morocco", "go": "true"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/countries/MAR"


def test_no_match_says_how_to_search(client: TestClient) -> None:
    html = client.get("/search", params={"q": "zzzzqqq"}).text
    assert "0 results" in html and "ISO3" in html


def test_search_finds_forums_organisations_and_meetings(client: TestClient) -> None:
    for query, expected in (
        ("Colombo", "/forums/colombo-process"),
        ("GFMD", "/forums/gfmd"),
        ("IOM", "/actors/iom"),
        ("Marrakech", "/meetings/gcm-marrakech-2018"),
        ("schengen", "/instruments/schengen-agreement"),
    ):
        html = client.get("/search", params={"q": query}).text
        assert f'href="{expected}"' in html, query
    api = client.get("/api/search", params={"q": "rabat"}).json()
    assert api["hits"][0]["kind"] == "forum" and api["hits"][0]["id"] == "rabat-process"
