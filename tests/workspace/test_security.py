"""Security of the workspace, on SQLite and PostgreSQL: every write route refuses the
anonymous (401) and the roles that may not (403); organisations cannot write for each other;
forms need their token; sessions rotate at sign-in and die at sign-out; Markdown comes back
inert; limits answer with clear errors; no error shows a traceback, a path or SQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from commonground.app import create_app
from commonground.workspace.permissions import PERMISSIONS, Action, Role
from tests.web_session import Browser
from tests.workspace_fixtures import Workspace, auth

WRITE = {"POST", "PUT", "PATCH", "DELETE"}
PUBLIC = {  # write routes anyone may call, and why
    "/api/auth/token": "exchanges email and password for a token; rate-limited",
    "/api/auth/password-reset": "sends a reset link; answers the same for any address",
    "/api/auth/password-reset/confirm": "needs the one-time token of a reset link",
    "/signin": "the sign-in form (CSRF-checked, rate-limited)",
    "/signup": "the sign-up form (CSRF-checked)",
    "/reset": "the reset form (CSRF-checked)",
    "/reset/confirm": "needs the one-time token of a reset link (CSRF-checked)",
    "/api/practices/suggest": "reads only: ranks GCM objectives and principles for a text",
}
SAMPLES = {
    "kind": "note",
    "record_id": "1",
    "token_id": "1",
    "user_id": "1",
    "organisation_id": "x",
    "key": "1",
    "call_id": "1",
    "number": "1",
}


def walk(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        if hasattr(route, "effective_candidates"):
            yield from walk(route.effective_candidates())
        elif getattr(route, "dependant", None) is not None:
            yield route


def action_of(dependant: Any) -> Action | None:
    for dep in dependant.dependencies:
        found = getattr(dep.call, "action", None) or action_of(dep)
        if found is not None:
            return found  # type: ignore[no-any-return]
    return None


def write_routes(app: FastAPI) -> list[tuple[str, str, Action]]:
    out = []
    for route in walk(app.routes):
        for method in sorted(set(route.methods) & WRITE):
            if route.path in PUBLIC:
                continue
            action = action_of(route.dependant)
            assert action is not None, f"{method} {route.path} declares no permission"
            out.append((method, route.path.format(**SAMPLES), action))
    return out


@pytest.fixture(scope="module")
def app(ws_client: TestClient) -> FastAPI:
    return ws_client.app  # type: ignore[return-value]


@pytest.fixture(scope="module")
def people(workspace: Workspace, app: FastAPI) -> dict[Role, tuple[dict[str, str], Browser]]:
    org = workspace.organisation("Role test organisation")
    out = {}
    for role in Role:
        user = workspace.user(role.value, org)
        browser = Browser(app)
        browser.sign_in(workspace.email(user))
        out[role] = (auth(workspace.token(user)), browser)
    return out


def test_the_walk_finds_the_write_routes(app: FastAPI) -> None:
    paths = {p for _, p, _ in write_routes(app)}
    assert {"/api/records/note", "/api/users/1/purge", "/records/note/new", "/signout"} <= paths
    assert len(paths) >= 25


def test_every_write_route_answers_401_to_the_anonymous(app: FastAPI) -> None:
    anonymous = Browser(app)
    anonymous.get("/signin")  # an anonymous session with a valid form token
    for method, path, _ in write_routes(app):
        if path.startswith("/api"):
            response = anonymous.client.request(method, path, json={})
        else:
            response = anonymous.post(path, {})
        assert response.status_code == 401, f"{method} {path}: {response.status_code}"


def test_every_write_route_answers_403_to_a_role_that_may_not(
    app: FastAPI, people: dict[Role, tuple[dict[str, str], Browser]]
) -> None:
    checked = 0
    for method, path, action in write_routes(app):
        for role in set(Role) - PERMISSIONS[action]:
            headers, browser = people[role]
            if path.startswith("/api"):
                response = browser.client.request(method, path, json={}, headers=headers)
            else:
                response = browser.post(path, {})
            assert response.status_code == 403, f"{role} {method} {path}: {response.status_code}"
            checked += 1
    assert checked >= 40


def test_a_contributor_cannot_write_for_another_organisation(
    workspace: Workspace, ws_client: TestClient, app: FastAPI
) -> None:
    mine, theirs = workspace.organisation("Ours"), workspace.organisation("Theirs")
    me = workspace.user("contributor", mine)
    them = auth(workspace.token(workspace.user("contributor", theirs)))
    headers = auth(workspace.token(me))
    note = {"about": "forum:gfmd", "title": "A note", "body": "Text."}
    created = ws_client.post(
        "/api/records/note", json={"organisation_id": theirs, "data": note}, headers=headers
    )
    assert created.status_code == 403
    theirs_id = ws_client.post(
        "/api/records/note", json={"organisation_id": theirs, "data": note}, headers=them
    ).json()["record"]["id"]
    assert (
        ws_client.put(
            f"/api/records/note/{theirs_id}", json={"data": note}, headers=headers
        ).status_code
        == 403
    )
    assert (
        ws_client.post(f"/api/records/note/{theirs_id}/submit", headers=headers).status_code == 403
    )
    mine_id = ws_client.post(
        "/api/records/note", json={"organisation_id": mine, "data": note}, headers=headers
    ).json()["record"]["id"]
    moved = ws_client.put(
        f"/api/records/note/{mine_id}",
        json={"data": note, "organisation_id": theirs},
        headers=headers,
    )
    assert moved.status_code == 403
    browser = Browser(app)
    browser.sign_in(workspace.email(me))
    response = browser.post(f"/records/note/{theirs_id}/edit", note)
    assert response.status_code == 403
    theirs_now = ws_client.get(f"/api/records/note/{theirs_id}", headers=them).json()["record"]
    assert theirs_now["versions"][-1]["data"]["title"] == "A note"
    assert theirs_now["organisation_id"] == theirs


def test_forms_without_or_with_a_wrong_token_are_refused(
    workspace: Workspace, app: FastAPI
) -> None:
    browser = Browser(app)
    browser.sign_in(workspace.email(workspace.user("contributor")))
    for token in ("", "not-the-token"):
        response = browser.post("/account/tokens", {"name": "x"}, token=token)
        assert response.status_code == 403
        assert "reload the page" in response.text
    response = browser.post(
        "/account/tokens", {"name": "x"}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert browser.post("/account/tokens", {"name": "x"}).status_code == 200
    anonymous = Browser(app)
    anonymous.get("/signin")
    assert (
        anonymous.post("/signin", {"email": "a@b.org", "password": "x"}, token="").status_code
        == 403
    )


def test_sign_in_rotates_the_session_and_sign_out_revokes_it(
    workspace: Workspace, app: FastAPI
) -> None:
    email = workspace.email(workspace.user("contributor"))
    browser = Browser(app)
    browser.get("/signin")
    before = browser.session_id
    assert before
    browser.post("/signin", {"email": email, "password": "correct horse battery staple"})
    after = browser.session_id
    assert after and after != before
    fixated = Browser(app)  # an attacker who planted the pre-sign-in id
    fixated.client.cookies.set("cg_session", before, domain="127.0.0.1")
    assert fixated.client.get("/account", follow_redirects=False).status_code == 303
    stolen = Browser(app)
    stolen.client.cookies.set("cg_session", after, domain="127.0.0.1")
    assert stolen.client.get("/account").status_code == 200
    browser.get("/account")
    assert browser.post("/signout").status_code == 303
    assert stolen.client.get("/account", follow_redirects=False).status_code == 303


def test_session_cookie_flags(workspace: Workspace, app: FastAPI) -> None:
    browser = Browser(app)
    browser.get("/signin")
    response = browser.post(
        "/signin",
        {
            "email": workspace.email(workspace.user("reader")),
            "password": "correct horse battery staple",
        },
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie  # plain http to localhost
    remote = TestClient(app, base_url="https://commonground.example.org")
    page = remote.get("/signin")
    assert "secure" in page.headers["set-cookie"].lower()


PAYLOADS = [
    "<script>alert('x')</script>",
    "[click](javascript:alert(1))",
    '<img src=x onerror="alert(1)">',
    '<svg onload="alert(1)"><script>alert(2)</script></svg>',
    '<a href="javascript:alert(1)" onclick="alert(2)">a</a>',
]


class Elements(HTMLParser):
    """The tags and attributes a browser would make of a piece of HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def dangers(html: str) -> list[str]:
    """Live script in the HTML: script, svg, img, iframe or object elements, event-handler
    attributes, javascript: addresses. Escaped text is inert and not counted."""
    parser = Elements()
    parser.feed(html)
    out = []
    for tag, attrs in parser.found:
        if tag in ("script", "svg", "img", "iframe", "object", "embed"):
            out.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                out.append(f"{tag} {name}")
            if value and value.strip().lower().startswith(("javascript:", "data:text/html")):
                out.append(f"{tag} {name}={value}")
    return out


