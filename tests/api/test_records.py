"""The review mechanism end to end through the API, with the Hub's rule: one internal and
two external reviewers, one more when they disagree; versions, diffs, conflicts, audit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.workspace_fixtures import Workspace, auth

NOTE = {
    "about": "country:MAR",
    "title": "Morocco's 2014 regularisation campaign",
    "body": "Some **23,000** people were regularised in 2014.",
    "links": ["https://example.org/report"],
}


@dataclass
class Cast:
    org: str
    author: dict[str, str]
    other_author: dict[str, str]
    moderator: dict[str, str]
    reviewers: list[tuple[int, dict[str, str]]]
    insider_reviewer: int


@pytest.fixture(scope="module")
def cast(workspace: Workspace) -> Cast:
    org = workspace.organisation("Ministry in charge of Moroccans abroad")
    other = workspace.organisation("A network of cities")
    reviewers = [workspace.user("reviewer") for _ in range(5)]
    insider = workspace.user("reviewer", org)
    return Cast(
        org=org,
        author=auth(workspace.token(workspace.user("contributor", org))),
        other_author=auth(workspace.token(workspace.user("contributor", other))),
        moderator=auth(workspace.token(workspace.user("moderator"))),
        reviewers=[(r, auth(workspace.token(r))) for r in reviewers],
        insider_reviewer=insider,
    )


def _create(client: TestClient, cast: Cast, data: dict[str, Any] = NOTE) -> int:
    response = client.post(
        "/api/records/note", json={"organisation_id": cast.org, "data": data}, headers=cast.author
    )
    assert response.status_code == 201, response.text
    return int(response.json()["record"]["id"])


def _submit_and_assign(client: TestClient, cast: Cast, rid: int, n: int = 3) -> None:
    assert client.post(f"/api/records/note/{rid}/submit", headers=cast.author).status_code == 200
    for i, (reviewer, _) in enumerate(cast.reviewers[:n]):
        response = client.post(
            f"/api/records/note/{rid}/assign",
            json={"reviewer_id": reviewer, "internal": i == 0},
            headers=cast.moderator,
        )
        assert response.status_code == 200, response.text


def _review(
    client: TestClient, cast: Cast, rid: int, i: int, decision: str, comment: str = ""
) -> str:
    response = client.post(
        f"/api/records/note/{rid}/review",
        json={"decision": decision, "comment": comment},
        headers=cast.reviewers[i][1],
    )
    assert response.status_code == 200, response.text
    return str(response.json()["state"])


def test_a_note_is_published_after_one_internal_and_two_external_approvals(
    ws_client: TestClient, cast: Cast
) -> None:
    rid = _create(ws_client, cast)
    assert ws_client.get(f"/api/records/note/{rid}").status_code == 404  # a draft is private
    _submit_and_assign(ws_client, cast, rid)
    queue = ws_client.get("/api/review/queue", headers=cast.moderator).json()["queue"]
    assert any(q["id"] == rid and q["state"] == "in_review" for q in queue)
    assert _review(ws_client, cast, rid, 0, "approve") == "in_review"
    assert _review(ws_client, cast, rid, 1, "approve") == "in_review"
    assert _review(ws_client, cast, rid, 2, "approve") == "published"
    public = ws_client.get(f"/api/records/note/{rid}").json()["record"]
    assert public["published"]["data"]["title"] == NOTE["title"]
    assert "<strong>23,000</strong>" in public["published"]["html"]["body"]
    assert [p["id"] for p in ws_client.get("/api/records/note").json()["records"]].count(rid) == 1


def test_a_published_note_changes_only_through_a_new_reviewed_version(
    ws_client: TestClient, cast: Cast
) -> None:
    rid = _create(ws_client, cast)
    _submit_and_assign(ws_client, cast, rid)
    for i in range(3):
        _review(ws_client, cast, rid, i, "approve")
    changed = {**NOTE, "body": "Some **23,000** people were regularised in 2014, and more in 2017."}
    response = ws_client.put(
        f"/api/records/note/{rid}", json={"data": changed}, headers=cast.author
    )
    assert response.json()["version"] == 2
    public = ws_client.get(f"/api/records/note/{rid}").json()["record"]
    assert public["published"]["number"] == 1 and "2017" not in public["published"]["data"]["body"]
    _submit_and_assign(ws_client, cast, rid)
    for i in range(3):
        _review(ws_client, cast, rid, i, "approve")
    public = ws_client.get(f"/api/records/note/{rid}").json()["record"]
    assert public["published"]["number"] == 2
    assert [v["number"] for v in public["versions"]] == [1, 2]
    changes = ws_client.get(f"/api/records/note/{rid}/diff?from=1&to=2").json()["changes"]
    assert changes[0]["field"] == "body"
    assert any(line.startswith("+") and "2017" in line for line in changes[0]["lines"])


def test_disagreement_calls_one_more_reviewer_then_the_majority_decides(
    ws_client: TestClient, cast: Cast
) -> None:
    rid = _create(ws_client, cast)
    _submit_and_assign(ws_client, cast, rid)
    _review(ws_client, cast, rid, 0, "approve")
    _review(ws_client, cast, rid, 1, "approve")
    assert (
        _review(ws_client, cast, rid, 2, "return", "Name the source of the figure.") == "in_review"
    )
    response = ws_client.post(
        f"/api/records/note/{rid}/assign",
        json={"reviewer_id": cast.reviewers[3][0]},
        headers=cast.moderator,
    )
    assert response.status_code == 200
    assert _review(ws_client, cast, rid, 3, "approve") == "published"


def test_returned_comments_reach_the_authors_and_nobody_else(
    ws_client: TestClient, cast: Cast
) -> None:
    rid = _create(ws_client, cast)
    _submit_and_assign(ws_client, cast, rid)
    _review(ws_client, cast, rid, 0, "return", "Please cite the decree.")
    _review(ws_client, cast, rid, 1, "return", "Agreed: the decree.")
    assert _review(ws_client, cast, rid, 2, "return", "Yes.") == "returned"
    mine = ws_client.get(f"/api/records/note/{rid}", headers=cast.author).json()["record"]
    comments = [r["comment"] for r in mine["versions"][-1]["reviews"]]
    assert "Please cite the decree." in comments
    assert ws_client.get(f"/api/records/note/{rid}", headers=cast.other_author).status_code == 404
    assert ws_client.get(f"/api/records/note/{rid}").status_code == 404


def test_conflicts_of_interest(ws_client: TestClient, cast: Cast) -> None:
    rid = _create(ws_client, cast)
    assert ws_client.post(f"/api/records/note/{rid}/submit", headers=cast.author).status_code == 200
    response = ws_client.post(
        f"/api/records/note/{rid}/assign",
        json={"reviewer_id": cast.insider_reviewer},
        headers=cast.moderator,
    )
    assert response.status_code == 409
    assert "conflict of interest" in response.json()["error"]
    _submit_and_assign_only(ws_client, cast, rid, [0, 1, 2])
    response = ws_client.post(
        f"/api/records/note/{rid}/conflict",
        json={"reason": "I advised the ministry on this campaign."},
        headers=cast.reviewers[1][1],
    )
    assert response.status_code == 200
    response = ws_client.post(
        f"/api/records/note/{rid}/review",
        json={"decision": "approve"},
        headers=cast.reviewers[1][1],
    )
    assert response.status_code == 409
    _review(ws_client, cast, rid, 0, "approve")
    assert _review(ws_client, cast, rid, 2, "approve") == "in_review"  # two external still due
    _submit_and_assign_only(ws_client, cast, rid, [4])
    assert _review(ws_client, cast, rid, 4, "approve") == "published"


def _submit_and_assign_only(client: TestClient, cast: Cast, rid: int, which: list[int]) -> None:
    for i in which:
        response = client.post(
            f"/api/records/note/{rid}/assign",
            json={"reviewer_id": cast.reviewers[i][0], "internal": i == 0},
            headers=cast.moderator,
        )
        assert response.status_code == 200, response.text


def test_every_step_is_in_the_audit_log_for_moderators_only(
    ws_client: TestClient, cast: Cast
) -> None:
    rid = _create(ws_client, cast)
    _submit_and_assign(ws_client, cast, rid)
    entries = ws_client.get(f"/api/audit?record=note:{rid}", headers=cast.moderator).json()[
        "entries"
    ]
    assert [e["action"] for e in entries] == [
        "record.create", "record.submit", "record.assign", "record.assign", "record.assign",
    ]  # fmt: skip
    assert entries[0]["before"] is None and entries[0]["after"]["version"]["state"] == "draft"
    assert entries[1]["before"]["version"]["state"] == "draft"
    assert entries[1]["after"]["version"]["state"] == "submitted"
    assert all(e["ip"] for e in entries) and all(e["token_id"] for e in entries)
    author_id = entries[0]["user_id"]
    mine = ws_client.get(f"/api/audit?user={author_id}", headers=cast.moderator).json()["entries"]
    assert {e["record"] for e in mine} >= {f"note:{rid}"}
    assert ws_client.get(f"/api/audit?record=note:{rid}", headers=cast.author).status_code == 403


def test_soft_delete_keeps_the_rows_and_hides_the_record(
    ws_client: TestClient, cast: Cast, workspace: Workspace
) -> None:
    rid = _create(ws_client, cast)
    response = ws_client.post(
        f"/api/records/note/{rid}/delete", json={"reason": ""}, headers=cast.moderator
    )
    assert response.status_code == 422
    response = ws_client.post(
        f"/api/records/note/{rid}/delete",
        json={"reason": "duplicate of another note"},
        headers=cast.moderator,
    )
    assert response.status_code == 200
    assert ws_client.get(f"/api/records/note/{rid}", headers=cast.author).status_code == 404
    assert any(r[0] == rid for r in workspace.rows()["records"])


def test_invalid_data_names_each_field(ws_client: TestClient, cast: Cast) -> None:
    bad = {"about": "planet:mars", "title": "", "body": "x" * 20_001, "links": ["ftp://x"] * 21}
    response = ws_client.post(
        "/api/records/note", json={"organisation_id": cast.org, "data": bad}, headers=cast.author
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"about", "title", "body", "links"} <= fields
