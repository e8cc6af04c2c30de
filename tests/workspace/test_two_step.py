"""Two-step sign-in, through the pages and the API, on SQLite and PostgreSQL: set up with an
app's code, then the password alone is refused, a code works once, a recovery code works
once, wrong codes count as failed sign-ins, turning it off needs password and code, an
admin can turn it off for someone locked out; the secret never reaches the audit log."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from commonground.workspace import audit, outbox, two_step
from tests.web_session import Browser
from tests.workspace_fixtures import PASSWORD, Workspace, auth

SECRET = re.compile(r'id="two-step-secret">([A-Z2-7]+)<')
RECOVERY = re.compile(r"<li><code>([0-9a-f]{8}-[0-9a-f]{8})</code></li>")


@pytest.fixture(scope="module")
def app(ws_client: TestClient) -> FastAPI:
    return ws_client.app  # type: ignore[return-value]


def _turn_on(browser: Browser) -> tuple[pyotp.TOTP, list[str]]:
    started = browser.post("/account/two-step/start")
    assert started.status_code == 200 and "<svg" in started.text
    found = SECRET.search(started.text)
    assert found, "the page shows no key to type into an app"
    totp = pyotp.TOTP(found.group(1))
    wrong = browser.post("/account/two-step/confirm", {"code": "000000"})
    assert wrong.status_code == 422 and "code is wrong" in wrong.text
    assert "Set up two-step sign-in" not in wrong.text  # still waiting for the right code
    done = browser.post("/account/two-step/confirm", {"code": totp.now()})
    assert done.status_code == 200 and "Two-step sign-in is on" in done.text
    codes = RECOVERY.findall(done.text)
    assert len(codes) == two_step.RECOVERY_CODES
    assert RECOVERY.findall(browser.get("/account").text) == []  # shown once
    return totp, codes


def _sign_in(app: FastAPI, email: str, code: str | None, password: str = PASSWORD) -> Any:
    browser = Browser(app)
    browser.get("/signin")
    form = {"email": email, "password": password}
    if code is not None:
        form["code"] = code
    return browser.post("/signin", form)


def _later_code(totp: pyotp.TOTP) -> str:
    """The code of the next time step: a good code that was not used yet."""
    return totp.at(time.time() + totp.interval)


def test_with_two_step_on_the_password_alone_is_refused_and_each_code_works_once(
    workspace: Workspace, app: FastAPI, ws_client: TestClient
) -> None:
    user_id = workspace.user("contributor")
    email = workspace.email(user_id)
    browser = Browser(app)
    browser.sign_in(email)
    assert "Set up two-step sign-in" in browser.get("/account").text
    totp, codes = _turn_on(browser)
    assert f"{two_step.RECOVERY_CODES} recovery codes left" in browser.get("/account").text

    alone = _sign_in(app, email, None)
    assert alone.status_code == 401 and "6-digit code" in alone.text
    replayed = _sign_in(app, email, totp.now())  # the code that turned it on
    assert replayed.status_code == 401
    assert "used already" in replayed.text
    later = _later_code(totp)
    assert _sign_in(app, email, later).status_code == 303
    assert _sign_in(app, email, later).status_code == 401
    spaced = codes[0].upper().replace("-", " ")  # as people type it
    assert _sign_in(app, email, spaced).status_code == 303
    assert _sign_in(app, email, codes[0]).status_code == 401
    left = f"{two_step.RECOVERY_CODES - 1} recovery codes left"
    assert left in browser.get("/account").text

    token = ws_client.post("/api/auth/token", json={"email": email, "password": PASSWORD})
    assert token.status_code == 401 and "6-digit code" in token.json()["error"]
    token = ws_client.post(
        "/api/auth/token", json={"email": email, "password": PASSWORD, "code": codes[1]}
    )
    assert token.status_code == 200
    assert ws_client.get("/api/me", headers=auth(token.json()["token"])).status_code == 200

    with workspace.engine.connect() as conn:
        logged = json.dumps(audit.entries(conn, f"user:{user_id}"))
        actions = [e["action"] for e in audit.entries(conn, f"user:{user_id}")]
    assert totp.secret not in logged
    assert actions.count("user.two_step_on") == 1


def test_wrong_codes_count_as_failed_sign_ins(workspace: Workspace, app: FastAPI) -> None:
    email = workspace.email(workspace.user("contributor"))
    browser = Browser(app)
    browser.sign_in(email)
    totp, _ = _turn_on(browser)
    for guess in ("111111", "222222", "333333", "444444", "555555"):
        assert _sign_in(app, email, guess).status_code == 401
    limited = _sign_in(app, email, _later_code(totp))
    assert limited.status_code == 429
    assert "too many failed sign-ins" in limited.text


def test_turning_it_off_needs_the_password_and_a_code_and_tells_the_owner(
    workspace: Workspace, app: FastAPI
) -> None:
    user_id = workspace.user("contributor")
    email = workspace.email(user_id)
    browser = Browser(app)
    browser.sign_in(email)
    totp, codes = _turn_on(browser)
    browser.get("/account")
    no_password = browser.post(
        "/account/two-step/off", {"password": "not my password", "code": _later_code(totp)}
    )
    assert no_password.status_code == 422 and "password is wrong" in no_password.text
    no_code = browser.post("/account/two-step/off", {"password": PASSWORD, "code": "123456"})
    assert no_code.status_code == 422 and "code is wrong" in no_code.text
    off = browser.post("/account/two-step/off", {"password": PASSWORD, "code": codes[2]})
    assert off.status_code == 200 and "Two-step sign-in is off" in off.text
    assert "Set up two-step sign-in" in off.text
    assert _sign_in(app, email, None).status_code == 303
    with workspace.engine.connect() as conn:
        mail = [m for m in outbox.messages(conn) if m.to == email]
        actions = [e["action"] for e in audit.entries(conn, f"user:{user_id}")]
    assert "Two-step sign-in is off" in mail[-1].subject
    assert actions.count("user.two_step_off") == 1


def test_an_admin_turns_it_off_for_someone_locked_out_and_says_why(
    workspace: Workspace, app: FastAPI, ws_client: TestClient
) -> None:
    locked = workspace.user("contributor")
    email = workspace.email(locked)
    browser = Browser(app)
    browser.sign_in(email)
    _turn_on(browser)
    admin = auth(workspace.token(workspace.user("admin")))
    moderator = auth(workspace.token(workspace.user("moderator")))
    path = f"/api/users/{locked}/two-step/off"
    reason = {"reason": "lost phone and codes; identity checked by video call"}
    assert ws_client.post(path, json=reason, headers=moderator).status_code == 403
    unexplained = ws_client.post(path, json={"reason": " "}, headers=admin)
    assert unexplained.status_code == 422 and "reason" in unexplained.text
    assert ws_client.post(path, json=reason, headers=admin).status_code == 200
    again = ws_client.post(path, json=reason, headers=admin)
    assert again.status_code == 409 and "not on" in again.json()["error"]
    assert _sign_in(app, email, None).status_code == 303
    with workspace.engine.connect() as conn:
        (entry,) = [
            e for e in audit.entries(conn, f"user:{locked}") if e["action"] == "user.two_step_off"
        ]
    assert "video call" in json.dumps(entry)
