"""Practices in headless Chromium against a real server: a contributor drafts a practice on
the form and submits it, reviewers approve it, and a reader finds it by search and by facet,
opens it, and sees it on the country profile and the objective page."""

from __future__ import annotations

from typing import Any

import httpx

from tests.web.conftest import LiveServer
from tests.web.test_workspace_browser import _confirm, _sign_up, _token, _user


def test_draft_submit_review_and_find_a_practice(page: Any, live_server: LiveServer) -> None:
    _confirm(page, live_server, _sign_up(page))
    page.fill("#org-name", "Ministry of Labour of Ruritania")
    page.select_option("#org-kind", "state")
    page.click("#propose-organisation button")
    page.wait_for_selector("#organisations li")

    page.goto("/practices/new")
    page.fill("#f-title", "Orchard harvest mobility scheme between Morocco and Spain")
    page.fill("#f-summary", "Seasonal orchard harvest workers recruited in Morocco for Spain.")
    page.fill("#f-countries", "MAR ESP")
    page.fill("#f-corridors", "MAR > ESP")
    page.select_option("#f-type", "programme")
    page.select_option("#f-primary", "5")
    page.fill("#f-start", "2022")
    page.click("#save-practice")
    page.wait_for_selector("#latest-state")
    assert page.locator("#latest-state").first.inner_text() == "draft"
    page.click(".submit-practice button")
    page.wait_for_selector("#latest-state:has-text('submitted')")
    slug = page.url.rsplit("/", 1)[1]

    moderator = _token(live_server, _user(live_server, "moderator")[1])
    reviewers = [_user(live_server, "reviewer") for _ in range(3)]
    for i, (reviewer_id, _) in enumerate(reviewers):
        httpx.post(
            f"{live_server.url}/api/practices/{slug}/assign",
            json={"reviewer_id": reviewer_id, "internal": i == 0},
            headers=moderator,
        ).raise_for_status()
    for _, email in reviewers:
        httpx.post(
            f"{live_server.url}/api/practices/{slug}/review",
            json={"decision": "approve"},
            headers=_token(live_server, email),
        ).raise_for_status()

    page.goto("/practices")
    page.fill("#practice-q", "orchard harvest")
    page.click("#practice-search button")
    page.wait_for_selector(".practice-hit")
    assert "Orchard harvest" in page.locator(".practice-hit").first.inner_text()
    page.click("#facet-country a:has-text('Spain')")
    page.wait_for_selector("#active-filters")
    assert "country=ESP" in page.url
    page.click(f"a[href='/practices/{slug}']")
    page.wait_for_selector("#practice-title")
    assert "Morocco" in page.locator("#practice-facts").inner_text()
    page.goto("/countries/ESP")
    assert slug in page.locator("#related-practices").inner_html()
    page.goto("/gcm/objectives/5")
    assert slug in page.locator("#related-practices").inner_html()
