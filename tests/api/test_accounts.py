"""Tokens, /api/me, revocation, sign-in limits and read-only tokens, through the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update

from commonground.workspace.store import writing
from commonground.workspace.tables import api_tokens
from tests.workspace_fixtures import PASSWORD, Workspace, auth


def _token(client: TestClient, email: str, password: str = PASSWORD, **extra: object) -> str:
    response = client.post("/api/auth/token", json={"email": email, "password": password, **extra})
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


def test_a_token_from_email_and_password_opens_api_me(
    ws_client: TestClient, workspace: Workspace
) -> None:
    org = workspace.organisation("Ministry of Labour of Morocco")
    user = workspace.user("contributor", org)
    token = _token(ws_client, workspace.email(user).upper())
    me = ws_client.get("/api/me", headers=auth(token)).json()
    assert me["email"] == workspace.email(user)
    assert me["role"] == "contributor"
    assert [o["id"] for o in me["organisations"]] == [org]
    tokens = ws_client.get("/api/me/tokens", headers=auth(token)).json()["tokens"]
    assert tokens[-1]["last_used_at"] is not None
    assert "token" not in tokens[-1] and "token_hash" not in tokens[-1]


def test_anonymous_and_unknown_tokens_get_401(ws_client: TestClient) -> None:
    assert ws_client.get("/api/me").status_code == 401
    response = ws_client.get("/api/me", headers=auth("cg_not-a-token"))
    assert response.status_code == 401
    assert response.json()["error"] == "this token is unknown or revoked"
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_revoked_token_is_refused_at_once(ws_client: TestClient, workspace: Workspace) -> None:
    user = workspace.user("reader")
    token = _token(ws_client, workspace.email(user))
    assert ws_client.get("/api/me", headers=auth(token)).status_code == 200
    token_id = ws_client.get("/api/me/tokens", headers=auth(token)).json()["tokens"][-1]["id"]
    assert ws_client.delete(f"/api/me/tokens/{token_id}", headers=auth(token)).status_code == 200
    assert ws_client.get("/api/me", headers=auth(token)).status_code == 401


def test_a_disabled_account_loses_its_tokens_at_once(
    ws_client: TestClient, workspace: Workspace
) -> None:
    admin = workspace.user("admin")
    user = workspace.user("contributor")
    token = _token(ws_client, workspace.email(user))
    response = ws_client.post(f"/api/users/{user}/disable", headers=auth(workspace.token(admin)))
    assert response.status_code == 200
    assert ws_client.get("/api/me", headers=auth(token)).status_code == 401


def test_a_read_only_token_cannot_write(ws_client: TestClient, workspace: Workspace) -> None:
    user = workspace.user("contributor")
    token = _token(ws_client, workspace.email(user), scopes=["read"])
    response = ws_client.post("/api/organisations", json={"name": "X"}, headers=auth(token))
    assert response.status_code == 403
    assert "read-only" in response.json()["error"]


def test_wrong_passwords_are_refused_then_limited_with_a_clear_message(
    ws_client: TestClient, workspace: Workspace
) -> None:
    email = workspace.email(workspace.user("reader"))
    for _ in range(5):
        response = ws_client.post("/api/auth/token", json={"email": email, "password": "wrong!"})
        assert response.status_code == 401
        assert response.json()["error"] == "wrong email or password"
    response = ws_client.post("/api/auth/token", json={"email": email, "password": PASSWORD})
    assert response.status_code == 429
    assert "too many failed sign-ins for this account" in response.json()["error"]
    assert int(response.headers["retry-after"]) > 0


def test_an_unknown_email_gets_the_same_answer(ws_client: TestClient) -> None:
    response = ws_client.post(
        "/api/auth/token", json={"email": "nobody@example.org", "password": "whatever it is"}
    )
    assert response.status_code == 401
    assert response.json()["error"] == "wrong email or password"


def test_a_token_expires_when_its_owner_chose_and_is_then_refused(
    ws_client: TestClient, workspace: Workspace
) -> None:
    user = workspace.user("reader")
    response = ws_client.post(
        "/api/auth/token",
        json={"email": workspace.email(user), "password": PASSWORD, "expires_in_days": 30},
    )
    made = response.json()
    lifetime = datetime.fromisoformat(made["expires_at"]) - datetime.now(UTC)
    assert timedelta(days=29, hours=23) < lifetime <= timedelta(days=30)
    token = auth(made["token"])
    listed = ws_client.get("/api/me/tokens", headers=token).json()["tokens"][-1]
    assert listed["expires_at"] == made["expires_at"] and listed["expired"] is False
    with writing(workspace.engine) as conn:
        conn.execute(
            update(api_tokens)
            .where(api_tokens.c.id == made["id"])
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    assert ws_client.get("/api/me", headers=token).status_code == 401
    other = _token(ws_client, workspace.email(user))
    mine = ws_client.get("/api/me/tokens", headers=auth(other)).json()["tokens"]
    assert [t["expired"] for t in mine if t["id"] == made["id"]] == [True]


def test_a_token_lives_one_day_to_a_year_and_the_error_names_the_field(
    ws_client: TestClient, workspace: Workspace
) -> None:
    email = workspace.email(workspace.user("reader"))
    for days in (0, 366):
        response = ws_client.post(
            "/api/auth/token", json={"email": email, "password": PASSWORD, "expires_in_days": days}
        )
        assert response.status_code == 422
        assert "expires_in_days" in response.text
    default = _token_json(ws_client, email)
    lifetime = datetime.fromisoformat(str(default["expires_at"])) - datetime.now(UTC)
    assert timedelta(days=89) < lifetime <= timedelta(days=90)


def _token_json(client: TestClient, email: str) -> dict[str, object]:
    response = client.post("/api/auth/token", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return dict(response.json())
