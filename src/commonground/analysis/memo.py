"""A per-database memo for read-only results that many analyses share (corridor tables).

Reading every corridor of an edition costs a few hundred milliseconds, which interactive use
cannot pay on every request. The store changes only when it is rebuilt, so results are kept
per engine and keyed by the build's timestamp: a rebuild (a new `built_at`) drops them all.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy import Connection, Engine, select

from commonground.store.tables import build_info

T = TypeVar("T")
MAX_ENTRIES = 128  # corridor tables of a few editions, plus small lists of years and sources
_memos: WeakKeyDictionary[Engine, tuple[str | None, OrderedDict[Hashable, Any]]] = (
    WeakKeyDictionary()
)


def memo(conn: Connection, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per database build and key; least recently used entries go first."""
    stamp = conn.execute(select(build_info.c.value).where(build_info.c.key == "built_at")).scalar()
    held = _memos.get(conn.engine)
    if held is None or held[0] != stamp:
        held = (stamp, OrderedDict())
        _memos[conn.engine] = held
    entries = held[1]
    if key in entries:
        entries.move_to_end(key)
        return entries[key]  # type: ignore[no-any-return]
    value = compute()
    entries[key] = value
    while len(entries) > MAX_ENTRIES:
        entries.popitem(last=False)
    return value


def clear() -> None:
    """Forget everything (the benchmark uses this to measure cold calls)."""
    _memos.clear()
