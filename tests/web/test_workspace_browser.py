"""The workspace in headless Chromium against a real server: sign up, propose an
organisation, write and submit a note, review it, read it published with its history, make
and revoke a token, sign out."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

from commonground.workspace import accounts, outbox
from commonground.workspace.audit import COMMAND_LINE
from commonground.workspace.store import writing
from tests.web.conftest import LiveServer

PASSWORD = "a long and memorable passphrase"


def _workspace(live_server: LiveServer) -> Any:
    return live_server.server.config.app.state.workspace


def _user(live_server: LiveServer, role: str) -> tuple[int, str]:
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    with writing(_workspace(live_server)) as conn:
        return accounts.create_user(conn, COMMAND_LINE, email, PASSWORD, role, verified=True), email


def _token(live_server: LiveServer, email: str) -> dict[str, str]:
    response = httpx.post(
        live_server.url + "/api/auth/token", json={"email": email, "password": PASSWORD}
    )
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _review_through_api(
    live_server: LiveServer,
    record: str,
    reviewers: list[tuple[int, str]] | None = None,
    approvals: int | None = None,
) -> list[tuple[int, str]]:
    """A moderator assigns three reviewers (the first internal) to the record at the API path
    `record`, and the first `approvals` of them (all by default) approve it; the reviewers."""
    reviewers = reviewers or [_user(live_server, "reviewer") for _ in range(3)]
    moderator = _token(live_server, _user(live_server, "moderator")[1])
    for i, (reviewer_id, _) in enumerate(reviewers):
        httpx.post(
            f"{live_server.url}{record}/assign",
            json={"reviewer_id": reviewer_id, "internal": i == 0},
            headers=moderator,
        ).raise_for_status()
    for _, email in reviewers[:approvals]:
        httpx.post(
            f"{live_server.url}{record}/review",
            json={"decision": "approve"},
            headers=_token(live_server, email),
        ).raise_for_status()
    return reviewers


def _signed_in(browser: Any, live_server: LiveServer, email: str) -> Any:
    """A page of a new browser context, signed in as `email`."""
    page = browser.new_context(base_url=live_server.url).new_page()
    page.goto("/signin")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#signin-form button")
    page.wait_for_url("**/account")
    return page


def _sign_up(page: Any) -> str:
    email = f"writer-{uuid.uuid4().hex[:8]}@example.org"
    page.goto("/signup")
    page.fill("#email", email)
    page.fill("#display_name", "Amina Writer")
    page.fill("#password", PASSWORD)
    page.fill("#password_again", PASSWORD)
    page.click("#signup-form button[type=submit]")
    page.wait_for_url("**/account?welcome=1")
    assert "Send the link again" in page.locator("#confirm-address").inner_text()
    return email


def _confirm(page: Any, live_server: LiveServer, email: str) -> None:
    """Open the confirmation link the sign-up queued: until then the account cannot write."""
    with _workspace(live_server).connect() as conn:
        body = [m for m in outbox.messages(conn) if m.to == email][-1].body
    found = re.search(r"http://[^/\s]+(/verify\?token=[\w-]+)", body)
    assert found, body
    page.goto(found.group(1))
    assert "Address confirmed" in page.locator("main").inner_text()
    page.goto("/account")


def test_sign_up_write_a_note_and_see_it_published(page: Any, live_server: LiveServer) -> None:
    email = _sign_up(page)
    _confirm(page, live_server, email)
    assert page.locator("#account-email").inner_text().startswith(email)
    assert page.locator("#account-role").inner_text() == "contributor"
    page.fill("#org-name", "Moroccan Association of Migrant Workers")
    page.select_option("#org-kind", "civil-society")
    page.click("#propose-organisation button")
    page.wait_for_selector("#organisations li")
    assert "not linked to the map yet" in page.locator("#organisations").inner_text()

    page.goto("/records/note/new?about=country:MAR")
    assert page.locator("#f-about").input_value() == "country:MAR"
    page.fill("#f-title", "Workers' rights desks in Casablanca")
    page.fill("#f-body", "Desks opened in **2019**.\n\n<script>alert(1)</script>")
    page.fill("#f-links", "https://example.org/desks")
    page.click("#record-form button[type=submit]")
    page.wait_for_selector("#latest-state")
    assert page.locator("#latest-state").inner_text() == "draft"
    page.click(".submit-record button")
    page.wait_for_selector("#latest-state:has-text('submitted')")
    record_url = page.url
    record_id = int(record_url.rsplit("/", 1)[1])

    _review_through_api(live_server, f"/api/records/note/{record_id}")

    page.goto(record_url)
    assert page.locator("#published-body strong").inner_text() == "2019"
    assert "&lt;script&gt;" in page.locator("#published-body").inner_html()
    page.click("text=history")
    page.wait_for_selector("#version-1")
    assert "published" in page.locator("#version-1").inner_text()
    assert page.console.errors == []


def test_a_moderator_assigns_from_the_queue_and_a_reviewer_returns_with_comments(
    browser: Any, live_server: LiveServer
) -> None:
    author_id, author = _user(live_server, "contributor")
    with writing(_workspace(live_server)) as conn:
        org = accounts.create_organisation(
            conn, COMMAND_LINE, f"Org {uuid.uuid4().hex[:6]}", join=False
        )
        accounts.add_member(conn, COMMAND_LINE, org, author_id, check=False)
    headers = _token(live_server, author)
    note = {"about": "forum:gfmd", "title": f"Queue note {uuid.uuid4().hex[:6]}", "body": "Text."}
    rid = httpx.post(
        f"{live_server.url}/api/records/note",
        json={"organisation_id": org, "data": note},
        headers=headers,
    ).json()["record"]["id"]
    httpx.post(
        f"{live_server.url}/api/records/note/{rid}/submit", headers=headers
    ).raise_for_status()
    reviewer_id, reviewer = _user(live_server, "reviewer")
    _, moderator = _user(live_server, "moderator")

    def signed_in(email: str) -> Any:
        return _signed_in(browser, live_server, email)

    mod = signed_in(moderator)
    mod.goto("/review")
    row = mod.locator("#queue tr", has_text=note["title"])
    row.locator("select").select_option(str(reviewer_id))
    row.locator("input[name=internal]").check()
    row.locator("button").click()
    mod.wait_for_selector("#reviews")
    assert "not yet" in mod.locator("#reviews").inner_text()

    rev = signed_in(reviewer)
    assert note["title"] in rev.locator("#assigned").inner_text()
    rev.click(f"#assigned a:has-text('{note['title']}')")
    rev.select_option("#decision", "return")
    rev.fill("#comment", "Please name the meeting.")
    rev.click("#review-form button")
    rev.wait_for_selector("#reviews")
    assert "Please name the meeting." in rev.locator("#reviews").inner_text()

    writer = signed_in(author)
    writer.goto(f"/records/note/{rid}")
    assert "Please name the meeting." in writer.locator("#reviews").inner_text()
    for context in (mod.context, rev.context, writer.context):
        context.close()


def test_tokens_on_the_account_page_and_sign_out(page: Any, live_server: LiveServer) -> None:
    _sign_up(page)
    page.fill("#token-name", "my script")
    page.check("input[name=write]")
    page.click("#new-token-form button")
    token = page.locator("#new-token").inner_text()
    me = httpx.get(live_server.url + "/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    page.goto("/account")
    assert page.locator("#new-token").count() == 0  # shown once
    page.locator("#tokens tr", has_text="my script").locator("button").click()
    page.wait_for_selector("#tokens td:has-text('revoked')")
    me = httpx.get(live_server.url + "/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401
    page.click(".signout button")
    page.wait_for_url(live_server.url + "/")
    page.goto("/account")
    page.wait_for_url("**/signin?next=/account")
