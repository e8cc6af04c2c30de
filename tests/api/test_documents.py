"""`/api/documents` through HTTP on both backends: who may upload, what comes back (with its
schema), one document per file, and the limits: size, rate, unreadable files."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from commonground.workspace.documents import MAX_UPLOADS_PER_HOUR
from tests.documents import TEXTS, about, text
from tests.documents.pdfs import make_pdf
from tests.workspace_fixtures import Workspace, auth

DHAKA = "gfmd_dhaka_2016_meeting_page"


@pytest.fixture(scope="module")
def org(workspace: Workspace) -> str:
    return workspace.organisation("Migration research unit")


@pytest.fixture(scope="module")
def author(workspace: Workspace, org: str) -> dict[str, str]:
    return auth(workspace.token(workspace.user("contributor", org)))


def _upload(
    client: TestClient, headers: dict[str, str], data: bytes, name: str, **form: str
) -> Any:
    return client.post("/api/documents", files={"file": (name, data)}, data=form, headers=headers)


def test_a_contributor_uploads_a_document_and_anyone_reads_it(
    ws_client: TestClient, author: dict[str, str], org: str
) -> None:
    meta = about(DHAKA)
    response = ws_client.post(
        "/api/documents",
        files={"file": (f"{DHAKA}.txt", text(DHAKA))},
        data={"url": meta["url"], "publisher": meta["publisher"][:300], "date": meta["date"]},
        headers=author,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["duplicate"] is False
    doc = body["document"]
    assert doc["url"] == "https://gfmd.org/meetings/bangladesh2016" and doc["date"] == "2016-12"
    again = ws_client.post(
        "/api/documents", files={"file": ("copy.txt", text(DHAKA))}, headers=author
    )
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["document"]["id"] == doc["id"]
    listed = ws_client.get("/api/documents").json()
    assert [d["id"] for d in listed["documents"]].count(doc["id"]) == 1
    one = ws_client.get(f"/api/documents/{doc['id']}")
    assert one.status_code == 200
    shown = one.json()
    assert "country:BGD" in {m["key"] for m in shown["mentions"]}
    assert shown["passages"][0]["text"].startswith("Ninth Meeting of the Global Forum")
    missing = ws_client.get("/api/documents/999999")
    assert missing.status_code == 404 and "no document 999999" in missing.json()["error"]


def test_only_signed_in_writers_upload(
    ws_client: TestClient, workspace: Workspace, org: str
) -> None:
    name = "imrf_progress_declaration_2022"
    anonymous = _upload(ws_client, {}, text(name), f"{name}.txt")
    assert anonymous.status_code == 401
    reader = auth(workspace.token(workspace.user("reader")))
    assert _upload(ws_client, reader, text(name), "x.txt").status_code == 403
    read_only = auth(workspace.token(workspace.user("contributor", org), ("read",)))
    assert _upload(ws_client, read_only, text(name), "x.txt").status_code == 403
    other = workspace.organisation("Another organisation")
    writer = auth(workspace.token(workspace.user("contributor", org)))
    response = _upload(ws_client, writer, text(name), "x.txt", organisation_id=other)
    assert response.status_code == 403
    assert ws_client.get("/api/documents").json()["total"] <= 1


def test_a_file_over_20_mb_is_refused_with_413(
    ws_client: TestClient, author: dict[str, str]
) -> None:
    huge = b"International migrants. " * (50 * 1024 * 1024 // 24)
    response = ws_client.post("/api/documents", files={"file": ("huge.txt", huge)}, headers=author)
    assert response.status_code == 413
    assert response.json()["error"] == (
        "the upload is larger than 20 MB, the most a document may have"
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (make_pdf(["Bolivia ratifies"], password="pw"), "e.pdf", "e.pdf is an encrypted PDF"),
        (make_pdf(["Bolivia ratifies"])[:300], "b.pdf", "b.pdf could not be read as a PDF"),
        (b"", "empty.txt", "empty.txt is empty"),
        (bytes(range(256)) * 16, "data.txt", "data.txt is not UTF-8 plain text"),
    ],
)
def test_unreadable_files_get_a_clear_422(
    ws_client: TestClient, author: dict[str, str], data: bytes, name: str, message: str
) -> None:
    before = ws_client.get("/api/documents").json()["total"]
    response = ws_client.post("/api/documents", files={"file": (name, data)}, headers=author)
    assert response.status_code == 422
    body = response.json()
    assert body["ok"] is False and message in body["error"]
    assert body["errors"][0]["field"] == "file"
    assert not re.search(r"Traceback|/work/|\.py\b", response.text)
    assert ws_client.get("/api/documents").json()["total"] == before


def test_uploads_are_limited_per_hour(ws_client: TestClient, workspace: Workspace) -> None:
    headers = auth(workspace.token(workspace.user("contributor")))
    sentences = [
        s.strip()
        for path in sorted(TEXTS.glob("*.txt"))
        for s in path.read_text(encoding="utf-8").split(". ")
        if len(s.strip()) > 40
    ]
    assert len(set(sentences)) > MAX_UPLOADS_PER_HOUR
    for made, sentence in enumerate(list(dict.fromkeys(sentences))[: MAX_UPLOADS_PER_HOUR + 1]):
        response = ws_client.post(
            "/api/documents", files={"file": ("s.txt", sentence.encode())}, headers=headers
        )
        if response.status_code == 429:
            assert made == MAX_UPLOADS_PER_HOUR
            assert int(response.headers["retry-after"]) > 0
            assert "uploaded 30 documents in the last hour" in response.json()["error"]
            return
        assert response.status_code == 201, response.text
    raise AssertionError("the 31st upload within an hour was taken")
