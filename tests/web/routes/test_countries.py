"""Country pages over plain HTTP: the list, a profile whose figures match the API, helpful 404s."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def attr(html: str, name: str) -> float:
    found = re.search(rf'{name}="([^"]+)"', html)
    assert found, f"no {name} on the page"
    return float(found.group(1))


def test_country_list_links_every_profile(client: TestClient) -> None:
    page = client.get("/countries")
    assert page.status_code == 200
    assert 'href="/countries/MAR">Morocco</a>' in page.text
    total = client.get("/api/countries", params={"limit": 1}).json()["total_rows"]
    assert page.text.count('<tr><th scope="row"><a href="/countries/') == total


def test_profile_figures_match_the_api(client: TestClient) -> None:
    page = client.get("/countries/MAR")
    assert page.status_code == 200
    html = page.text
    assert '<h1 id="country-title">Morocco</h1>' in html
    latest = client.get("/api/stock", params={"edition": "2024", "destination": "MAR"}).json()
    assert attr(html, "data-figure-immigrants") == latest["meta"]["total"]
    abroad = client.get("/api/stock", params={"edition": "2024", "origin": "MAR"}).json()
    assert attr(html, "data-figure-emigrants") == abroad["meta"]["total"]
    refugees = client.get("/api/displacement", params={"asylum": "MAR"}).json()
    assert attr(html, "data-figure-refugees-hosted") == refugees["meta"]["total"]
    vote = {
        r["country"]: r["vote"]
        for r in client.get("/api/votes/A/RES/73/195", params={"limit": 500}).json()["data"]
    }
    assert f'data-gcm-vote="{vote["MAR"]}"' in html
    # Every figure names its source: the sections cite UN DESA, World Bank, UNHCR, IOM, UNTC.
    for publisher in ("UN DESA", "World Bank", "UNHCR", "IOM Missing Migrants", "UN Treaty"):
        assert publisher in html


def test_profile_top_origins_are_the_api_rows(client: TestClient) -> None:
    html = client.get("/countries/MAR").text
    rows = client.get(
        "/api/stock", params={"edition": "2024", "destination": "MAR", "group_by": "origin"}
    ).json()["data"][:10]
    section = html.split("countries of origin of immigrants")[1].split("</table>")[0]
    for row in rows:
        assert row["origin_name"] in section
        assert f"{row['stock']:,}" in section


def test_other_codes_and_names_lead_to_the_iso3_page(client: TestClient) -> None:
    for value in ("MA", "504", "Morocco", "morocco"):
        response = client.get(f"/countries/{value}", follow_redirects=False)
        assert response.status_code == 307
        assert response.headers["location"].endswith("/countries/MAR")


def test_unknown_country_suggests_close_matches(client: TestClient) -> None:
    response = client.get("/countries/Marocco")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert 'href="/countries/MAR"' in response.text
    assert "Did you mean" in response.text


def test_a_year_without_data_lists_the_years_there_are(client: TestClient) -> None:
    response = client.get("/countries/MAR", params={"edition": "2024", "year": 1999})
    assert response.status_code == 422
    assert "years available: 1990, 1995, 2000, 2005, 2010, 2015, 2020, 2024" in response.text


def test_an_earlier_edition_and_year_are_kept_in_the_page(client: TestClient) -> None:
    html = client.get("/countries/MAR", params={"edition": "2020", "year": 2000}).text
    expected = client.get(
        "/api/stock", params={"edition": "2020", "year": 2000, "destination": "MAR"}
    ).json()["meta"]["total"]
    assert attr(html, "data-figure-immigrants") == expected
    assert '<option value="undesa-ims-2020" selected>' in html
    assert "<option selected>2000</option>" in html


def test_every_download_link_gives_csv(client: TestClient) -> None:
    html = client.get("/countries/MAR").text
    links = set(re.findall(r'href="(/api/[^"]+format=csv)"', html.replace("&amp;", "&")))
    assert len(links) >= 8
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        assert response.headers["content-type"].startswith("text/csv"), link
