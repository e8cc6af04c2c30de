"""The account pages without a browser: sign up, verify the address, reset a forgotten
password through the outbox (every old session ends), an admin's purge of personal data."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from commonground.workspace import outbox
from tests.web_session import Browser
from tests.workspace_fixtures import PASSWORD, Workspace, auth


def _last_link(workspace: Workspace, to: str, path: str) -> str:
    with workspace.engine.connect() as conn:
        mail = [m for m in outbox.messages(conn) if m.to == to]
    found = re.search(rf"http://[^/\s]+({re.escape(path)}\?token=[\w-]+)", mail[-1].body)
    assert found, mail[-1].body
    return found.group(1)


def test_sign_up_then_confirm_the_address(workspace: Workspace, ws_client: TestClient) -> None:
    app: FastAPI = ws_client.app  # type: ignore[assignment]
    browser = Browser(app)
    browser.get("/signup")
    email = "new.writer@example.org"
    response = browser.post(
        "/signup",
        {"email": email, "password": PASSWORD, "password_again": PASSWORD, "display_name": "N"},
    )
    assert response.status_code == 303 and response.headers["location"] == "/account?welcome=1"
    page = browser.get("/account").text
    assert email in page and "not confirmed yet" in page
    link = _last_link(workspace, email, "/verify")
    assert "Address confirmed" in browser.get(link).text
    assert "not confirmed yet" not in browser.get("/account").text
    assert "not valid any more" in browser.get(link).text  # one use only
    again = Browser(app)
    again.get("/signup")
    response = again.post(
        "/signup", {"email": email, "password": PASSWORD, "password_again": PASSWORD}
    )
    assert response.status_code == 409 and "already exists" in response.text


def test_reset_a_forgotten_password(workspace: Workspace, ws_client: TestClient) -> None:
    app: FastAPI = ws_client.app  # type: ignore[assignment]
    user_id = workspace.user("contributor")
    email = workspace.email(user_id)
    old = Browser(app)
    old.sign_in(email)
    script = auth(workspace.token(user_id))
    assert ws_client.get("/api/me", headers=script).status_code == 200
    helper = Browser(app)
    helper.get("/reset")
    assert "is on its way" in helper.post("/reset", {"email": email}).text
    assert "is on its way" in helper.post("/reset", {"email": "nobody@example.org"}).text
    link = _last_link(workspace, email, "/reset/confirm")
    helper.get(link)
    token = link.split("token=", 1)[1]
    response = helper.post("/reset/confirm", {"token": token, "password": "a brand new passphrase"})
    assert response.status_code == 200 and "Password changed" in response.text
    assert old.client.get("/account", follow_redirects=False).status_code == 303  # signed out
    assert ws_client.get("/api/me", headers=script).status_code == 401  # its tokens revoked
    fresh = Browser(app)
    fresh.sign_in(email, "a brand new passphrase")
    assert fresh.get("/account").status_code == 200
    reused = helper.post("/reset/confirm", {"token": token, "password": "yet another passphrase"})
    assert reused.status_code == 422 and "not valid any more" in reused.text


def test_an_admin_purges_a_persons_data_and_the_purge_is_logged(
    workspace: Workspace, ws_client: TestClient
) -> None:
    admin = auth(workspace.token(workspace.user("admin")))
    moderator = auth(workspace.token(workspace.user("moderator")))
    person = workspace.user("contributor", email="to.forget@example.org")
    assert ws_client.post(f"/api/users/{person}/purge", headers=admin).status_code == 200
    users = ws_client.get("/api/users", headers=admin).json()["users"]
    purged = next(u for u in users if u["id"] == person)
    assert purged["email"] == f"purged-{person}@invalid" and purged["disabled"]
    response = ws_client.post(
        "/api/auth/token", json={"email": "to.forget@example.org", "password": PASSWORD}
    )
    assert response.status_code == 401
    log = ws_client.get(f"/api/audit?record=user:{person}", headers=moderator)
    assert [e["action"] for e in log.json()["entries"]][-1] == "user.purge"
    assert "to.forget@example.org" not in log.text
