"""The account rules an attacker tries first, on SQLite and PostgreSQL: an address no one
confirmed cannot write; sessions die when idle, when old, and when the password changes;
no new password may be one of those most found in data breaches (sign-up, reset, change)."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from importlib.resources import files

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from commonground.workspace import accounts, audit, outbox, passwords
from commonground.workspace.audit import COMMAND_LINE, now
from commonground.workspace.permissions import UNCONFIRMED
from commonground.workspace.store import writing
from commonground.workspace.tables import sessions
from tests.web_session import Browser
from tests.workspace.test_security import write_routes
from tests.workspace_fixtures import PASSWORD, Workspace, auth

CONFIRM_FIRST = "confirm your email address first"
BREACHED = "Qwerty123456"  # in the NCSC's list as qwerty123456: case does not save it


@pytest.fixture(scope="module")
def app(ws_client: TestClient) -> FastAPI:
    return ws_client.app  # type: ignore[return-value]


def _unconfirmed(workspace: Workspace, role: str, *organisations: str) -> tuple[int, str]:
    email = f"unconfirmed-{role}-{len(organisations)}@example.org"
    with writing(workspace.engine) as conn:
        user_id = accounts.create_user(
            conn, COMMAND_LINE, email, PASSWORD, role, None, organisations
        )
    return user_id, email


def _mail(workspace: Workspace, to: str) -> list[outbox.Mail]:
    with workspace.engine.connect() as conn:
        return [m for m in outbox.messages(conn) if m.to == to]


def test_an_unconfirmed_address_may_only_read_and_manage_the_account(
    workspace: Workspace, app: FastAPI, ws_client: TestClient
) -> None:
    org = workspace.organisation("Unconfirmed writers")
    user_id, email = _unconfirmed(workspace, "admin", org)  # even an admin waits
    headers = auth(workspace.token(user_id))
    browser = Browser(app)
    browser.sign_in(email)
    checked = 0
    for method, path, action in write_routes(app):
        if action in UNCONFIRMED:
            continue
        if path.startswith("/api"):
            response = browser.client.request(method, path, json={}, headers=headers)
        else:
            response = browser.post(path, {})
        assert response.status_code == 403, f"{method} {path}: {response.status_code}"
        assert CONFIRM_FIRST in response.text, f"{method} {path}"
        checked += 1
    assert checked >= 20
    note = {"about": "country:MAR", "title": "Desks for migrant workers", "body": "Text."}
    refused = ws_client.post(
        "/api/records/note", json={"organisation_id": org, "data": note}, headers=headers
    )
    assert refused.status_code == 403 and CONFIRM_FIRST in refused.json()["error"]
    assert ws_client.get("/api/me", headers=headers).json()["email_verified"] is False

    page = browser.get("/account").text
    assert "Send the link again" in page and 'id="propose-organisation"' not in page
    assert browser.post("/account/confirm").status_code == 200
    again = browser.post("/account/confirm")
    assert again.status_code == 429 and "a moment ago" in again.text  # no inbox flooding
    mails = _mail(workspace, email)
    assert len(mails) == 1
    link = re.search(r"http://[^/\s]+(/verify\?token=[\w-]+)", mails[-1].body)
    assert link is not None
    assert "Address confirmed" in browser.get(link.group(1)).text
    written = ws_client.post(
        "/api/records/note", json={"organisation_id": org, "data": note}, headers=headers
    )
    assert written.status_code == 201, written.text
    assert 'id="propose-organisation"' in browser.get("/account").text


def test_an_unconfirmed_reviewer_cannot_be_assigned(
    workspace: Workspace, ws_client: TestClient
) -> None:
    org = workspace.organisation("Assigned elsewhere")
    author = auth(workspace.token(workspace.user("contributor", org)))
    moderator = auth(workspace.token(workspace.user("moderator")))
    reviewer_id, _ = _unconfirmed(workspace, "reviewer")
    note = {"about": "forum:gfmd", "title": "A note to review", "body": "Text."}
    rid = ws_client.post(
        "/api/records/note", json={"organisation_id": org, "data": note}, headers=author
    ).json()["record"]["id"]
    ws_client.post(f"/api/records/note/{rid}/submit", headers=author).raise_for_status()
    response = ws_client.post(
        f"/api/records/note/{rid}/assign", json={"reviewer_id": reviewer_id}, headers=moderator
    )
    assert response.status_code == 422 and "confirmed address" in response.json()["error"]


def _age(workspace: Workspace, browser: Browser, **values: object) -> None:
    token = browser.session_id
    assert token
    with writing(workspace.engine) as conn:
        conn.execute(
            update(sessions).where(sessions.c.id_hash == accounts.digest(token)).values(**values)
        )


def test_idle_and_old_sessions_are_refused(workspace: Workspace, app: FastAPI) -> None:
    email = workspace.email(workspace.user("contributor"))
    idle, old, fresh = Browser(app), Browser(app), Browser(app)
    for browser in (idle, old, fresh):
        browser.sign_in(email)
    _age(workspace, idle, last_seen_at=now() - accounts.SESSION_IDLE - timedelta(seconds=5))
    _age(workspace, old, expires_at=now() - timedelta(seconds=1))
    for browser in (idle, old):
        response = browser.client.get("/account", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/signin")
    assert fresh.client.get("/account").status_code == 200
    signed_in = Browser(app)
    signed_in.get("/signin")
    response = signed_in.post("/signin", {"email": email, "password": PASSWORD})
    max_age = re.search(r"max-age=(\d+)", response.headers["set-cookie"].lower())
    assert max_age and int(max_age.group(1)) == accounts.SESSION_LIFETIME.total_seconds()


def test_changing_the_password_ends_every_other_session(workspace: Workspace, app: FastAPI) -> None:
    user_id = workspace.user("contributor")
    email = workspace.email(user_id)
    here, elsewhere = Browser(app), Browser(app)
    here.sign_in(email)
    elsewhere.sign_in(email)
    script = {"Authorization": f"Bearer {workspace.token(user_id)}"}
    assert here.client.get("/api/me", headers=script).status_code == 200
    new = "a quite different passphrase"
    form = {"current_password": "not my password", "password": new, "password_again": new}
    wrong = here.post("/account/password", form)
    assert wrong.status_code == 422 and "current password is wrong" in wrong.text
    form = {"current_password": PASSWORD, "password": BREACHED, "password_again": BREACHED}
    breached = here.post("/account/password", form)
    assert breached.status_code == 422 and "found in data breaches" in breached.text
    form = {"current_password": PASSWORD, "password": new, "password_again": new}
    changed = here.post("/account/password", form)
    assert changed.status_code == 200 and "every other session has ended" in changed.text
    assert here.client.get("/account").status_code == 200
    assert elsewhere.client.get("/account", follow_redirects=False).status_code == 303
    assert Browser(app).client.get("/api/me", headers=script).status_code == 401
    assert "was changed" in _mail(workspace, email)[-1].subject
    assert "API tokens are revoked" in _mail(workspace, email)[-1].body
    with workspace.engine.connect() as conn:
        actions = [e["action"] for e in audit.entries(conn, f"user:{user_id}")]
    assert actions.count("user.change_password") == 1
    stale = Browser(app)
    stale.get("/signin")
    assert stale.post("/signin", {"email": email, "password": PASSWORD}).status_code == 401
    Browser(app).sign_in(email, new)


def test_breached_passwords_are_refused_at_sign_up_and_reset(
    workspace: Workspace, app: FastAPI, ws_client: TestClient
) -> None:
    browser = Browser(app)
    browser.get("/signup")
    email = "breached.choice@example.org"
    form = {"email": email, "password": BREACHED, "password_again": BREACHED}
    response = browser.post("/signup", form)
    assert response.status_code == 422 and "found in data breaches" in response.text
    assert (
        ws_client.post("/api/auth/token", json={"email": email, "password": BREACHED}).status_code
        == 401
    )

    person = workspace.email(workspace.user("reader"))
    for _ in range(3):  # asking again at once sends nothing more, and says the same
        ws_client.post("/api/auth/password-reset", json={"email": person}).raise_for_status()
    assert len(_mail(workspace, person)) == 1
    link = re.search(r"token=([\w-]+)", _mail(workspace, person)[-1].body)
    assert link is not None
    body = {"token": link.group(1), "password": "1q2w3e4r5t6y"}
    refused = ws_client.post("/api/auth/password-reset/confirm", json=body)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "password"
    assert "found in data breaches" in refused.json()["error"]
    body["password"] = "a passphrase of my own"
    assert ws_client.post("/api/auth/password-reset/confirm", json=body).status_code == 200


def test_the_list_is_the_one_the_ncsc_published() -> None:
    data = files("commonground.workspace").joinpath("data")
    text = data.joinpath(passwords.BREACHED_FILE).read_bytes()
    digest = hashlib.sha256(text).hexdigest()
    assert digest in data.joinpath("README.md").read_text("utf-8")
    lines = text.decode("utf-8").splitlines()
    assert all(line.startswith("***") for line in lines[:3])  # the NCSC's note
    assert len([p for p in lines[3:] if p not in ("", "--")]) == 100_000
    assert passwords.is_breached("QWERTY123456") and not passwords.is_breached(PASSWORD)
    assert all(len(p) >= passwords.MIN_LENGTH for p in passwords.breached_passwords())
