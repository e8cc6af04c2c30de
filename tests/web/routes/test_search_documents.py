"""The search page lists the documents that hold the words searched for, quoting the
passages with the words marked and linking to the document's page at each passage; on both
backends."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.documents import text
from tests.workspace_fixtures import Workspace, auth

RCM = "rcm_about_us_and_observers"


def test_the_search_page_quotes_and_links_the_passages_of_documents(
    workspace: Workspace, ws_client: TestClient
) -> None:
    org = workspace.organisation("Search page test")
    headers = auth(workspace.token(workspace.user("contributor", org)))
    response = ws_client.post(
        "/api/documents", files={"file": (f"{RCM}.txt", text(RCM))}, headers=headers
    )
    assert response.status_code == 201, response.text
    document_id = response.json()["document"]["id"]
    page = ws_client.get("/search", params={"q": "Puebla"})
    assert page.status_code == 200
    section = page.text.split('id="document-hits"', 1)[1]
    assert "1 document read into the map holds “Puebla”" in section
    link = re.search(rf'href="(/documents/{document_id}#passage-(\d+))"', section)
    assert link is not None
    assert "<mark>Puebla</mark>" in section
    shown = ws_client.get(f"/documents/{document_id}")
    passage = shown.text.split(f'id="passage-{link.group(2)}"', 1)[1].split("</p>", 1)[0]
    assert "Puebla" in passage
    nothing = ws_client.get("/search", params={"q": "Puebla Zimbabwe"})
    assert 'id="document-hits"' not in nothing.text
