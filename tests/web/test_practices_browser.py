"""Practices in headless Chromium against a real server, on both backends: a contributor
drafts a practice on the form and submits it; a moderator assigns reviewers on the record's
page and the reviewers return it with comments there, which its authors see and a reader and
another contributor do not; the authors write a new version, the reviewers approve it and it
is published; a reader finds it by search and by facet, as a similar practice on another
practice's page, and on the country profile and the objective page."""

from __future__ import annotations

import uuid
from typing import Any

from tests.web.conftest import LiveServer
from tests.web.test_workspace_browser import (
    _confirm,
    _review_through_api,
    _sign_up,
    _signed_in,
    _user,
)

COMMENT = "Please say how many workers the scheme recruited each season."


def _draft(page: Any, title: str, summary: str) -> str:
    """Fill the practice form, save and submit the draft; the practice's stable id."""
    page.goto("/practices/new")
    page.fill("#f-title", title)
    page.fill("#f-summary", summary)
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
    return str(page.url.rsplit("/", 1)[1])


def _assign(moderator: Any, slug: str, reviewers: list[tuple[int, str]]) -> None:
    """The moderator opens the review page from the practice and assigns each reviewer, the
    first as the internal one."""
    moderator.goto(f"/practices/{slug}")
    moderator.click("#review-link")
    for i, (reviewer_id, _) in enumerate(reviewers):
        moderator.wait_for_selector("#assign-form")
        moderator.select_option("#reviewer_id", str(reviewer_id))
        if i == 0:
            moderator.check("#assign-form input[name=internal]")
        moderator.click("#assign-form button")
        moderator.wait_for_selector(f"#reviews li:nth-child({i + 1})")


def _review(page: Any, slug: str, decision: str, comment: str = "") -> None:
    page.goto(f"/practices/{slug}")
    page.click("#review-link")
    page.select_option("#decision", decision)
    page.fill("#comment", comment)
    page.click("#review-form button")
    page.wait_for_selector("#latest-state")


def test_draft_review_return_publish_and_find_a_practice(
    browser: Any, page: Any, live_server: LiveServer
) -> None:
    author = _sign_up(page)
    _confirm(page, live_server, author)
    page.fill("#org-name", f"Ministry of Labour of Ruritania {uuid.uuid4().hex[:6]}")
    page.select_option("#org-kind", "state")
    page.click("#propose-organisation button")
    page.wait_for_selector("#organisations li")
    title = "Orchard harvest mobility scheme between Morocco and Spain"
    slug = _draft(page, title, "Seasonal orchard harvest workers recruited in Morocco for Spain.")

    moderator = _signed_in(browser, live_server, _user(live_server, "moderator")[1])
    reviewers = [_user(live_server, "reviewer") for _ in range(3)]
    _assign(moderator, slug, reviewers)
    desks = [_signed_in(browser, live_server, email) for _, email in reviewers]
    for desk in desks:  # the hub's rule: one internal and two external reviews, agreeing
        _review(desk, slug, "return", COMMENT)
    assert desks[2].locator("#latest-state").first.inner_text() == "returned"

    page.goto(f"/practices/{slug}")
    assert page.locator("#latest-state").first.inner_text() == "returned"
    assert COMMENT in page.locator("#reviews").inner_text()
    reader = browser.new_context(base_url=live_server.url).new_page()
    other = browser.new_context(base_url=live_server.url).new_page()
    _confirm(other, live_server, _sign_up(other))
    for outsider in (reader, other):
        response = outsider.goto(f"/practices/{slug}")
        assert response.status == 404
        assert COMMENT not in outsider.content()
        assert "Orchard harvest" not in outsider.content()

    page.click("#edit-practice")
    page.fill("#f-summary", "Seasonal orchard harvest workers, 250 a season, recruited in Morocco.")
    page.click("#save-practice")
    page.wait_for_selector(".submit-practice button")
    page.click(".submit-practice button")
    page.wait_for_selector("#latest-state:has-text('submitted')")
    _assign(moderator, slug, reviewers)
    for desk in desks:
        _review(desk, slug, "approve")
    assert desks[-1].locator("#latest-state").first.inner_text() == "published"

    reader.goto("/practices")
    reader.fill("#practice-q", "orchard harvest")
    reader.click("#practice-search button")
    reader.wait_for_selector(".practice-hit")
    assert "Orchard harvest" in reader.locator(".practice-hit").first.inner_text()
    reader.click("#facet-country a:has-text('Spain')")
    reader.wait_for_selector("#active-filters")
    assert "country=ESP" in reader.url
    reader.click(f"a[href='/practices/{slug}']")
    reader.wait_for_selector("#practice-title")
    assert "Morocco" in reader.locator("#practice-facts").inner_text()
    assert "250 a season" in reader.locator("#practice-summary").inner_text()
    assert COMMENT not in reader.content()
    reader.goto("/countries/ESP")
    assert slug in reader.locator("#related-practices").inner_html()
    reader.goto("/gcm/objectives/5")
    assert slug in reader.locator("#related-practices").inner_html()

    # a second, like practice, published through the API: the reader finds the first on its page
    twin = _draft(
        page,
        "Orchard harvest mobility between Morocco and Spain, second season",
        "Seasonal orchard harvest workers from Morocco recruited for Spain again.",
    )
    _review_through_api(live_server, f"/api/practices/{twin}", reviewers)
    reader.goto(f"/practices/{twin}")
    reader.wait_for_selector("#similar-practices")
    assert slug in reader.locator("#similar-practices").inner_html()
    for p in (moderator, reader, other, *desks):
        p.context.close()
