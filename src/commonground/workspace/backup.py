"""Backup and restore of the workspace.

SQLite: the online backup API (a consistent copy while the app keeps writing). PostgreSQL:
`pg_dump` of the workspace's schema in its custom format, and `pg_restore` into a server
where that schema is absent or empty. A restore never overwrites a store that holds data.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from commonground.workspace.errors import WorkspaceError
from commonground.workspace.store import is_empty, schema_name


class BackupError(WorkspaceError):
    """A backup or restore could not be made; nothing was changed."""

    status = 500


def _libpq(engine: Engine) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, which goes in PGPASSWORD."""
    url = make_url(str(engine.url.render_as_string(hide_password=False)))
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install Debian's postgresql-client")
    return found


def backup(engine: Engine, file: Path) -> Path:
    file = Path(file)
    file.parent.mkdir(parents=True, exist_ok=True)
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        if not path:
            raise BackupError("an in-memory workspace cannot be backed up")
        tmp = file.with_name(file.name + ".partial")
        tmp.unlink(missing_ok=True)
        with sqlite3.connect(path) as source, sqlite3.connect(tmp) as target:
            source.backup(target)
        source.close()
        target.close()
        tmp.replace(file)
        return file
    schema = schema_name(engine)
    dsn, env = _libpq(engine)
    result = subprocess.run(
        [
            _tool("pg_dump"),
            "--format=custom",
            f"--schema={schema}",
            "--no-owner",
            f"--file={file}",
            dsn,
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return file


def restore(engine: Engine, file: Path) -> None:
    file = Path(file)
    if not file.is_file():
        raise BackupError(f"no backup file at {file}")
    if not is_empty(engine):
        raise BackupError(
            "the workspace already holds data: restore into an empty one (a new file, or a"
            " server without the workspace schema)"
        )
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        if not path:
            raise BackupError("cannot restore into an in-memory workspace")
        engine.dispose()
        with sqlite3.connect(file) as source, sqlite3.connect(path) as target:
            source.backup(target)
        source.close()
        target.close()
        return
    schema = schema_name(engine)
    engine.dispose()
    with engine.begin() as conn:  # an empty schema left behind would clash with the dump's
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}"'))
    engine.dispose()
    dsn, env = _libpq(engine)
    result = subprocess.run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={dsn}",
            str(file),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
