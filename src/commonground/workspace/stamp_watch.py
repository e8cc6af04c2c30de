"""Where the practices stand, known without a query on most requests.

A page that shows practices (a country profile) is kept under the practices' stamp
(`practice_facets.stamp`). Reading the stamp is one index lookup, but a connection and a
query on every request cost more than replaying the kept page itself. So the stamp read is
held: this process's own commits to the workspace forget it at once (a practice published
here shows on the next request here), and a commit by another process shows within
`TRUST_FOR` seconds, when the held stamp ages: then it still serves, up to
`REFRESH_WITHIN`, while one background thread reads it again (were every request in flight
to read it as soon as it aged, they would all queue for the workspace together five times a
second).
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import Connection, Engine, event
from sqlalchemy.pool import ConnectionPoolEntry

from commonground.background import OneRefresh
from commonground.workspace.practice_facets import Stamp, stamp

TRUST_FOR = 0.2  # seconds a stamp read stands for what another process may have written
REFRESH_WITHIN = 0.6  # older than TRUST_FOR, a stamp serves while one thread reads it again
COMMITTED = "commonground_stamp_moved"  # on a connection that committed, until checked in


class StampWatch:
    """The practices' stamp of one workspace engine, held between commits."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._held: tuple[Stamp, float] | None = None  # the stamp and when it was read
        self._commits = 0
        self._lock = threading.Lock()
        self._refresher = OneRefresh(self._refresh, "practices-stamp")
        event.listen(engine, "commit", self._committing)
        event.listen(engine, "checkin", self._checked_in)

    def _committing(self, conn: Connection) -> None:
        """Forget the stamp as a commit starts, and again when its connection goes back to
        the pool: SQLAlchemy tells of a commit before the database has made it, so a read
        between the two may still see the old stamp, and must not be held."""
        conn.info[COMMITTED] = True
        self._forget()

    def _checked_in(self, dbapi_connection: object, record: ConnectionPoolEntry) -> None:
        if record.info.pop(COMMITTED, False):
            self._forget()

    def _forget(self) -> None:
        with self._lock:
            self._commits += 1
            self._held = None

    def known(self) -> Stamp | None:
        """The stamp held, while it is fresh and nothing was committed here since; else None
        (read it then, away from the event loop)."""
        held = self._held
        if held is None:
            return None
        age = time.monotonic() - held[1]
        if age <= TRUST_FOR or (age <= REFRESH_WITHIN and self._refresher.start()):
            return held[0]
        return None

    def read(self) -> Stamp:
        """The stamp held, or read afresh (and held unless a commit came in meanwhile)."""
        known = self.known()
        return known if known is not None else self._read()

    def _refresh(self) -> None:
        try:
            self._read()
        except Exception:  # the next request reads it itself, and reports
            with self._lock:
                self._held = None

    def _read(self) -> Stamp:
        with self._lock:
            commits = self._commits
        read_at = time.monotonic()
        with self.engine.connect() as conn:
            now = stamp(conn)
        with self._lock:
            if self._commits == commits:
                self._held = (now, read_at)
        return now
