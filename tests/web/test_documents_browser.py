"""Reading a document into the map in headless Chromium against a real server: a contributor
uploads a real report, sees its text with the mentions linked and its proposed facts; the
proposal is reviewed and accepted; the accepted fact shows on the meeting's page with the
document and passage it rests on."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from commonground.workspace import accounts
from commonground.workspace.audit import COMMAND_LINE
from commonground.workspace.store import writing
from tests.documents import about, text
from tests.documents.pdfs import make_pdf
from tests.web.conftest import LiveServer
from tests.web.test_workspace_browser import _review_through_api, _signed_in, _user, _workspace

DHAKA = "gfmd_dhaka_2016_meeting_page"


def test_upload_review_and_the_accepted_fact_on_the_meetings_page(
    browser: Any, live_server: LiveServer, tmp_path: Path
) -> None:
    author_id, author = _user(live_server, "contributor")
    with writing(_workspace(live_server)) as conn:
        org = accounts.create_organisation(
            conn, COMMAND_LINE, f"Research unit {uuid.uuid4().hex[:6]}", join=False
        )
        accounts.add_member(conn, COMMAND_LINE, org, author_id, check=False)
    page = _signed_in(browser, live_server, author)
    page.goto("/documents/upload")
    # the report as a PDF made now: a file of its own on every run, the same words
    report = tmp_path / "gfmd-2016.pdf"
    report.write_bytes(make_pdf(text(DHAKA).decode().split("[...]"), dated=True))
    page.set_input_files("#file", str(report))
    page.fill("#url", about(DHAKA)["url"])
    page.fill("#date", "2016-12")
    page.fill("#title", "Ninth Meeting of the Global Forum on Migration and Development")
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#proposals")
    assert page.locator("h1").inner_text().startswith("Ninth Meeting of the Global Forum")
    link = page.locator("#text a.mention[href='/countries/BGD']").first
    assert link.inner_text() == "Bangladesh"
    row = page.locator("#proposals tr", has_text="held in Dhaka")
    assert "agrees" in row.inner_text()
    record_url = row.locator("a[href^='/records/document_fact/']").get_attribute("href")
    assert record_url is not None
    record_id = int(record_url.rsplit("/", 1)[1])

    reviewers = _review_through_api(
        live_server, f"/api/records/document_fact/{record_id}", approvals=2
    )
    reviewer = _signed_in(browser, live_server, reviewers[2][1])
    reviewer.goto(record_url)
    assert "held in Dhaka on 10-12 December" in " ".join(
        reviewer.locator("main").inner_text().split()
    )
    reviewer.select_option("#decision", "approve")
    reviewer.click("#review-form button[type=submit]")
    reviewer.wait_for_selector("#latest-state:has-text('published')")

    page.goto("/meetings/gfmd-2016")
    facts = page.locator("#document-facts")
    assert "Ninth GFMD Summit Meeting was held in Dhaka in 2016" in facts.inner_text()
    assert facts.locator("a[href^='/documents/']").first.inner_text().startswith("Ninth Meeting")
    assert "Ninth Meeting of the Global Forum" in page.locator("#documents-mentioning").inner_text()
