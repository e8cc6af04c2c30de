"""GET /api/gcm/objectives: the 23 objectives and their 187 actions, as in the bundle."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api import raw


@pytest.fixture(scope="module")
def objectives(client: TestClient) -> list[dict[str, Any]]:
    response = client.get("/api/gcm/objectives")
    assert response.status_code == 200
    body = response.json()
    assert {s["file"] for s in body["sources"]} == {raw.GCM_OBJECTIVES, raw.GCM_ACTIONS}
    data: list[dict[str, Any]] = body["data"]
    return data


def test_23_objectives_with_the_titles_of_the_file(objectives: list[dict[str, Any]]) -> None:
    expected = raw.csv(raw.GCM_OBJECTIVES)
    assert [o["number"] for o in objectives] == list(range(1, 24))
    assert [o["title"] for o in objectives] == list(expected["title"])


def test_187_actions_with_their_letters_and_text(objectives: list[dict[str, Any]]) -> None:
    expected = raw.csv(raw.GCM_ACTIONS)
    got = [(o["number"], a["letter"], a["text"]) for o in objectives for a in o["actions"]]
    assert len(got) == 187
    assert sorted(got) == sorted(
        (int(r["objective"]), r["action"], r["text"]) for r in expected.to_dict("records")
    )
    assert [len(o["actions"]) for o in objectives][:2] == [11, 12]
    assert [len(o["actions"]) for o in objectives][-2:] == [3, 5]


def test_objective_13_uses_the_adopted_wording(objectives: list[dict[str, Any]]) -> None:
    thirteen = objectives[12]
    assert thirteen["title"].startswith("Use migration detention only as a measure of last resort")
    assert "immigration detention" in thirteen["title_in_source"]


def test_objective_20_is_about_remittances(objectives: list[dict[str, Any]]) -> None:
    assert objectives[19]["title"] == (
        "Promote faster, safer and cheaper transfer of remittances"
        " and foster financial inclusion of migrants"
    )


def test_one_objective(client: TestClient, objectives: list[dict[str, Any]]) -> None:
    body = client.get("/api/gcm/objectives/13").json()
    assert body["data"] == objectives[12]
