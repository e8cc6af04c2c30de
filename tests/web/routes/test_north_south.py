"""The North/South page: the four quadrants for an edition and year, against the API."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_quadrants_match_the_api(client: TestClient) -> None:
    html = client.get("/north-south", params={"edition": "undesa-ims-2020", "year": 2020}).text
    rows = client.get(
        "/api/analysis/quadrants", params={"edition": "undesa-ims-2020", "year": 2020}
    ).json()["data"]
    for r in rows:
        if r["origin_group"] in ("North", "South") and r["destination_group"] in ("North", "South"):
            cell = f'data-cell="{r["origin_group"]}-{r["destination_group"]}"'
            assert f'{cell} data-stock="{r["stock"]}"' in html
    assert "/api/analysis/quadrants?edition=undesa-ims-2020&amp;year=2020" in html


def test_growth_since_a_base_year(client: TestClient) -> None:
    html = client.get("/north-south", params={"since": 2000}).text
    assert "data-growth" in html and "Growth 2000" in html


def test_a_year_without_data_lists_the_years_there_are(client: TestClient) -> None:
    response = client.get("/north-south", params={"year": 1999})
    assert response.status_code == 422
    assert "2020" in response.text and 'role="alert"' in response.text
