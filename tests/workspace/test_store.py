"""The workspace's own store: its migrations are its schema, live data survive an upgrade,
the app refuses an old revision and names the command to run, and the defaults put it beside
the evidence base."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from typer.testing import CliRunner

from commonground.app import create_app
from commonground.cli import app as cli
from commonground.fulltext import is_fulltext_table
from commonground.settings import Settings
from commonground.workspace.store import (
    MIGRATIONS,
    VERSION_TABLE,
    WorkspaceOutOfDate,
    current_revision,
    engine_for,
    head,
    upgrade,
    writing,
)
from commonground.workspace.tables import memberships, metadata
from tests.conftest import Built
from tests.workspace_fixtures import Workspace, drop_workspace, workspace_settings

FIRST = ScriptDirectory(str(MIGRATIONS)).get_base()


def test_settings_put_the_workspace_beside_the_evidence_file() -> None:
    settings = Settings(Path("data"), "sqlite:////srv/cg/commonground.db")
    assert settings.workspace_url == "sqlite:////srv/cg/commonground-workspace.db"
    pg = Settings(Path("data"), "postgresql+psycopg://u@h/db")
    assert pg.workspace_url == "postgresql+psycopg://u@h/db"
    assert pg.workspace_schema == "commonground_workspace"
    assert replace(settings, workspace="sqlite:///w.db").workspace_url == "sqlite:///w.db"


def test_migrations_give_exactly_the_tables_the_code_defines(workspace: Workspace) -> None:
    with workspace.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "version_table": VERSION_TABLE,
                "include_name": lambda name, kind, _parent: not fulltext_name(name),
            },
        )
        assert compare_metadata(context, metadata) == []
        assert context.get_current_revision() == head()
        held = {t for t in inspect(conn).get_table_names() if not fulltext_name(t)}
    assert held == set(metadata.tables) | {VERSION_TABLE}


def fulltext_name(name: str | None) -> bool:
    """The full-text index (and the tables SQLite keeps for it) is made by the migration."""
    return name is not None and is_fulltext_table(name)


def test_the_workspace_refuses_a_membership_of_no_one(workspace: Workspace) -> None:
    """Foreign keys hold on both backends (SQLite's are off unless the store turns them on,
    with the write-ahead log that lets pages read while a write goes on): a membership of a
    user and an organisation that do not exist is refused and nothing is kept."""
    if workspace.backend == "sqlite":
        with workspace.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    dangling = memberships.insert().values(
        user_id=987_654, organisation_id="no-such-organisation", created_at=datetime.now(UTC)
    )
    with pytest.raises(IntegrityError), workspace.engine.begin() as conn:
        conn.execute(dangling)
    with workspace.engine.connect() as conn:
        held = select(memberships).where(memberships.c.user_id == 987_654)
        assert conn.execute(held).first() is None


def test_a_store_filled_at_the_first_revision_upgrades_in_place(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = workspace_settings(built, tmp_path, "upgrade")
    # the command reads the PostgreSQL schema from the environment, as `serve` does
    monkeypatch.setenv("COMMONGROUND_WORKSPACE_SCHEMA", settings.workspace_schema)
    engine = engine_for(settings)
    try:
        upgrade(engine, FIRST)
        assert current_revision(engine) == FIRST
        with writing(engine) as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, email, role, created_at, password_hash)"
                    " VALUES (7, 'old@example.org', 'moderator', :at, 'x')"
                ),
                {"at": "2026-01-02 03:04:05+00:00"},
            )
            conn.execute(
                text(
                    "INSERT INTO organisations (id, name, kind, created_at, actor_id)"
                    " VALUES ('iom-mission', 'IOM mission', 'un-agency', :at, 'iom')"
                ),
                {"at": "2026-01-02 03:04:05+00:00"},
            )
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, user_id, action, record)"
                    " VALUES (:at, 7, 'user.create', 'user:7')"
                ),
                {"at": "2026-01-02 03:04:05+00:00"},
            )
        with pytest.raises(WorkspaceOutOfDate, match="commonground workspace upgrade"):
            create_app(settings, pg_schema=built.schema)
        before = _rows(engine, ("users", "organisations", "audit_log"))
        result = CliRunner().invoke(
            cli,
            ["workspace", "upgrade", *_options(settings)],
            env={"COMMONGROUND_WORKSPACE_SCHEMA": settings.workspace_schema},
        )
        assert result.exit_code == 0, result.output
        assert "upgraded" in result.output
        assert current_revision(engine) == head()
        after = _rows(engine, ("users", "organisations", "audit_log"))
        assert _kept(before, after) == before
        with engine.connect() as conn:
            assert "records" in inspect(conn).get_table_names()
    finally:
        engine.dispose()
        drop_workspace(settings)


def test_serve_refuses_an_old_workspace_and_names_the_command(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = workspace_settings(built, tmp_path, "old")
    engine = engine_for(settings)
    try:
        upgrade(engine, FIRST)
        for key, value in _env(settings, built).items():
            monkeypatch.setenv(key, value)
        result = CliRunner().invoke(cli, ["serve", "--port", "0"])
        assert result.exit_code == 1
        assert "commonground workspace upgrade" in result.output
    finally:
        engine.dispose()
        drop_workspace(settings)


def test_the_audit_log_refuses_update_and_delete(workspace: Workspace) -> None:
    workspace.user("reader")
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), writing(workspace.engine) as conn:
            conn.execute(text(statement))
    with workspace.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one() >= 1


def _rows(engine: object, names: tuple[str, ...]) -> dict[str, list[dict[str, object]]]:
    """Every row of the tables, by the columns the store has now: a later revision may add
    columns, and the rows must still hold what they held."""
    from sqlalchemy import Engine

    assert isinstance(engine, Engine)
    with engine.connect() as conn:
        return {
            n: [dict(r._mapping) for r in conn.execute(text(f"SELECT * FROM {n} ORDER BY 1"))]
            for n in names
        }


def _kept(
    before: dict[str, list[dict[str, object]]], after: dict[str, list[dict[str, object]]]
) -> dict[str, list[dict[str, object]]]:
    """The rows after the upgrade, cut to the columns they had before it."""
    return {
        n: [{k: row[k] for k in rows[0]} for row in after[n]] if rows else after[n]
        for n, rows in before.items()
    }


def _options(settings: Settings) -> list[str]:
    return [
        "--db",
        settings.database_url,
        *(["--workspace", settings.workspace] if settings.workspace else []),
    ]


def _env(settings: Settings, built: Built) -> dict[str, str]:
    env = {
        "COMMONGROUND_DATABASE_URL": settings.database_url,
        "COMMONGROUND_PG_SCHEMA": built.schema,
    }
    if settings.workspace:
        env["COMMONGROUND_WORKSPACE_URL"] = settings.workspace
    env["COMMONGROUND_WORKSPACE_SCHEMA"] = settings.workspace_schema
    return env
