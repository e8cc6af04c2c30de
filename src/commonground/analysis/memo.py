"""A memo for read-only results that many analyses share (corridor tables, area names).

Sums by area and year come from the summaries the build writes; what still needs every
corridor of an edition (coverage, coalitions, quadrants) costs tens of milliseconds a year to
read, which interactive use should not pay on every request. The evidence base changes only
when it is rebuilt, and every build has its own id (`build_info.build_id`), so results are
kept under (build id, key): a rebuild starts afresh and answers of two builds never mix.

Safe with threads: the table is guarded by a lock, and one key is computed by one thread at
a time while others asking for it wait for its result. Each process keeps its own memo; the
build id read from the database keeps every process right.
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
_entries: OrderedDict[tuple[str, Hashable], Any] = OrderedDict()
_lock = threading.Lock()
_computing: dict[tuple[str, Hashable], threading.Lock] = {}


def memo(conn: Connection, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per build and key; least recently used entries go first."""
    full = (build_id(conn), key)
    with _lock:
        if full in _entries:
            _entries.move_to_end(full)
            return _entries[full]  # type: ignore[no-any-return]
        busy = _computing.setdefault(full, threading.Lock())
    with busy:
        with _lock:
            if full in _entries:
                return _entries[full]  # type: ignore[no-any-return]
        try:
            value = compute()
            _store(full, value)
        finally:
            with _lock:
                _computing.pop(full, None)
    return value


def kept(conn: Connection, key: Hashable) -> Any:
    """What `memo` keeps for this build and key, or None."""
    full = (build_id(conn), key)
    with _lock:
        return _entries.get(full)


def keep(conn: Connection, key: Hashable, value: T) -> T:
    """Keep `value` for this build and key (for results computed several at a time)."""
    _store((build_id(conn), key), value)
    return value


def _store(full: tuple[str, Hashable], value: Any) -> None:
    with _lock:
        _entries[full] = value
        _entries.move_to_end(full)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


def clear() -> None:
    """Forget everything (the benchmark uses this to measure cold calls)."""
    with _lock:
        _entries.clear()
