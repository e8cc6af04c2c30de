"""The pledge pages on both backends: the registration form names bad fields with the API's
messages and refuses a matching pledge that matches nothing, forms need their token and the
role, updates move only along the lifecycle, and only a moderator confirms a fulfilment."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

import pytest
from fastapi.testclient import TestClient

from commonground.app import create_app
from tests.api.test_pledges import DESCRIPTION, PLEDGE, Clock
from tests.web_session import Browser
from tests.workspace_fixtures import Workspace, auth

FORM = {
    "title": "Train labour inspectors in migrant workers' rights",
    "kind": "human_resources",
    "description": DESCRIPTION,
    "objectives": "6 22",
    "countries": "MAR",
    "metric": "labour inspectors trained",
    "target": "2,000",
    "deadline": "2023",
    "amount": "1500000",
    "currency": "USD",
    "evidence": "https://example.org/pledge",
}


@dataclass
class Pages:
    app: TestClient
    clock: Clock
    org: str
    partner_org: str
    pledger: Browser
    partner: Browser
    moderator: Browser
    reader: Browser
    reviewer_token: dict[str, str]
    reviewer_id: int
    moderator_token: dict[str, str]
    pledger_token: dict[str, str]


@pytest.fixture(scope="module")
def pages(workspace: Workspace) -> Iterator[Pages]:
    app = create_app(replace(workspace.settings, review_policy="1"), workspace.built.schema)
    clock = Clock()
    app.state.clock = clock
    org = workspace.organisation("Ministry of Labour, pledging on a page")
    partner_org = workspace.organisation("Migrant workers' network, a partner")

    def browser(role: str, *orgs: str, user: int | None = None) -> Browser:
        b = Browser(app)
        b.sign_in(workspace.email(user or workspace.user(role, *orgs)))
        return b

    pledger = workspace.user("contributor", org)

    reviewer = workspace.user("reviewer")
    moderator = workspace.user("moderator")
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield Pages(
            client,
            clock,
            org,
            partner_org,
            browser("contributor", user=pledger),
            browser("contributor", partner_org),
            browser("moderator"),
            browser("reader"),
            auth(workspace.token(reviewer)),
            reviewer,
            auth(workspace.token(moderator)),
            auth(workspace.token(pledger)),
        )
    app.state.evidence.dispose()
    app.state.workspace.dispose()


def register(b: Browser, data: dict[str, str]) -> tuple[int, str]:
    b.get("/pledges/new")
    response = b.post("/pledges/new", data)
    found = re.match(r"/pledges/(\d+)$", response.headers.get("location", ""))
    return (int(found.group(1)) if found else 0), response.text


def publish(p: Pages, b: Browser, record_id: int) -> None:
    b.get(f"/pledges/{record_id}")
    assert b.post(f"/pledges/{record_id}/submit").status_code == 303
    c = p.app
    c.post(
        f"/api/records/pledge/{record_id}/assign",
        json={"reviewer_id": p.reviewer_id},
        headers=p.moderator_token,
    ).raise_for_status()
    r = c.post(
        f"/api/records/pledge/{record_id}/review",
        json={"decision": "approve"},
        headers=p.reviewer_token,
    )
    assert r.json()["state"] == "published", r.text


def test_the_form_names_bad_fields_as_the_api_does(pages: Pages) -> None:
    short = {**FORM, "organisation_id": pages.org, "description": "Too short."}
    record_id, text = register(pages.pledger, short)
    assert record_id == 0
    api = pages.app.post(
        "/api/records/pledge",
        json={"organisation_id": pages.org, "data": {**PLEDGE, "description": "Too short."}},
        headers=pages.pledger_token,
    )
    assert api.status_code == 422
    assert html.escape(api.json()["error"]) in text
    assert "description: 300 to 3,000 characters, as the GCM pledging form asks (10 given)" in text
    assert 'value="labour inspectors trained"' in text  # what was typed is kept
    mine = {**FORM, "organisation_id": pages.org}
    record_id, text = register(pages.pledger, {**mine, "currency": ""})
    assert record_id == 0 and "currency: an amount needs its currency" in text
    record_id, text = register(pages.pledger, {**mine, "deadline": "soon"})
    assert record_id == 0 and "invalid pledge: deadline: String should match pattern" in text


def test_a_matching_pledge_must_match_a_pledge_and_a_joint_one_real_partners(
    pages: Pages,
) -> None:
    record_id, text = register(
        pages.partner, {**FORM, "organisation_id": pages.partner_org, "matches": "999999"}
    )
    assert record_id == 0 and "matches: no pledge 999999 to match" in text
    record_id, text = register(
        pages.pledger, {**FORM, "organisation_id": pages.org, "partners": "no-such-org"}
    )
    assert record_id == 0 and "partners.0: no organisation &#39;no-such-org&#39;" in text


def test_forms_need_their_token_and_the_role(pages: Pages) -> None:
    data = {**FORM, "organisation_id": pages.org}
    pages.pledger.get("/pledges/new")
    assert pages.pledger.post("/pledges/new", data, token="").status_code == 403
    assert pages.pledger.post("/pledges/new", data, token="forged").status_code == 403
    pages.reader.get("/pledges/new")
    assert pages.reader.post("/pledges/new", data).status_code == 403
    anonymous = Browser(pages.app.app)  # type: ignore[arg-type]
    anonymous.get("/pledges/dashboard")
    assert anonymous.post("/pledges/new", data).status_code == 401


def test_register_update_and_confirm_through_the_pages(pages: Pages) -> None:
    pages.clock.today = date(2022, 6, 1)
    data = {**FORM, "organisation_id": pages.org, "partners": pages.partner_org}
    record_id, _ = register(pages.pledger, data)
    assert record_id > 0
    page = pages.pledger.get(f"/pledges/{record_id}").text
    assert "Migrant workers&#39; network, a partner" in page and 'id="latest-state">draft' in page
    publish(pages, pages.pledger, record_id)
    api = pages.app.get(f"/api/pledges/{record_id}").json()["pledge"]
    assert api["published"]["data"]["partners"] == [pages.partner_org]
    assert api["published"]["data"]["objectives"] == [6, 22]
    assert api["published"]["data"]["amount"] == 1_500_000

    match_id, _ = register(
        pages.partner, {**FORM, "organisation_id": pages.partner_org, "matches": str(record_id)}
    )
    publish(pages, pages.partner, match_id)
    assert f'href="/pledges/{match_id}"' in pages.app.get(f"/pledges/{record_id}").text

    b = pages.pledger
    b.get(f"/pledges/{record_id}")
    update = {"date": "2022-05-30", "status": "in_progress", "narrative": "First 400 trained."}
    assert b.post(f"/pledges/{record_id}/updates", {**update, "value": "400"}).status_code == 303
    pages.partner.get(f"/pledges/{record_id}")
    not_mine = pages.partner.post(f"/pledges/{record_id}/updates", update)
    assert not_mine.status_code == 403 and "only the pledger" in not_mine.text
    back = b.post(f"/pledges/{record_id}/updates", {**update, "status": "planned"})
    assert back.status_code == 422 and "in_progress cannot go back to planned" in back.text
    earlier = b.post(f"/pledges/{record_id}/updates", {**update, "date": "2022-05-01"})
    assert earlier.status_code == 422 and "never rewrites the" in earlier.text
    done = {**update, "date": "2022-06-01", "status": "fulfilled", "narrative": "All trained."}
    assert b.post(f"/pledges/{record_id}/updates", done).status_code == 303
    page = b.get(f"/pledges/{record_id}").text
    assert 'data-status="in_progress"' in page and "awaits a moderator" in page

    b.get(f"/pledges/{record_id}")
    confirm = f"/pledges/{record_id}/updates/2/confirm"
    assert b.post(confirm, {"decision": "confirmed"}).status_code == 403
    m = pages.moderator
    m.get(f"/pledges/{record_id}")
    declined = m.post(confirm, {"decision": "declined", "note": ""})
    assert declined.status_code == 422 and "say why the fulfilment is declined" in declined.text
    assert m.post(confirm, {"decision": "confirmed"}).status_code == 303
    page = m.get(f"/pledges/{record_id}").text
    assert 'data-status="fulfilled"' in page and "overdue" not in page
    assert pages.app.get(f"/api/pledges/{record_id}").json()["pledge"]["status"] == "fulfilled"