def main_of(page: str) -> str:
    return page.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_markdown_payloads_come_back_inert_in_pages_and_api(
    workspace: Workspace, ws_client: TestClient, app: FastAPI
) -> None:
    org = workspace.organisation("Payload test")
    author = workspace.user("contributor", org)
    headers = auth(workspace.token(author))
    moderator = auth(workspace.token(workspace.user("moderator")))
    reviewers = [workspace.user("reviewer") for _ in range(3)]
    body = "\n\n".join(PAYLOADS)
    note = {
        "about": "country:MAR",
        "title": PAYLOADS[0],
        "body": body,
        "links": ["https://example.org"],
    }
    rid = ws_client.post(
        "/api/records/note", json={"organisation_id": org, "data": note}, headers=headers
    ).json()["record"]["id"]
    ws_client.post(f"/api/records/note/{rid}/submit", headers=headers)
    for i, r in enumerate(reviewers):
        ws_client.post(
            f"/api/records/note/{rid}/assign",
            json={"reviewer_id": r, "internal": i == 0},
            headers=moderator,
        )
        ws_client.post(
            f"/api/records/note/{rid}/review",
            json={"decision": "approve"},
            headers=auth(workspace.token(r)),
        )
    api = ws_client.get(f"/api/records/note/{rid}")
    assert api.headers["content-type"].startswith("application/json")
    assert api.headers["x-content-type-options"] == "nosniff"
    html = api.json()["record"]["published"]["html"]["body"]
    assert dangers(html) == []
    assert "&lt;script&gt;" in html
    page = ws_client.get(f"/records/note/{rid}")
    assert page.status_code == 200
    assert dangers(main_of(page.text)) == []
    assert "script-src 'self'" in page.headers["content-security-policy"]
    history = ws_client.get(f"/records/note/{rid}/history").text
    assert dangers(main_of(history)) == []
    assert dangers('<p><a href="javascript:x" onclick="y">a</a><svg></svg></p>') != []


