"""The lists of follow-up in the pages, on both backends, over the curated pledges and
recommendations imported as on a first run: the pledge list shows a real pledge with its
flags, a filter narrows it and the count is the API's total, the CSV link gives the same
rows; the recommendation pages show a GFMD recommendation with its source and the words it
rests on; the completion page gives the API's figures; the meeting and forum pages list
their recommendations with the share completed."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from commonground.app import create_app
from commonground.workspace.followup_curation import curated_pledges, curated_recommendations
from commonground.workspace.followup_seed import import_followup
from tests.api.test_pledges import Clock
from tests.web_session import Browser
from tests.workspace_fixtures import Workspace


@pytest.fixture(scope="module")
def site(workspace: Workspace) -> Iterator[TestClient]:
    import_followup(workspace.engine)
    app = create_app(workspace.settings, workspace.built.schema)
    clock = Clock()
    clock.today = date(2026, 12, 1)
    app.state.clock = clock
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client
    app.state.evidence.dispose()
    app.state.workspace.dispose()


def count_on(page: str) -> int:
    found = re.search(r'id="result-count" data-total="(\d+)"', page)
    assert found, "the page states how many rows match"
    return int(found.group(1))


def link(page: str, element_id: str) -> str:
    found = re.search(rf'<a href="([^"]+)" id="{element_id}"', page)
    assert found, f"no link #{element_id}"
    return html.unescape(found.group(1))


def api_total(client: TestClient, path: str, **params: Any) -> int:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return int(r.json()["total_rows"])


def test_the_pledge_list_shows_a_real_pledge_with_its_flags(site: TestClient) -> None:
    page = site.get("/pledges")
    assert page.status_code == 200
    text = page.text
    assert count_on(text) == api_total(site, "/api/pledges") >= 40
    un = next(p for p in curated_pledges() if p["id"] == "gcm-pledge-un-system")
    rows = re.findall(r"<tr data-pledge=.*?</tr>", text, re.S)
    row = next(r for r in rows if f">{html.escape(un['title'])}</a>" in r)
    # the curation says it has no metric and no deadline: it is flagged, visibly
    assert 'data-flag="not_measurable"' in row and "Not measurable" in row
    assert un["source_url"] in row
    assert "Register a pledge" not in text  # only for people who are signed in


def test_a_filter_narrows_the_list_and_matches_the_api(site: TestClient) -> None:
    whole = count_on(site.get("/pledges").text)
    for params in (
        {"flag": "not_measurable"},
        {"kind": "financial"},
        {"status": "planned"},
        {"meeting": "imrf-2022"},
        {"objective": "23"},
    ):
        page = site.get("/pledges", params=params)
        assert page.status_code == 200, params
        shown = count_on(page.text)
        assert shown == api_total(site, "/api/pledges", **params), params
        assert shown < whole, f"{params} narrows nothing"
        assert f'value="{next(iter(params.values()))}"' in page.text  # the form keeps it
    flagged = site.get("/pledges?flag=not_measurable").text
    rows = re.findall(r"<tr data-pledge=.*?</tr>", flagged, re.S)
    assert rows and all('data-flag="not_measurable"' in r for r in rows)


def test_the_form_sends_its_empty_fields_and_they_filter_nothing(site: TestClient) -> None:
    blank = "status=&flag=&kind=&objective=&country=&meeting=&organisation=&as_of="
    whole = count_on(site.get("/pledges").text)
    page = site.get("/pledges?" + blank.replace("status=", "status=planned"))
    assert page.status_code == 200, page.text
    assert count_on(page.text) == api_total(site, "/api/pledges", status="planned") < whole
    recs = site.get("/recommendations?forum=&meeting=&status=&kind=&addressee=&objective=&as_of=")
    assert recs.status_code == 200 and count_on(recs.text) == api_total(
        site, "/api/recommendations"
    )
    done = site.get("/completion?forum=&meeting=&as_of=&by=objective")
    assert done.status_code == 200


def test_the_csv_link_gives_the_rows_of_the_page(site: TestClient) -> None:
    page = site.get("/pledges?flag=not_measurable").text
    url = link(page, "pledges-csv")
    assert url.startswith("/api/") and "flag=not_measurable" in url
    r = site.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == count_on(page)
    assert all("not_measurable" in row["flags"] for row in rows)
    ids = set(re.findall(r'<tr data-pledge="(\d+)"', page))
    assert ids <= {row["id"] for row in rows}


def test_the_list_pages_through_with_its_filters(site: TestClient) -> None:
    first = site.get("/pledges?kind=policy_oriented&limit=10").text
    total = count_on(first)
    assert total > 10, "the curated pledges fill more than one page"
    seen: list[str] = re.findall(r'<tr data-pledge="(\d+)"', first)
    assert len(seen) == 10
    page = first
    while 'id="next-page"' in page:
        url = link(page, "next-page")
        assert "kind=policy_oriented" in url and "limit=10" in url
        page = site.get(url).text
        seen += re.findall(r'<tr data-pledge="(\d+)"', page)
    assert len(seen) == len(set(seen)) == total
    assert 'id="previous-page"' in page


def test_an_empty_list_says_so(site: TestClient) -> None:
    page = site.get("/pledges?country=ATA")
    assert page.status_code == 200
    assert count_on(page.text) == 0
    assert "No published pledge matches these filters" in page.text


@pytest.mark.parametrize(
    "url, word",
    [
        ("/pledges?status=done", "status"),
        ("/pledges?flag=late", "flag"),
        ("/pledges?objective=24", "a GCM objective is a number from 1 to 23 (got &#39;24&#39;)"),
        ("/recommendations?objective=two", "a GCM objective is a number from 1 to 23"),
        ("/pledges?as_of=last-year", "a day is YYYY, YYYY-MM or YYYY-MM-DD"),
        ("/recommendations?status=finished", "status"),
        ("/recommendations?offset=-1", "offset"),
        ("/completion?by=colour", "by"),
    ],
)
def test_bad_filters_answer_422_with_a_page(site: TestClient, url: str, word: str) -> None:
    r = site.get(url)
    assert r.status_code == 422, url
    assert r.headers["content-type"].startswith("text/html")
    assert word in r.text and "Traceback" not in r.text


def test_a_signed_in_reader_is_offered_to_register_a_pledge(
    site: TestClient, workspace: Workspace
) -> None:
    browser = Browser(site.app)  # type: ignore[arg-type]
    browser.sign_in(workspace.email(workspace.user("contributor")))
    page = browser.get("/pledges")
    assert 'href="/pledges/new" id="new-pledge"' in page.text


def gfmd_recommendations(site: TestClient) -> list[dict[str, Any]]:
    r = site.get("/api/recommendations", params={"meeting": "gfmd-2008", "limit": 1000})
    rows: list[dict[str, Any]] = r.json()["data"]
    assert rows
    return rows


def test_the_recommendations_page_filters_as_the_api_does(site: TestClient) -> None:
    page = site.get("/recommendations").text
    assert count_on(page) == api_total(site, "/api/recommendations")
    gfmd = site.get("/recommendations?forum=gfmd").text
    assert count_on(gfmd) == api_total(site, "/api/recommendations", forum="gfmd")
    assert 0 < count_on(gfmd) < count_on(page)
    done = site.get("/recommendations?forum=gfmd&status=completed&as_of=2010").text
    assert count_on(done) == api_total(
        site, "/api/recommendations", forum="gfmd", status="completed", as_of="2010"
    )
    states = site.get("/recommendations?addressee=MEMBER%20states").text
    assert (
        0 < count_on(states) == api_total(site, "/api/recommendations", addressee="member states")
    )
    csv_url = link(done, "recommendations-csv")
    rows = list(csv.DictReader(io.StringIO(site.get(csv_url).text)))
    assert len(rows) == count_on(done) and {r["status"] for r in rows} == {"completed"}


def test_a_recommendation_page_shows_its_meeting_source_and_follow_up(site: TestClient) -> None:
    seeds = {
        (s["meeting"], s["text"].split()[0]): s
        for s in curated_recommendations()
        if s["meeting"] == "gfmd-2008"
    }
    row = gfmd_recommendations(site)[0]
    seed = next(s for (m, _), s in seeds.items() if s["text"].strip() == row["text"].strip())
    page = site.get(f"/recommendations/{row['id']}")
    assert page.status_code == 200
    text = page.text
    assert 'href="/meetings/gfmd-2008" id="recommendation-meeting"' in text
    assert html.escape(seed["text"].strip()) in text
    assert html.escape(seed["source_url"]) in text
    for who in seed["addressees"]:
        assert html.escape(who) in text
    assert f'data-status="{row["status"]}"' in text
    for answer in seed.get("answered_by") or []:
        assert f'data-answer="{answer}"' in text


def test_a_missing_recommendation_is_a_404_page(site: TestClient) -> None:
    r = site.get("/recommendations/999999")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "No published recommendation has the id 999999" in r.text
    assert '<nav aria-label="Main">' in r.text


def test_the_meeting_page_lists_its_recommendations(site: TestClient) -> None:
    rows = gfmd_recommendations(site)
    page = site.get("/meetings/gfmd-2008").text
    listed = re.findall(r'<tr data-recommendation="(\d+)"', page)
    assert sorted(listed) == sorted(str(r["id"]) for r in rows)
    done = sum(1 for r in rows if r["status"] == "completed")
    shown = re.search(r'id="meeting-completion" data-share="([^"]+)"', page)
    assert shown and float(shown.group(1)) == pytest.approx(done / len(rows))
    forum = site.get("/forums/gfmd").text
    cell = re.search(r'<td data-follow-up="gfmd-2008">(.*?)</td>', forum, re.S)
    assert cell and f">{len(rows)}</a>" in cell.group(1)


def test_the_completion_page_gives_the_api_figures(site: TestClient) -> None:
    page = site.get("/completion?forum=gfmd&as_of=2010&by=kind")
    assert page.status_code == 200
    api = site.get("/api/analysis/completion?forum=gfmd&as_of=2010&table=recommendations").json()
    s = api["meta"]["summary"]
    assert f'data-recommendations="{s["recommendations"]}"' in page.text
    assert f'data-completed="{s["recommendations_completed"]}"' in page.text
    for row in api["data"]:
        assert f'href="/meetings/{row["meeting"]}"' in page.text
    url = link(page.text, "csv-recommendations")
    got = list(csv.DictReader(io.StringIO(site.get(url).text)))
    assert {r["meeting"] for r in got} == {r["meeting"] for r in api["data"]}
    gaps = site.get("/api/analysis/completion?table=objectives_without").json()["data"]
    whole = site.get("/completion").text
    for row in gaps:
        assert f'data-objective="{row["objective"]}"' in whole
    assert "Group pledges by" in whole
