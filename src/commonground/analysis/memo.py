"""A memo for read-only results that many analyses share (corridor tables, area names).

Sums by area and year come from the summaries the build writes; what still needs every
corridor of an edition (coverage, coalitions, quadrants) costs tens of milliseconds a year to
read, which interactive use should not pay on every request. The evidence base changes only
when it is rebuilt, and every build has its own id (`build_info.build_id`), so results are
kept under (build id, key): a rebuild starts afresh and answers of two builds never mix.

Safe with threads: the table is guarded by a lock, and one key is computed by one thread at
a time while others asking for it wait for its result. Each process keeps its own memo; the
build id read from the database keeps every process right. A family of results that would
crowd the others out (one page's data per country) keeps its own `Memo`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Connection

from commonground.evidence.store.session import build_id

T = TypeVar("T")
MAX_ENTRIES = 256  # corridor tables of a few editions, plus small lists of years and sources


class Memo:
    """A bounded table of results under (build id, key), least recently used out first."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[str, Hashable], Any] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[tuple[str, Hashable], threading.Lock] = {}

    def __call__(self, conn: Connection, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()` once per build and key."""
        full = (build_id(conn), key)
        with self._lock:
            if full in self._entries:
                self._entries.move_to_end(full)
                return self._entries[full]  # type: ignore[no-any-return]
            busy = self._computing.setdefault(full, threading.Lock())
        with busy:
            with self._lock:
                if full in self._entries:
                    return self._entries[full]  # type: ignore[no-any-return]
            try:
                value = compute()
                self.store(full, value)
            finally:
                with self._lock:
                    self._computing.pop(full, None)
        return value

    def get(self, conn: Connection, key: Hashable) -> Any:
        full = (build_id(conn), key)
        with self._lock:
            return self._entries.get(full)

    def store(self, full: tuple[str, Hashable], value: Any) -> None:
        with self._lock:
            self._entries[full] = value
            self._entries.move_to_end(full)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_shared = Memo()


def memo(conn: Connection, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per build and key; least recently used entries go first."""
    return _shared(conn, key, compute)


def kept(conn: Connection, key: Hashable) -> Any:
    """What `memo` keeps for this build and key, or None."""
    return _shared.get(conn, key)


def keep(conn: Connection, key: Hashable, value: T) -> T:
    """Keep `value` for this build and key (for results computed several at a time)."""
    _shared.store((build_id(conn), key), value)
    return value


def clear() -> None:
    """Forget everything (the benchmark uses this to measure cold calls)."""
    _shared.clear()
