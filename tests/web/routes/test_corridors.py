"""Corridor explorer: filters in the address, the API's rows, and a helpful empty state."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_corridors_from_one_origin_match_the_api(client: TestClient) -> None:
    params = {
        "edition": "undesa-ims-2024",
        "year": 2020,
        "origin": "MAR",
        "group_by": "destination",
    }
    html = client.get("/corridors", params=params).text.replace("&amp;", "&")
    api = client.get("/api/stock", params=params).json()
    assert f'data-total="{api["meta"]["total"]}"' in html
    top = api["data"][0]
    assert f"{top['stock']:,}" in html
    assert "/api/stock?edition=undesa-ims-2024&year=2020&origin=MAR&group_by=destination" in html
    assert 'value="MAR"' in html


def test_a_year_the_edition_lacks_lists_the_years_it_has(client: TestClient) -> None:
    response = client.get("/corridors", params={"edition": "undesa-ims-2024", "year": 1999})
    assert response.status_code == 422
    assert "years available" in response.text
    assert "year=2020" in response.text.replace("&amp;", "&")


def test_grouped_by_development_group(client: TestClient) -> None:
    params = {"group_by": "development_group", "side": "origin", "destination": "DEU"}
    html = client.get("/corridors", params=params).text
    assert "less developed" in html and "more developed" in html