def test_limits_answer_with_clear_errors(workspace: Workspace, ws_client: TestClient) -> None:
    org = workspace.organisation("Limits")
    headers = auth(workspace.token(workspace.user("contributor", org)))
    huge = ws_client.post(
        "/api/records/note",
        content=b"{" + b" " * (1024 * 1024 + 10) + b"}",
        headers={**headers, "content-type": "application/json"},
    )
    assert huge.status_code == 413
    assert "larger than 1024 KiB" in huge.json()["error"]
    long_title = {"about": "country:MAR", "title": "x" * 201, "body": "b"}
    response = ws_client.post(
        "/api/records/note", json={"organisation_id": org, "data": long_title}, headers=headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "title"
    assert "at most 200" in response.json()["error"]
    many = {"about": "country:MAR", "title": "t", "body": "b", "links": ["https://e.org"] * 21}
    response = ws_client.post(
        "/api/records/note", json={"organisation_id": org, "data": many}, headers=headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "links"
    response = ws_client.post("/api/auth/token", json={"email": "a@b.org", "password": "x" * 1025})
    assert response.status_code == 422
    assert "password" in response.json()["error"]


def test_an_account_that_writes_too_much_in_an_hour_is_held_back(workspace: Workspace) -> None:
    """The hour's limit counts the account's writes through the API and the pages together,
    refuses the next with 429 and Retry-After, saves nothing of it, and holds back no one else."""
    app = create_app(replace(workspace.settings, writes_per_hour=4), workspace.built.schema)
    org = workspace.organisation("Rate limits")
    busy, other = workspace.user("contributor", org), workspace.user("contributor", org)
    note = {"organisation_id": org, "data": {"about": "country:MAR", "title": "t", "body": "b"}}
    with TestClient(app, base_url="http://127.0.0.1") as client:
        browser = Browser(app)
        browser.sign_in(workspace.email(busy))  # the sign-in is the account's first write
        headers = auth(workspace.token(busy))  # and the token its second
        answers = [client.post("/api/records/note", json=note, headers=headers) for _ in range(3)]
        assert [a.status_code for a in answers] == [201, 201, 429]
        refused = answers[-1]
        assert "4 changes in the last hour" in refused.json()["error"]
        assert 1 <= int(refused.headers["retry-after"]) <= 3600
        before = workspace.rows()["records"]
        browser.get("/records/note/new")
        form = browser.post(
            "/records/note/new",
            {"organisation_id": org, "about": "country:MAR", "title": "t", "body": "b"},
        )
        assert form.status_code == 429 and "Retry-After" in form.headers
        assert "changes in the last hour" in form.text
        assert workspace.rows()["records"] == before
        theirs = client.post("/api/records/note", json=note, headers=auth(workspace.token(other)))
        assert theirs.status_code == 201
    app.state.evidence.dispose()
    app.state.workspace.dispose()
