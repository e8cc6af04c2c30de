"""The home page and the country profiles are rendered once per build: a rebuild changes
what they show at once, and a practice published in the workspace shows on the next request
of a profile that was already kept."""

from __future__ import annotations

import re
import time

from fastapi.testclient import TestClient

from commonground.evidence.build import build
from tests.api.test_practices import Cast, cast, client, create, draft, publish
from tests.conftest import Built

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
