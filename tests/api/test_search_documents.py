"""`/api/search` finds the documents read into the map by their words, with the passages
that hold them, a snippet with the words marked and a link to the document at that passage;
on both backends."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.documents import about, text
from tests.workspace_fixtures import Workspace, auth

CSD = "gfmd_civil_society_days_history"
DHAKA = "gfmd_dhaka_2016_meeting_page"


@pytest.fixture(scope="module")
def uploaded(workspace: Workspace, ws_client: TestClient) -> dict[str, int]:
    org = workspace.organisation("Search test unit")
    headers = auth(workspace.token(workspace.user("contributor", org)))
    ids = {}
    for name in (CSD, DHAKA):
        meta = about(name)
        response = ws_client.post(
            "/api/documents",
            files={"file": (f"{name}.txt", text(name))},
            data={"title": meta["title"][:500], "publisher": meta["publisher"][:300]},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        ids[name] = response.json()["document"]["id"]
    return ids


def _search(client: TestClient, q: str) -> Any:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_search_finds_the_passage_of_a_document_that_holds_its_words(
    ws_client: TestClient, uploaded: dict[str, int]
) -> None:
    body = _search(ws_client, "Bancomer")
    assert body["document_total"] == 1
    (doc,) = body["documents"]
    assert doc["id"] == uploaded[CSD] and doc["href"] == f"/documents/{uploaded[CSD]}"
    (passage,) = doc["passages"]
    assert "organized by the Fundación BBVA Bancomer" in passage["text"]
    assert "<mark>Bancomer</mark>" in passage["snippet"]
    assert passage["href"] == f"/documents/{uploaded[CSD]}#passage-{passage['ordinal']}"
    page = ws_client.get(passage["href"].split("#")[0])
    assert f'id="passage-{passage["ordinal"]}"' in page.text


def test_every_word_must_be_there_and_word_starts_count(
    ws_client: TestClient, uploaded: dict[str, int]
) -> None:
    both = _search(ws_client, "civil society")
    assert {d["id"] for d in both["documents"]} >= {uploaded[CSD]}
    athens = _search(ws_client, "Onassis found")
    (doc,) = athens["documents"]
    assert doc["id"] == uploaded[CSD]
    assert "Onassis Foundation" in doc["passages"][0]["text"]
    assert _search(ws_client, "Onassis Dhaka")["documents"] == []
    chaired = _search(ws_client, "Chairmanship Bangladesh")
    assert [d["id"] for d in chaired["documents"]] == [uploaded[DHAKA]]
    assert chaired["hits"] == [] or all(h["kind"] != "document" for h in chaired["hits"])


def test_a_title_finds_its_document_and_entities_still_come_first(
    ws_client: TestClient, uploaded: dict[str, int]
) -> None:
    title = about(DHAKA)["title"]
    word = max(title.split(), key=len).strip(",.:;()")
    found = _search(ws_client, word)
    assert uploaded[DHAKA] in {d["id"] for d in found["documents"]}
    mexico = _search(ws_client, "Mexico")
    assert mexico["hits"][0]["id"] == "MEX"
    assert uploaded[CSD] in {d["id"] for d in mexico["documents"]}


def test_markup_in_a_passage_comes_back_escaped_in_the_snippet(
    workspace: Workspace, ws_client: TestClient
) -> None:
    org = workspace.organisation("Search markup test")
    headers = auth(workspace.token(workspace.user("contributor", org)))
    body = text(CSD).decode() + "\n\n<i>Bancomer</i> <img src=x onerror=alert(1)>"
    response = ws_client.post(
        "/api/documents", files={"file": ("csd-copy.txt", body.encode())}, headers=headers
    )
    assert response.status_code == 201, response.text
    copy = response.json()["document"]["id"]
    (doc,) = [d for d in _search(ws_client, "bancomer")["documents"] if d["id"] == copy]
    (marked,) = [p for p in doc["passages"] if "<img" in p["text"]]
    snippet = marked["snippet"]
    assert "<img" not in snippet and "<i>" not in snippet
    assert "<mark>Bancomer</mark>&lt;/i&gt; &lt;img src=x" in snippet
