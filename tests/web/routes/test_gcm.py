"""GCM pages: the 23 objectives and each objective with all its actions."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_objectives_list_links_all_23(client: TestClient) -> None:
    html = client.get("/gcm").text
    for n in range(1, 24):
        assert f'href="/gcm/objectives/{n}"' in html


def test_objective_page_shows_every_action_of_the_api(client: TestClient) -> None:
    data = client.get("/api/gcm/objectives/5").json()["data"]
    html = client.get("/gcm/objectives/5").text
    assert data["title"] in html
    assert html.count('<li id="action-') == len(data["actions"]) > 0
    assert "A/RES/73/195" in html


def test_objective_out_of_range_is_an_html_error(client: TestClient) -> None:
    response = client.get("/gcm/objectives/24")
    assert response.status_code in (400, 404, 422)
    assert response.headers["content-type"].startswith("text/html")


def test_objective_says_practices_and_pledges_are_not_yet_held(client: TestClient) -> None:
    html = client.get("/gcm/objectives/3").text
    assert "data-not-held" in html and "not yet held" in html
