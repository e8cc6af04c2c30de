"""`commonground backup FILE` and `restore FILE`: a restore into an empty store gives back
every row of every table, and the audit log is still append-only."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from commonground.cli import app
from commonground.settings import Settings
from commonground.workspace.store import open_workspace, writing
from tests.conftest import Built
from tests.workspace.filler import fill
from tests.workspace_fixtures import Workspace, drop_workspace, workspace_settings

runner = CliRunner()


def _cli(settings: Settings, *args: str) -> str:
    options = ["--db", settings.database_url]
    if settings.workspace:
        options += ["--workspace", settings.workspace]
    env = {"COMMONGROUND_WORKSPACE_SCHEMA": settings.workspace_schema}
    result = runner.invoke(app, [*args, *options], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_restore_into_an_empty_store_gives_back_every_row(built: Built, tmp_path: Path) -> None:
    settings = workspace_settings(built, tmp_path, "backup")
    ws = Workspace(built.backend, built, settings, open_workspace(settings))
    try:
        fill(ws)
        before = ws.rows()
        assert all(
            before[t] for t in ("users", "records", "record_versions", "audit_log", "outbox")
        )
        file = tmp_path / "workspace.bak"
        assert "backed up" in _cli(settings, "backup", str(file))
        ws.engine.dispose()
        if built.backend == "sqlite":  # an empty store: a new file elsewhere
            from dataclasses import replace

            settings = replace(settings, workspace=f"sqlite:///{tmp_path / 'restored.db'}")
        else:  # an empty store: the server without the workspace's schema
            drop_workspace(settings)
        assert "restored" in _cli(settings, "restore", str(file))
        restored = Workspace(built.backend, built, settings, open_workspace(settings))
        assert restored.rows() == before
        with pytest.raises(DBAPIError, match="append-only"), writing(restored.engine) as conn:
            conn.execute(text("DELETE FROM audit_log"))
        refused = runner.invoke(
            app,
            [
                "restore",
                str(file),
                "--db",
                settings.database_url,
                *(["--workspace", settings.workspace] if settings.workspace else []),
            ],
            env={"COMMONGROUND_WORKSPACE_SCHEMA": settings.workspace_schema},
        )
        assert refused.exit_code == 1
        assert "already holds data" in refused.output
        restored.engine.dispose()
    finally:
        ws.engine.dispose()
        drop_workspace(settings)
