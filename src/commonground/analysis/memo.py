"""A per-database memo for read-only results that many analyses share (corridor tables).

Sums by area and year come from the summaries the build writes; what still needs every
corridor of an edition (coverage, coalitions, quadrants) costs tens of milliseconds a year to
read, which interactive use should not pay on every request. The store changes only when it
is rebuilt, so results are kept per engine and keyed by the build's timestamp: a rebuild (a
new `built_at`) drops them all.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, select

from commonground.evidence.store.tables import build_info

T = TypeVar("T")
MAX_ENTRIES = 128  # corridor tables of a few editions, plus small lists of years and sources
_memos: WeakKeyDictionary[Engine, tuple[str | None, OrderedDict[Hashable, Any]]] = (
    WeakKeyDictionary()
)


def memo(conn: Connection, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per database build and key; least recently used entries go first."""
    entries = _entries(conn)
    if key in entries:
        entries.move_to_end(key)
        return entries[key]  # type: ignore[no-any-return]
    return keep(conn, key, compute())


def kept(conn: Connection, key: Hashable) -> Any:
    """What `memo` keeps for this build and key, or None."""
    return _entries(conn).get(key)


def keep(conn: Connection, key: Hashable, value: T) -> T:
    """Keep `value` for this build and key (for results computed several at a time)."""
    entries = _entries(conn)
    entries[key] = value
    entries.move_to_end(key)
    while len(entries) > MAX_ENTRIES:
        entries.popitem(last=False)
    return value


def _entries(conn: Connection) -> OrderedDict[Hashable, Any]:
    stamp = conn.execute(select(build_info.c.value).where(build_info.c.key == "built_at")).scalar()
    held = _memos.get(conn.engine)
    if held is None or held[0] != stamp:
        held = (stamp, OrderedDict())
        _memos[conn.engine] = held
    return held[1]


def clear() -> None:
    """Forget everything (the benchmark uses this to measure cold calls)."""
    _memos.clear()
