"""`commonground users ...` and `commonground outbox`, in-process, against a fresh workspace."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from commonground.cli import app
from tests.workspace_fixtures import Workspace

runner = CliRunner()


def _opts(workspace: Workspace) -> list[str]:
    s = workspace.settings
    return ["--db", s.database_url, *(["--workspace", s.workspace] if s.workspace else [])]


def _env(workspace: Workspace) -> dict[str, str]:
    return {"COMMONGROUND_WORKSPACE_SCHEMA": workspace.settings.workspace_schema}


def test_create_list_set_role_and_disable(workspace: Workspace) -> None:
    org = workspace.organisation("Colombo Process secretariat")
    result = runner.invoke(
        app,
        [
            "users",
            "create",
            "--email",
            "Ana@Example.org",
            "--role",
            "reviewer",
            "--organisation",
            org,
            *_opts(workspace),
        ],
        input="a long enough passphrase\n",
        env=_env(workspace),
    )
    assert result.exit_code == 0, result.output
    assert "ana@example.org (reviewer)" in result.output
    listed = runner.invoke(app, ["users", "list", "--json", *_opts(workspace)], env=_env(workspace))
    ana = next(u for u in json.loads(listed.output) if u["email"] == "ana@example.org")
    assert ana["role"] == "reviewer" and ana["organisations"] == [org]
    result = runner.invoke(
        app,
        ["users", "set-role", "ana@example.org", "moderator", *_opts(workspace)],
        env=_env(workspace),
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, ["users", "disable", str(ana["id"]), *_opts(workspace)], env=_env(workspace)
    )
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["users", "list", "--json", *_opts(workspace)], env=_env(workspace))
    ana = next(u for u in json.loads(listed.output) if u["email"] == "ana@example.org")
    assert ana["role"] == "moderator" and ana["disabled"] is True


def test_short_passwords_and_duplicates_are_refused_clearly(workspace: Workspace) -> None:
    args = ["users", "create", "--email", "bo@example.org", *_opts(workspace)]
    result = runner.invoke(app, args, input="short\n", env=_env(workspace))
    assert result.exit_code == 1
    assert "at least 12 characters" in result.output
    assert (
        runner.invoke(app, args, input="a long enough passphrase\n", env=_env(workspace)).exit_code
        == 0
    )
    result = runner.invoke(app, args, input="a long enough passphrase\n", env=_env(workspace))
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_outbox_lists_a_reset_link(workspace: Workspace, ws_client: object) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(ws_client, TestClient)
    email = workspace.email(workspace.user("reader"))
    response = ws_client.post("/api/auth/password-reset", json={"email": email})
    assert response.status_code == 200
    result = runner.invoke(app, ["outbox", *_opts(workspace)], env=_env(workspace))
    assert result.exit_code == 0, result.output
    assert email in result.output and "/reset/confirm?token=" in result.output
