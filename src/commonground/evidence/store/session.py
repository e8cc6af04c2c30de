"""Connections to the served database, for the API, the CLI and the tests.

A server reads one build at a time and moves to a new one as soon as a build swaps it in:

- SQLite: a build renames a new file over the old one. An open connection keeps reading the
  file it opened (the old inode), so one request, on one connection, reads one build. The
  served engine checks the file's identity at most every `CHECK_EVERY` seconds and, when it
  changed, opens a new engine and drops the old one; requests already running finish on it.
- PostgreSQL: a build renames a new schema over the old one in a transaction that holds an
  exclusive advisory lock; every request takes the same lock shared for its transaction, so
  a swap waits for the requests in flight and no request sees two schemas.

Every build writes a `build_id` into `build_info`; `build_id(conn)` reads it once per
connection (SQLite) or per checkout (PostgreSQL), and caches and ETags are keyed by it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, select, text

from commonground.background import OneRefresh
from commonground.domain.errors import CommonGroundError
from commonground.evidence.store.tables import build_info
from commonground.settings import Settings
from commonground.sql import CHECKOUT_FORGETS, is_sqlite, make_engine, sqlite_path

CHECK_EVERY = 0.2  # seconds between two looks at the SQLite file's identity
TRUST_FOR = 0.2  # PostgreSQL: seconds a build id read by a request stands for the schema
REFRESH_WITHIN = 0.6  # PostgreSQL: older than TRUST_FOR, the id still serves while one
# thread reads it again; older than this, requests ask the database themselves
BUILD_ID = "build_id"
_INFO_KEY = CHECKOUT_FORGETS


def advisory_key(purpose: str, schema: str) -> int:
    """A stable 63-bit key for a PostgreSQL advisory lock on one schema."""
    digest = hashlib.sha256(f"commonground:{purpose}:{schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big") & 0x7FFF_FFFF_FFFF_FFFF


def swap_lock(schema: str) -> int:
    """The lock a schema swap holds exclusively and every request holds shared."""
    return advisory_key("swap", schema)


def build_id(conn: Connection) -> str:
    """The id of the build this connection reads (read once per connection or checkout)."""
    info = conn.info
    held = info.get(_INFO_KEY)
    if held is None:
        rows = dict(
            conn.execute(
                select(build_info.c.key, build_info.c.value).where(
                    build_info.c.key.in_([BUILD_ID, "built_at"])
                )
            ).all()
        )
        # Databases built before build ids existed: their timestamp and location stand in.
        held = rows.get(BUILD_ID) or f"{conn.engine.url}#{rows.get('built_at')}"
        info[_INFO_KEY] = held
    return str(held)


def forget_build_id(conn: Connection) -> None:
    conn.info.pop(_INFO_KEY, None)


class ServedDatabase:
    """The engine of the build being served, replaced when a new build is swapped in.

    `connect()` gives a connection and the id of the build it reads; it is safe to call from
    many threads. `pool_size` connections are kept; callers are expected to hold no more
    than that many at once (the API's admission gate does so).
    """

    def __init__(self, settings: Settings, pg_schema: str | None = None, pool_size: int = 8):
        self.url = settings.database_url
        self.schema = pg_schema or settings.pg_schema
        self.pool_size = pool_size
        self.sqlite = is_sqlite(self.url)
        path = sqlite_path(self.url) if self.sqlite else None
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        self._checked = time.monotonic()
        self._stamp = self._file_stamp()
        self._engine = self._open()
        self._swap_lock = swap_lock(self.schema)
        self._seen: tuple[str, float, Engine] | None = None
        self._refresher = OneRefresh(self._refresh, "build-id")

    @property
    def engine(self) -> Engine:
        """The current build's engine (SQLite: looked for a new file at most every 0.2 s)."""
        if self.path is not None and time.monotonic() - self._checked >= CHECK_EVERY:
            self._look_for_new_file()
        return self._engine

    def known_build(self) -> str | None:
        """The id of the build served, without a query; None when it is not known (ask the
        database then).

        On SQLite a new build is a new file, and `engine` changes with it, so an id read
        through the current engine holds as long as that engine does. On PostgreSQL a swap
        renames schemas under the same engine, so an id holds `TRUST_FOR` seconds; after
        that it still serves, up to `REFRESH_WITHIN`, while one background thread reads it
        again. Were every request to ask as soon as the id aged, all those in flight would
        miss the cache together five times a second, and wait behind each other."""
        seen = self._seen
        engine = self.engine
        if seen is None or seen[2] is not engine:
            return None
        if self.sqlite:
            return seen[0]
        age = time.monotonic() - seen[1]
        if age <= TRUST_FOR:
            return seen[0]
        if age <= REFRESH_WITHIN and self._refresher.start():
            return seen[0]
        return None

    def _refresh(self) -> None:
        try:
            conn, _ = self.connect()
            conn.close()
        except Exception:  # the next request asks the database itself, and reports
            self._seen = None

    def connect(self) -> tuple[Connection, str]:
        """A connection and its build id; on PostgreSQL inside a transaction that a schema
        swap waits for."""
        engine = self.engine
        conn, build = self._connect(engine)
        self._seen = (build, time.monotonic(), engine)
        return conn, build

    def _connect(self, engine: Engine) -> tuple[Connection, str]:
        conn = engine.connect()
        try:
            if self.sqlite:
                return conn, build_id(conn)
            forget_build_id(conn)
            # The lock first, in a statement of its own: a statement that also reads
            # build_info holds that table's lock from planning on while it waits for the
            # advisory lock, and the swap, holding the advisory lock, waits for the table.
            conn.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": self._swap_lock})
            value = conn.execute(
                text("SELECT value FROM build_info WHERE key = :key"), {"key": BUILD_ID}
            ).scalar()
            if value is None:
                return conn, build_id(conn)
            conn.info[_INFO_KEY] = str(value)
            return conn, str(value)
        except BaseException:
            conn.close()
            raise

    def dispose(self) -> None:
        self._engine.dispose()

    def _open(self) -> Engine:
        if self.path is not None:
            if not self.path.is_file():
                raise CommonGroundError(
                    f"no database at {self.path}: run `commonground build` first"
                )
            return make_engine(self.url, pool_size=self.pool_size)
        engine = make_engine(self.url, self.schema, pool_size=self.pool_size)
        if not inspect(engine).has_table("sources"):
            engine.dispose()
            raise CommonGroundError(
                f"no Common Ground schema {self.schema!r} in"
                f" {self.url}: run `commonground build` first"
            )
        return engine

    def _file_stamp(self) -> tuple[int, int, int, int] | None:
        if self.path is None:
            return None
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)

    def _look_for_new_file(self) -> None:
        with self._lock:
            if time.monotonic() - self._checked < CHECK_EVERY:
                return
            self._checked = time.monotonic()
            stamp = self._file_stamp()
            if stamp is None or stamp == self._stamp:
                return  # a file missing for a moment keeps the old build serving
            old = self._engine
            self._engine = make_engine(self.url, pool_size=self.pool_size)
            self._stamp = stamp
        # Connections checked in close now; those still in use close when their request ends.
        old.dispose()


def served_engine(settings: Settings, pg_schema: str | None = None) -> Engine:
    """The engine for a built database; a clear error if nothing was built yet."""
    return ServedDatabase(settings, pg_schema).engine


@contextmanager
def connect(settings: Settings) -> Iterator[Connection]:
    engine = served_engine(settings)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()
