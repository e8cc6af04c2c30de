"""Every page route answers, with landmarks, a title and its sources; errors are pages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

PAGES = (
    "/",
    "/countries",
    "/countries/MAR",
    "/countries/DEU",
    "/countries/TUV",
    "/instruments",
    "/instruments/icmw",
    "/gcm",
    "/gcm/objectives/1",
    "/corridors",
    "/north-south",
    "/forums",
    "/forums/colombo-process?as_of=2014",
    "/forums/gfmd",
    "/meetings/gfmd-2008",
    "/actors",
    "/actors/iom",
    "/instruments/refugee-convention-1951",
    "/search?q=ger",
    "/sources",
)


@pytest.mark.parametrize("path", PAGES)
def test_page_is_accessible_html(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    html = response.text
    assert '<html lang="en">' in html
    assert '<main id="main"' in html and '<nav aria-label="Main">' in html
    assert html.count("<h1") == 1
    assert 'class="skip" href="#main"' in html


def test_sources_page_anchors_every_cited_source(client: TestClient) -> None:
    html = client.get("/sources").text
    for source in client.get("/api/sources", params={"limit": 1000}).json()["data"]:
        assert f'id="{source["id"]}"' in html


def test_unknown_page_is_html_and_unknown_api_route_is_json(client: TestClient) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    api = client.get("/api/no-such-route")
    assert api.status_code == 404 and api.json()["ok"] is False


def test_front_end_libraries_are_served_locally(client: TestClient) -> None:
    html = client.get("/").text
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        assert f'src="/vendor/{name}"' in html
        assert client.get(f"/vendor/{name}").status_code == 200
    atlas = client.get("/vendor/countries-110m.json").json()
    assert atlas["type"] == "Topology"
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://cdn" not in html
