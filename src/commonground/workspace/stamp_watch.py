"""Where the practices stand, known without a query on most requests.

A page that shows practices (a country profile) is kept under the practices' stamp
(`practice_facets.stamp`). Reading the stamp is one index lookup, but a connection and a
query on every request cost more than replaying the kept page itself. So the stamp read is
held: this process's own commits to the workspace forget it at once (a practice published
here shows on the next request here), and a commit by another process shows within
`TRUST_FOR` seconds, when the held stamp ages and the next request reads it again.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import Connection, Engine, event

from commonground.workspace.practice_facets import Stamp, stamp

TRUST_FOR = 0.2  # seconds a stamp read stands for what another process may have written


class StampWatch:
    """The practices' stamp of one workspace engine, held between commits."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._held: tuple[Stamp, float] | None = None  # the stamp and when it was read
        self._commits = 0
        self._lock = threading.Lock()
        event.listen(engine, "commit", self._committed)

    def _committed(self, conn: Connection) -> None:
        with self._lock:
            self._commits += 1
            self._held = None

    def known(self) -> Stamp | None:
        """The stamp held, while it is fresh and nothing was committed here since; else None
        (read it then, away from the event loop)."""
        held = self._held
        if held is None or time.monotonic() - held[1] > TRUST_FOR:
            return None
        return held[0]

    def read(self) -> Stamp:
        """The stamp held, or read afresh (and held unless a commit came in meanwhile)."""
        known = self.known()
        if known is not None:
            return known
        with self._lock:
            commits = self._commits
        read_at = time.monotonic()
        with self.engine.connect() as conn:
            now = stamp(conn)
        with self._lock:
            if self._commits == commits:
                self._held = (now, read_at)
        return now
