"""Connections to the served database, for the API, the CLI and the tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, inspect

from commonground.domain.errors import CommonGroundError
from commonground.settings import Settings
from commonground.sql import is_sqlite, make_engine, sqlite_path


def served_engine(settings: Settings, pg_schema: str | None = None) -> Engine:
    """The engine for a built database; a clear error if nothing was built yet."""
    if is_sqlite(settings.database_url):
        path = sqlite_path(settings.database_url)
        from pathlib import Path

        if path is None or not Path(path).is_file():
            raise CommonGroundError(f"no database at {path}: run `commonground build` first")
        return make_engine(settings.database_url)
    pg_schema = pg_schema or settings.pg_schema
    engine = make_engine(settings.database_url, pg_schema)
    if not inspect(engine).has_table("sources"):
        raise CommonGroundError(
            f"no Common Ground schema {pg_schema!r} in"
            f" {settings.database_url}: run `commonground build` first"
        )
    return engine


@contextmanager
def connect(settings: Settings) -> Iterator[Connection]:
    engine = served_engine(settings)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()
