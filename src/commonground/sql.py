"""Engines and the few places where SQLite and PostgreSQL differ.

PostgreSQL keeps the evidence base in its own schema (default `commonground`) so that a build
can load into a fresh schema and swap it in; SQLite keeps it in one file, swapped by rename.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, text
from sqlalchemy.engine import make_url

BATCH = 20_000
CHECKOUT_FORGETS = "commonground_build_id"  # a key of each connection's info


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> str | None:
    """The file behind a SQLite URL, or None for an in-memory database."""
    database = make_url(url).database
    return database if database and database != ":memory:" else None


def make_engine(url: str, schema: str | None = None, pool_size: int | None = None) -> Engine:
    """An engine whose connections see the given PostgreSQL schema, or a SQLite file.

    `pool_size` keeps that many connections (and allows a few more for short uses beside
    the requests that hold them); the default is SQLAlchemy's.
    """
    pool: dict[str, Any] = {}
    if pool_size is not None:
        pool = {"pool_size": pool_size, "max_overflow": 4, "pool_timeout": 10}
    if is_sqlite(url):
        engine = create_engine(url, **pool) if sqlite_path(url) else create_engine(url)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    connect_args = {"options": f"-csearch_path={schema}"} if schema else {}
    engine = create_engine(url, connect_args=connect_args, pool_pre_ping=True, **pool)

    @event.listens_for(engine, "checkout")
    def _new_transaction(_dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        # A schema swap may have happened since this connection last served: the build id
        # (see evidence.store.session.build_id) is read again on each checkout.
        record.info.pop(CHECKOUT_FORGETS, None)

    return engine


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Bulk insert: COPY on PostgreSQL, batched executemany elsewhere."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        _copy_rows(conn, table, rows)
        return
    for start in range(0, len(rows), BATCH):
        conn.execute(table.insert(), list(rows[start : start + BATCH]))


def _copy_rows(conn: Connection, table: Table, rows: Iterable[Mapping[str, Any]]) -> None:
    columns = [c.name for c in table.columns if not (c.autoincrement is True and c.primary_key)]
    names = ", ".join(f'"{c}"' for c in columns)
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(tuple(row.get(c) for c in columns))


def drop_schemas(url: str, *names: str) -> None:
    """PostgreSQL: drop each named schema with all it holds, where it exists."""
    engine = make_engine(url)
    with engine.begin() as conn:
        for name in names:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    engine.dispose()
