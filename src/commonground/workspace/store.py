"""The workspace's engine and its schema's revisions.

A SQLite file in WAL mode with foreign keys on, or a PostgreSQL schema of its own. The schema
is the Alembic history in `migrations/versions/` (version table `workspace_alembic_version`),
configured from code; live data are upgraded in place by `commonground workspace upgrade`,
and the app refuses to start on an older revision.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from commonground.domain.errors import CommonGroundError
from commonground.settings import Settings

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "workspace_alembic_version"
UPGRADE_COMMAND = "commonground workspace upgrade"
WRITE_OPTION = "workspace_write"
_SCHEMAS: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


class WorkspaceOutOfDate(CommonGroundError):
    """The workspace's schema is older than the code: it must be upgraded first."""


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def workspace_engine(url: str, schema: str | None = None) -> Engine:
    """An engine on the workspace: SQLite in WAL mode with foreign keys on and a busy timeout
    (several workers write to one file), or PostgreSQL with `schema` first on the search path."""
    if _is_sqlite(url):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            # pysqlite's own transaction handling would defer BEGIN; we issue it ourselves
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            # a write takes the lock at its start, so concurrent writers wait their turn
            # (busy timeout) instead of failing half-way; reads stay deferred
            writes = conn.get_execution_options().get(WRITE_OPTION)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

        return engine
    assert schema, "a PostgreSQL workspace needs a schema"
    engine = create_engine(
        url, connect_args={"options": f"-csearch_path={schema}"}, pool_pre_ping=True
    )
    _SCHEMAS[engine] = schema
    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction: everything in it, audit rows included, commits or none does."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn


def engine_for(settings: Settings) -> Engine:
    url = settings.workspace_url
    return workspace_engine(url, None if _is_sqlite(url) else settings.workspace_schema)


def schema_name(engine: Engine) -> str | None:
    """The PostgreSQL schema the engine writes to, or None on SQLite."""
    return _SCHEMAS.get(engine)


def alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    return str(ScriptDirectory(str(MIGRATIONS)).get_current_head())


def _ensure_schema(engine: Engine) -> None:
    schema = schema_name(engine)
    if schema is None:
        return
    admin = create_engine(engine.url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    finally:
        admin.dispose()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the workspace to `revision` in place, in one transaction (PostgreSQL; SQLite
    runs each revision's statements in the same transaction too)."""
    _ensure_schema(engine)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        return context.get_current_revision()


def is_empty(engine: Engine) -> bool:
    """No table at all: a workspace that was never created."""
    if schema_name(engine) is not None:
        with engine.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :s"),
                {"s": schema_name(engine)},
            ).first()
        if found is None:
            return True
    with engine.connect() as conn:
        return len(inspect(conn).get_table_names()) == 0


def open_workspace(settings: Settings) -> Engine:
    """The workspace the app serves: created at the latest revision when it does not exist
    yet, refused when it is at an older revision (live data are upgraded only on request)."""
    engine = engine_for(settings)
    if is_empty(engine):
        upgrade(engine)
        return engine
    require_current(engine)
    return engine


def require_current(engine: Engine) -> None:
    found, wanted = current_revision(engine), head()
    if found != wanted:
        engine.dispose()
        raise WorkspaceOutOfDate(
            f"the workspace is at revision {found or 'none'} and this version of Common Ground"
            f" needs {wanted}: back it up (`commonground backup FILE`), then run"
            f" `{UPGRADE_COMMAND}`"
        )
