"""End to end in headless Chromium against a real server: what a user sees and clicks."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

from tests.web.conftest import LiveServer

PAGES = (
    "/",
    "/?layer=instrument&instrument=cat&as_of=1995",
    "/countries",
    "/countries/MAR",
    "/instruments/icmw",
    "/gcm",
    "/gcm/objectives/23",
    "/corridors?origin=MAR&group_by=destination",
    "/north-south?since=2000",
    "/forums",
    "/forums/colombo-process?as_of=2014",
    "/forums/gfmd",
    "/meetings/gfmd-2008",
    "/actors/iom",
    "/instruments/refugee-convention-1951",
    "/instruments/gcm",
    "/?layer=membership&forum=rabat-process",
    "/search?q=mar",
    "/sources",
)


def map_drawn(page: Any, layer: str) -> None:
    page.wait_for_selector(f'#map-canvas[data-drawn="{layer}"] svg path', timeout=20_000)


def test_home_map_draws_and_switches_layer(page: Any) -> None:
    page.goto("/")
    map_drawn(page, "immigrants")
    assert page.locator("#map-canvas svg path").count() > 150
    page.select_option("#layer", "gcm-vote")
    map_drawn(page, "gcm-vote")
    assert "layer=gcm-vote" in page.url
    assert "GCM" in page.locator("#map-title").inner_text()
    assert page.locator("[data-map-csv]").get_attribute("href").startswith("/api/votes/")
    page.locator("details.data summary").click()
    row = page.locator("[data-map-table] tbody tr", has_text="Hungary")
    assert row.locator("td").inner_text() == "no"
    assert page.console.errors == []


def test_instrument_layer_shows_its_fields_only_when_chosen(page: Any) -> None:
    page.goto("/")
    assert page.locator("#instrument").is_hidden()
    page.select_option("#layer", "instrument")
    assert page.locator("#instrument").is_visible()
    map_drawn(page, "instrument")
    page.select_option("#instrument", "cat")
    page.wait_for_url(re.compile(r"instrument=cat"))
    map_drawn(page, "instrument")
    assert "CAT" in page.locator("#map-title").inner_text()


def test_search_a_country_and_check_its_profile_against_the_api(
    page: Any, live_server: LiveServer
) -> None:
    page.goto("/")
    page.fill("#site-search", "Moroc")
    result = page.locator("#site-search-results a", has_text="Morocco")
    result.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent").startswith("Morocco")
    page.keyboard.press("Enter")
    page.wait_for_url("**/countries/MAR")
    assert page.locator("h1").inner_text() == "Morocco"
    immigrants = live_server.api("/api/stock", edition="2024", destination="MAR")["meta"]["total"]
    emigrants = live_server.api("/api/stock", edition="2024", origin="MAR")["meta"]["total"]
    figures = page.locator(".figure-value").all_inner_texts()
    assert f"{immigrants:,.0f}" in figures
    assert f"{emigrants:,.0f}" in figures
    page.wait_for_selector("#position-chart svg")
    assert page.console.errors == []


def test_download_a_csv_and_check_its_rows(page: Any, live_server: LiveServer) -> None:
    page.goto("/countries/MAR")
    link = page.locator("a[download][href*='group_by=origin']").first
    with page.expect_download() as info:
        link.click()
    path = info.value.path()
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    api = live_server.api(
        "/api/stock",
        edition="undesa-ims-2024",
        year=2024,
        destination="MAR",
        group_by="origin",
        limit=1000,
    )
    assert len(rows) == api["total_rows"]
    assert rows[0]["origin"] == api["data"][0]["origin"]
    assert int(rows[0]["stock"]) == api["data"][0]["stock"]


def test_corridor_explorer_keeps_its_filters_in_the_address(page: Any) -> None:
    page.goto("/corridors")
    page.fill("#origin", "MAR")
    page.select_option("#group_by", "destination")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"origin=MAR.*group_by=destination"))
    page.wait_for_selector("#corridor-chart svg")
    assert "France" in page.locator("table").first.inner_text()


@pytest.mark.parametrize("path", PAGES)
def test_no_console_errors(page: Any, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if page.locator("#map-canvas").count():
        page.wait_for_selector("#map-canvas[data-drawn] svg")
    assert page.console.errors == []


def test_unknown_country_page_offers_the_match(page: Any) -> None:
    response = page.goto("/countries/Marocco")
    assert response.status == 404
    page.get_by_role("link", name=re.compile("Morocco")).click()
    page.wait_for_url("**/countries/MAR")
    own = [e for e in page.console.errors if "404" not in e]  # the 404 of the page itself
    assert own == []


def test_forum_page_as_of_a_past_year_shows_the_api_members(
    page: Any, live_server: LiveServer
) -> None:
    page.goto("/forums/colombo-process")
    page.fill("#as_of", "2014")
    page.click("form.inline-form button[type=submit]")
    page.wait_for_url(re.compile(r"as_of=2014"))
    api = live_server.api("/api/forums/colombo-process", as_of=2014)["data"]
    names = {m["actor_name"] for m in api["members"]}
    shown = set(page.locator("[data-members] tbody th").all_inner_texts())
    assert shown == names and len(names) == api["member_count"]
    assert page.locator("h1").inner_text().endswith("as of 2014")
    map_drawn(page, "membership")
    first = page.locator("[data-members] details.said").first
    first.locator("summary").click()
    assert api["members"][0]["source_says"][:30] in first.inner_text()
    assert page.console.errors == []


def test_home_map_switches_to_a_process_membership(page: Any, live_server: LiveServer) -> None:
    page.goto("/")
    assert page.locator("#forum").is_hidden()
    page.select_option("#layer", "membership")
    assert page.locator("#forum").is_visible() and page.locator("#as_of").is_visible()
    map_drawn(page, "membership")
    page.select_option("#forum", "colombo-process")
    page.wait_for_url(re.compile(r"forum=colombo-process"))
    page.fill("#as_of", "2024")
    page.press("#as_of", "Enter")
    page.wait_for_url(re.compile(r"as_of=2024"))
    page.wait_for_function(
        "document.getElementById('map-title').textContent.includes('as of 2024')"
    )
    map_drawn(page, "membership")
    page.locator("details.data summary").click()
    rows = page.locator("[data-map-table] tbody th").all_inner_texts()
    api = live_server.api("/api/forums/colombo-process", as_of=2024)["data"]
    states = {r["actor_name"] for r in api["roles"] if r["actor_type"] == "state"}
    assert set(rows) == states
    assert page.console.errors == []


@pytest.mark.parametrize(
    ("typed", "kind", "path"),
    (("Colombo", "forum", "/forums/colombo-process"), ("ICMW", "instrument", "/instruments/icmw")),
)
def test_instant_search_finds_a_forum_and_an_instrument(
    page: Any, typed: str, kind: str, path: str
) -> None:
    page.goto("/")
    page.fill("#site-search", typed)
    hit = page.locator(f'#site-search-results a[data-kind="{kind}"]').first
    hit.wait_for()
    hit.click()
    page.wait_for_url(f"**{path}")
    assert page.locator("h1").count() == 1
    assert page.console.errors == []
