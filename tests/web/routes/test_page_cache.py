"""The home page and the country profiles are rendered once per build: a rebuild changes
what they show at once, and a practice published in the workspace shows on the next request
of a profile that was already kept, in this process at once and in another within a moment;
a kept page answers 304 to its ETag."""

from __future__ import annotations

import re
import time

from fastapi.testclient import TestClient

from commonground.app import create_app
from commonground.evidence.build import build
from commonground.workspace.stamp_watch import REFRESH_WITHIN
from tests.api.test_practices import Cast, cast, client, create, draft, publish
from tests.conftest import Built
from tests.workspace_fixtures import Workspace

__all__ = ["cast", "client"]  # fixtures of the practices' API tests, over a seeded workspace


def build_shown(page: str) -> str:
    found = re.search(r'<code class="build-id">([^<]+)</code>', page)
    assert found is not None, "the footer names the evidence build"
    return found.group(1)


def test_a_rebuild_changes_the_kept_home_page_and_profile(client: TestClient, built: Built) -> None:
    home, profile = client.get("/"), client.get("/countries/MAR")
    assert home.status_code == profile.status_code == 200
    assert client.get("/").text == home.text  # kept: the same page again
    before = build_shown(home.text)
    assert build_shown(profile.text) == before == client.get("/api").json()["build"]["id"]
    build(built.settings, pg_schema=built.schema)
    time.sleep(0.5)  # the server looks for a new SQLite file at most every 0.2 s
    after = client.get("/api").json()["build"]["id"]
    assert after != before
    assert build_shown(client.get("/").text) == after
    again = client.get("/countries/MAR")
    assert build_shown(again.text) == after and "Morocco" in again.text


def test_a_practice_published_shows_on_the_next_request_of_a_kept_profile(
    client: TestClient, cast: Cast
) -> None:
    title = "Orchard workers recruited in Morocco for a harvest abroad, shown on the profile"
    first = client.get("/countries/MAR").text
    assert title not in first and client.get("/countries/MAR").text == first
    practice = create(client, cast, draft(cast, title=title))
    publish(client, cast, practice["slug"])
    shown = client.get("/countries/MAR").text
    assert title in shown and 'id="related-practices"' in shown


def test_a_kept_page_answers_304_to_its_etag_until_a_practice_moves_it(
    client: TestClient, cast: Cast
) -> None:
    first = client.get("/countries/MAR")
    etag = first.headers["etag"]
    assert first.headers["x-build-id"] in etag and "no-cache" in first.headers["cache-control"]
    again = client.get("/countries/MAR", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    zipped = [client.get("/countries/MAR", headers={"Accept-Encoding": "gzip"}) for _ in "ab"]
    assert all(z.headers["content-encoding"] == "gzip" for z in zipped)
    assert zipped[0].text == zipped[1].text == first.text
    title = "Seasonal farm workers from Morocco with a return ticket, changing the ETag of the page"
    publish(client, cast, create(client, cast, draft(cast, title=title))["slug"])
    moved = client.get("/countries/MAR", headers={"If-None-Match": etag})
    assert moved.status_code == 200 and title in moved.text
    assert moved.headers["etag"] != etag


def test_a_practice_published_through_another_process_shows_within_a_moment(
    client: TestClient, cast: Cast, workspace: Workspace
) -> None:
    title = "Hospitality workers from Morocco trained before departure, published elsewhere"
    assert title not in client.get("/countries/MAR").text
    other_app = create_app(workspace.settings, workspace.built.schema)
    with TestClient(other_app, base_url="http://127.0.0.1") as other:
        publish(other, cast, create(other, cast, draft(cast, title=title))["slug"])
    other_app.state.evidence.dispose()
    other_app.state.workspace.dispose()
    time.sleep(REFRESH_WITHIN + 0.2)
    assert title in client.get("/countries/MAR").text
