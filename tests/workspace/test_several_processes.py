"""Two app processes on one PostgreSQL: a session or a token made through one is valid on
the other, so any server behind a reverse proxy can serve any request."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.conftest import Built
from tests.load import serve
from tests.workspace_fixtures import PASSWORD, Workspace, auth

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.mark.parametrize("built", ["postgresql"], indirect=True)
def test_a_session_made_on_one_process_is_valid_on_another(
    built: Built, workspace: Workspace
) -> None:
    email = workspace.email(workspace.user("reader"))
    env = {"COMMONGROUND_WORKSPACE_SCHEMA": workspace.settings.workspace_schema}
    with serve(built, env=env) as one, serve(built, env=env) as two:
        # A page session: signed in through one, the account page of the other knows it.
        with httpx.Client(timeout=30) as browser:
            form = browser.get(f"{one.url}/signin")
            found = TOKEN.search(form.text)
            assert found, form.text[:300]
            signed = browser.post(
                f"{one.url}/signin",
                data={"email": email, "password": PASSWORD, "csrf_token": found.group(1)},
            )
            assert signed.status_code == 303, signed.text[:300]
            account = browser.get(f"{two.url}/account")
            assert account.status_code == 200, account.text[:300]
            assert email in account.text
        # An API token: made through one, accepted by the other.
        made = httpx.post(
            f"{one.url}/api/auth/token",
            json={"email": email, "password": PASSWORD, "scopes": ["read"]},
            timeout=30,
        )
        assert made.status_code == 200, made.text[:300]
        me = httpx.get(f"{two.url}/api/me", headers=auth(made.json()["token"]), timeout=30)
        assert me.status_code == 200, me.text[:300]
        assert me.json()["email"] == email
