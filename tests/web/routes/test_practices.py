"""Practice pages: search with facets in the URL, a practice, the draft form with its field
errors, calls for practices, and the practices other pages include."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web_session import Browser
from tests.workspace_fixtures import Workspace


def signed_in(client: TestClient, email: str) -> Browser:
    browser = Browser(client.app)  # type: ignore[arg-type]
    browser.sign_in(email)
    return browser


def test_search_page_with_facets_in_the_url(seeded_client: TestClient) -> None:
    page = seeded_client.get("/practices", params={"q": "seasonal workers"}).text
    assert "Seasonal Worker Programme" in page and "<mark>" in page
    assert 'id="facet-objective"' in page
    link = re.search(r'href="(/practices\?q=seasonal\+workers&amp;country=([A-Z]{3}))"', page)
    assert link is not None
    narrowed = seeded_client.get(link.group(1).replace("&amp;", "&")).text
    assert "Filtered by" in narrowed and f"country={link.group(2)}" in narrowed


def test_practice_page_and_the_pages_that_include_practices(seeded_client: TestClient) -> None:
    page = seeded_client.get("/practices/thamm").text
    assert "Towards a Holistic Approach" in page and "imported from source" in page
    assert 'id="similar-practices"' in page and "Sign in</a> to see the contact" in page
    country = seeded_client.get("/countries/MAR").text
    assert 'id="related-practices"' in country and "/practices/thamm" in country
    objective = seeded_client.get("/gcm/objectives/5").text
    assert "/practices?objective=5" in objective
    assert objective.count('href="/practices/') >= 5
    forum = seeded_client.get("/forums/gfmd").text
    assert 'id="related-practices"' in forum
    corridor = seeded_client.get("/corridors", params={"origin": "MAR", "destination": "DEU"}).text
    assert "/practices/thamm" in corridor


def test_the_draft_form_names_bad_fields_and_saves_a_good_draft(
    seeded_client: TestClient, workspace: Workspace
) -> None:
    org = workspace.organisation("A ministry drafting on a page")
    user = workspace.user("contributor", org)
    browser = signed_in(seeded_client, workspace.email(user))
    browser.get("/practices/new")
    form = {
        "organisation_id": org,
        "lead_organisations": org,
        "title": "A page-drafted practice on orchard work",
        "summary": "Seasonal orchard work between Morocco and Spain, drafted on a page.",
        "countries": "MAR ESQ",
        "corridors": "MAR > ESP",
        "type": "programme",
        "primary": "5",
        "start": "2021",
    }
    bad = browser.post("/practices/new", form)
    assert bad.status_code == 422 and "ESP (Spain)" in bad.text and "countries.1" in bad.text
    form["countries"] = "MAR ESP"
    good = browser.post("/practices/new", form)
    assert good.status_code == 303, good.text
    page = browser.get(good.headers["location"]).text
    assert "draft" in page and "Submit for review" in page and 'id="suggested-objectives"' in page


def test_a_moderator_opens_a_call(seeded_client: TestClient, workspace: Workspace) -> None:
    browser = signed_in(seeded_client, workspace.email(workspace.user("moderator")))
    browser.get("/practice-calls")
    response = browser.post(
        "/practice-calls",
        {
            "title": "Practices on fair recruitment",
            "theme": "Ethical recruitment of migrant workers, with results",
            "objectives": ["6"],
            "deadline": "2099-01-31",
        },
    )
    assert response.status_code == 303, response.text
    call = seeded_client.get(response.headers["location"]).text
    assert "Practices on fair recruitment" in call and "Answer this call" in call


def test_partner_and_gap_pages_run_the_declared_analyses(seeded_client: TestClient) -> None:
    page = seeded_client.get("/partners", params={"objective": 5, "country": "MAR"})
    assert page.status_code == 200 and 'id="partners"' in page.text
    assert "shared objectives 5" in page.text
    assert "/api/analysis/partners?objective=5&amp;country=MAR" in page.text
    api = seeded_client.get("/api/analysis/partners", params={"objective": 5, "country": "MAR"})
    first = api.json()["data"][0]
    assert (first["name"] or first["id"]) in page.text
    unknown = seeded_client.get("/partners", params={"country": "MAX"})
    assert unknown.status_code == 422 and "MAR" in unknown.text
    gaps = seeded_client.get("/practice-gaps").text
    assert 'id="gap-corridors"' in gaps and 'id="gap-forums"' in gaps
    assert "/api/analysis/practice-gaps?table=corridors" in gaps
