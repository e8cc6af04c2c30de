"""In Chromium: the new treaty pages (map, timeline, coverage), and the page that takes any
pasted list of states."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import LiveServer
from tests.web.test_browser import map_drawn

NEW_INSTRUMENTS = ("statelessness-convention-1954", "statelessness-convention-1961", "untoc")
# One state a line, in the spellings people paste: names, an ISO3 and an ISO2 code, an M49
# code, accents and apostrophes, and a named set.
PASTED = "\n".join(
    [
        "Mexico",
        "united states of america",
        "GTM",
        "SV",
        "340",
        "Côte d'Ivoire",
        "Türkiye",
        "Russia",
        "Viet Nam",
        "set:g20",
    ]
)


@pytest.mark.parametrize("instrument", NEW_INSTRUMENTS)
def test_new_instrument_page_draws_its_map_timeline_and_coverage(
    page: Any, live_server: LiveServer, instrument: str
) -> None:
    page.goto(f"/instruments/{instrument}")
    map_drawn(page, "instrument")
    api = live_server.api(f"/api/instruments/{instrument}/parties", limit=1000)["meta"]
    assert page.locator("[data-parties]").inner_text() == str(api["counts"]["party"])
    assert page.locator("[data-in-force]").inner_text() == str(api["counts"]["in_force"])
    page.wait_for_selector("#timeline-chart svg")
    page.wait_for_selector("#coverage-chart svg")
    coverage = live_server.api("/api/analysis/coverage", instrument=instrument)
    series = page.locator("[data-coverage-series] tbody tr")
    assert series.count() == len(coverage["data"])
    first = coverage["data"][0]
    assert series.first.locator("td").first.inner_text() == str(first["parties"])
    assert "parties in force" in page.locator("[data-counts]").inner_text()
    assert "as of" in page.locator(".note.warning").first.inner_text()
    assert page.console.errors == []


def test_an_earlier_year_counts_ratifications_and_parties_in_force_apart(page: Any) -> None:
    page.goto("/instruments/untoc")
    page.fill("#as_of", "2002")
    page.click("form.inline-form button[type=submit]")
    page.wait_for_url(re.compile(r"as_of=2002"))
    assert int(page.locator("[data-parties]").inner_text()) > 0
    assert page.locator("[data-in-force]").inner_text() == "0"


def test_a_pasted_list_in_several_spellings_shows_the_room_and_the_coalition(
    page: Any, live_server: LiveServer
) -> None:
    page.goto("/")
    page.get_by_role("link", name="Any list of states").click()
    page.wait_for_url("**/states")
    page.fill("#states", PASTED)
    page.click("form[data-state-list] button[type=submit]")
    page.wait_for_url(re.compile(r"states="))
    codes = set(
        page.locator("[data-members] tbody tr").evaluate_all(
            "rows => rows.map(r => r.dataset.code)"
        )
    )
    assert {"MEX", "USA", "GTM", "SLV", "HND", "CIV", "TUR", "RUS", "VNM"} <= codes
    api = live_server.api("/api/analysis/representation", states=";".join(PASTED.splitlines()))[
        "meta"
    ]["summary"]
    assert len(codes) == api["states"]
    shown = page.locator("[data-share-destination]").get_attribute("data-share-destination")
    assert float(shown) == pytest.approx(api["share_of_migrants_by_destination"])
    assert "European Union" in page.locator("[data-not-states]").inner_text()
    assert page.locator("[data-additions] tbody tr").count() > 0
    assert page.locator("[data-inside-share]").count() == 1
    assert page.console.errors == []


def test_an_unknown_name_in_the_list_is_named_with_close_matches(page: Any) -> None:
    response = page.goto("/states?states=Mexico%0AFrnace")
    assert response.status == 422
    assert "Frnace" in page.locator("[data-problem]").inner_text()
    assert "FRA" in page.locator("main").inner_text()


def test_a_day_before_a_partys_own_entry_into_force_shows_it_not_yet_bound(page: Any) -> None:
    page.goto("/instruments/refugee-convention-1951")
    page.fill("#on", "2005-11-27")
    page.locator("#on").press("Enter")
    page.wait_for_url(re.compile(r"on=2005-11-27"))
    status = page.locator("section[aria-labelledby=status-title]")
    row = status.locator("tr", has=page.locator('a[href="/countries/AFG"]'))
    assert "not yet in force" in row.inner_text()
    assert "art. 43(2)" in page.locator("[data-state-entry]").inner_text()
    before = int(page.locator("[data-in-force]").inner_text())
    page.fill("#on", "2005-11-28")
    page.locator("#on").press("Enter")
    page.wait_for_url(re.compile(r"on=2005-11-28"))
    assert int(page.locator("[data-in-force]").inner_text()) == before + 1
    assert page.console.errors == []
