"""Pledges in headless Chromium against a real server, on both backends: a pledger registers
a joint pledge on the form, a partner registers a pledge that matches it, the pledger reports
progress, a moderator confirms the fulfilment, and the dashboard and the country report show
each step; a pledge past its deadline shows its flag everywhere, and the list of pledges
filters by status and flag through its form."""

from __future__ import annotations

import uuid
from typing import Any

from tests.api.test_pledges import DESCRIPTION
from tests.web.conftest import LiveServer
from tests.web.test_workspace_browser import (
    PASSWORD,
    _confirm,
    _review_through_api,
    _sign_up,
    _user,
)

COUNTRY = "SEN"


def _organisation(page: Any, name: str) -> None:
    page.fill("#org-name", name)
    page.select_option("#org-kind", "civil-society")
    page.click("#propose-organisation button")
    page.wait_for_selector("#organisations li")


def _register(page: Any, title: str, deadline: str, partner: str = "") -> int:
    """Fill the pledge form (opened already), save the draft, submit it; the pledge's id."""
    page.fill("#f-title", title)
    page.select_option("#f-kind", "human_resources")
    page.fill("#f-description", DESCRIPTION)
    page.fill("#f-partners", partner)
    page.fill("#f-objectives", "6")
    page.fill("#f-countries", COUNTRY)
    page.fill("#f-metric", "labour inspectors trained")
    page.fill("#f-target", "2,000")
    page.fill("#f-deadline", deadline)
    page.click("#save-pledge")
    page.wait_for_selector("#latest-state:has-text('draft')")
    page.click(".submit-pledge button")
    page.wait_for_selector("#latest-state:has-text('submitted')")
    return int(page.url.rsplit("/", 1)[1])


def _publish(live_server: LiveServer, record_id: int) -> None:
    _review_through_api(live_server, f"/api/records/pledge/{record_id}")


def _dashboard(page: Any) -> dict[str, int]:
    page.goto("/pledges/dashboard")
    figures = page.locator("[data-summary]")
    return {
        name: int(figures.locator(f"[data-{name}]").get_attribute(f"data-{name}"))
        for name in ("pledges", "with-updates", "fulfilled", "overdue")
    }


def _report_row(page: Any, title: str) -> str:
    page.goto(f"/reports/country/{COUNTRY}")
    return str(page.locator("#section-pledges tr", has_text=title).inner_text())


def _update(page: Any, status: str, narrative: str, value: str) -> None:
    page.select_option("#u-status", status)
    page.fill("#u-narrative", narrative)
    page.fill("#u-value", value)
    page.fill("#u-evidence", "https://example.org/progress")
    page.click("#save-update")
    page.wait_for_selector(f"#update-table tr:has-text('{narrative}')")


def test_a_joint_pledge_matched_updated_and_confirmed(
    page: Any, browser: Any, live_server: LiveServer
) -> None:
    tag = uuid.uuid4().hex[:6]
    partner = browser.new_context(base_url=live_server.url)
    partner_page = partner.new_page()
    _confirm(partner_page, live_server, _sign_up(partner_page))
    _organisation(partner_page, f"Migrant workers' network {tag}")

    before = _dashboard(page)
    _confirm(page, live_server, _sign_up(page))
    _organisation(page, f"Ministry of Labour {tag}")
    page.goto("/pledges/new")
    partner_id = page.locator(
        "#organisation-ids li", has_text=f"Migrant workers' network {tag}"
    ).locator("code")
    title = f"Train labour inspectors {tag}"
    pledge_id = _register(page, title, "2035", str(partner_id.text_content()).strip())
    assert f"Migrant workers' network {tag}" in page.locator("#pledge-partners").inner_text()
    _publish(live_server, pledge_id)
    page.goto(f"/pledges/{pledge_id}")
    assert page.locator("#pledge-status").inner_text() == "planned"
    assert "planned" in _report_row(page, title)

    partner_page.goto(f"/pledges/{pledge_id}")
    partner_page.click("#match-pledge")
    assert partner_page.locator("#f-matches").input_value() == str(pledge_id)
    match_id = _register(partner_page, f"Train the trainers of inspectors {tag}", "2035")
    _publish(live_server, match_id)
    page.goto(f"/pledges/{pledge_id}")
    assert f"pledge {match_id}" in page.locator("#pledge-matched-by").inner_text()
    published = _dashboard(page)
    assert published["pledges"] == before["pledges"] + 2

    page.goto(f"/pledges/{pledge_id}")
    _update(page, "in_progress", "The first 400 inspectors are trained.", "400")
    assert page.locator("#pledge-status").inner_text() == "in progress"
    assert "in progress" in _report_row(page, title)
    assert _dashboard(page)["with-updates"] == published["with-updates"] + 1
    page.goto(f"/pledges/{pledge_id}")
    _update(page, "fulfilled", "All 2,000 inspectors are trained.", "2000")
    assert "awaits a moderator" in page.locator("#update-table").inner_text()
    assert page.locator("#fulfilment-pending").is_visible()
    assert _dashboard(page)["fulfilled"] == before["fulfilled"]

    moderator = browser.new_context(base_url=live_server.url)
    moderator_page = moderator.new_page()
    moderator_page.goto("/signin")
    moderator_page.fill("#email", _user(live_server, "moderator")[1])
    moderator_page.fill("#password", PASSWORD)
    moderator_page.click("#signin-form button[type=submit]")
    moderator_page.wait_for_url("**/account")
    moderator_page.goto(f"/pledges/{pledge_id}")
    moderator_page.click("#update-2 .confirm-form button")
    moderator_page.wait_for_selector("#pledge-status:has-text('fulfilled')")
    assert "confirmed" in moderator_page.locator("#update-2").inner_text()
    assert _dashboard(page)["fulfilled"] == before["fulfilled"] + 1
    assert "fulfilled" in _report_row(page, title)

    overdue = f"Open labour desks {tag}"
    page.goto("/pledges/new")
    late_id = _register(page, overdue, "2020")
    _publish(live_server, late_id)
    page.goto(f"/pledges/{late_id}")
    assert "overdue" in page.locator("#pledge-flags").inner_text()
    assert _dashboard(page)["overdue"] == before["overdue"] + 1
    assert "overdue" in _report_row(page, overdue)

    page.goto("/pledges")  # the list filters through its form, and keeps the filter in the URL
    page.select_option("#f-status", "fulfilled")
    with page.expect_navigation():
        page.click("#pledge-filters button[type=submit]")
    assert "status=fulfilled" in page.url
    listed = page.locator("#pledge-table tbody").inner_text()
    assert title in listed and overdue not in listed
    assert page.locator("#f-status").input_value() == "fulfilled"
    page.select_option("#f-status", "")
    page.select_option("#f-flag", "overdue")
    with page.expect_navigation():
        page.click("#pledge-filters button[type=submit]")
    assert "flag=overdue" in page.url
    row = page.locator("#pledge-table tr", has_text=overdue)
    assert "Overdue" in row.inner_text() and title not in page.locator("#pledge-table").inner_text()
    partner.close()
    moderator.close()
    assert page.console.errors == []
