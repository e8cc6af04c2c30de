"""The document pages through HTTP on both backends: the upload form refuses a post without
its form token or from another site, answers bad files on the form with the reason, and a
document's text comes back inert (markup in a document is shown, never run)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.documents import text
from tests.web_session import Browser
from tests.workspace_fixtures import Workspace

IMRF = "imrf_progress_declaration_2022"


def test_the_upload_form_is_csrf_checked_and_says_what_was_wrong(
    workspace: Workspace, ws_client: TestClient
) -> None:
    org = workspace.organisation("Upload form test")
    browser = Browser(ws_client.app)  # type: ignore[arg-type]
    browser.sign_in(workspace.email(workspace.user("contributor", org)))
    form = browser.get("/documents/upload")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text
    files = {"file": (f"{IMRF}.txt", text(IMRF))}
    for token in ("", "not-the-token"):
        refused = browser.post("/documents/upload", {}, token=token, files=files)
        assert refused.status_code == 403 and "reload the page" in refused.text
    elsewhere = browser.post(
        "/documents/upload", {}, files=files, headers={"Origin": "https://evil.example"}
    )
    assert elsewhere.status_code == 403
    assert ws_client.get("/api/documents").json()["total"] == 0
    empty = browser.post("/documents/upload", {}, files={"file": ("empty.txt", b"")})
    assert empty.status_code == 422 and "empty.txt is empty" in empty.text
    taken = browser.post(
        "/documents/upload", {"organisation_id": org, "date": "2022-05-12"}, files=files
    )
    assert taken.status_code == 303
    page = ws_client.get(taken.headers["location"])
    assert page.status_code == 200
    assert '<a class="mention meeting" href="/meetings/imrf-2022"' in page.text


def test_markup_in_a_document_is_shown_inert(workspace: Workspace, ws_client: TestClient) -> None:
    org = workspace.organisation("Inert markup test")
    browser = Browser(ws_client.app)  # type: ignore[arg-type]
    browser.sign_in(workspace.email(workspace.user("contributor", org)))
    browser.get("/documents/upload")
    body = text(IMRF).decode() + "\n\n<script>alert('Morocco')</script> <img src=x onerror=y>"
    taken = browser.post("/documents/upload", {}, files={"file": ("imrf.txt", body.encode())})
    assert taken.status_code == 303, taken.text
    page = ws_client.get(taken.headers["location"]).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page
