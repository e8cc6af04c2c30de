"""The published practices' facet values in memory, for filters and disjunctive counts.

Counting facets in SQL reads every tag row of every hit (about twenty a practice), which at
10,000 practices costs seconds on SQLite and most of a second on PostgreSQL. Here the tags
are two integer arrays (the practice's slot, the value's number), so a filter is a mask and
a facet's counts are one `numpy.bincount`.

Every reindex of a practice moves its `generation` past every other's. A search reads the
highest generation (an index lookup); when it moved, only the practices at or past the
generation held are read again and patched into a new index (one practice's write costs a
few rows, not the whole index). Rows at the highest generation are counted too, so two
writers that took the same number are both seen. An index that shrank (a restore) is read
whole again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol, TypeVar

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import ColumnElement, Connection, Select, func, select

from commonground.workspace.tables import practice_tags, practices

Mask = NDArray[np.bool_]
Stamp = tuple[int, int, int]
"""The highest generation, how many practices hold it, how many practices there are."""


@dataclass(frozen=True)
class TagIndex:
    """The practices seen (one slot each, in the order they were read) and their facet
    values; `live` says which slots are published now."""

    stamp: Stamp
    ids: NDArray[np.int64]
    live: Mask = field(repr=False)
    titles: tuple[str, ...] = field(repr=False)
    start: NDArray[np.float64] = field(repr=False)
    end: NDArray[np.float64] = field(repr=False)
    rows: NDArray[np.int64] = field(repr=False)
    cols: NDArray[np.int64] = field(repr=False)
    values: tuple[tuple[str, str], ...] = field(repr=False)
    numbers: dict[tuple[str, str], int] = field(repr=False)
    sorter: NDArray[np.int64] = field(repr=False)

    def positions(self, record_ids: NDArray[np.int64]) -> tuple[NDArray[np.int64], Mask]:
        """The slot of each record id, and which ones are practices seen at all."""
        if not len(self.ids):
            return np.zeros(len(record_ids), np.int64), np.zeros(len(record_ids), bool)
        at = np.searchsorted(self.ids, record_ids, sorter=self.sorter)
        inside = at < len(self.ids)
        slots = self.sorter[np.minimum(at, len(self.ids) - 1)]
        known = inside & (self.ids[slots] == record_ids)
        return slots, known

    def having(self, facet: str, values: tuple[str, ...]) -> Mask:
        """The practices with any of these values of a facet."""
        numbers = [self.numbers[(facet, v)] for v in values if (facet, v) in self.numbers]
        found = np.zeros(len(self.ids), dtype=bool)
        found[self.rows[np.isin(self.cols, numbers)]] = True
        return found

    def counts(self, kept: Mask, facet: str | None = None) -> dict[str, dict[str, int]]:
        """Per facet (or for one), how many kept practices hold each value."""
        n = np.bincount(self.cols[kept[self.rows]], minlength=len(self.values))
        out: dict[str, dict[str, int]] = {}
        for number in np.flatnonzero(n):
            name, value = self.values[number]
            if facet is None or name == facet:
                out.setdefault(name, {})[value] = int(n[number])
        return out

    @cached_property
    def by_title(self) -> NDArray[np.int64]:
        """Each slot's place in title order, for the order of results without words (sorted
        once per index, on first use)."""
        folded = np.asarray([t.casefold() for t in self.titles], dtype=str)
        place = np.empty(len(self.ids), dtype=np.int64)
        place[np.argsort(folded, kind="stable")] = np.arange(len(self.ids))
        return place


_CACHE: dict[str, TagIndex] = {}


def cache_key(conn: Connection) -> str:
    """Which workspace a connection reads, for the indexes held in memory."""
    return f"{conn.engine.url}#{conn.engine.dialect.default_schema_name}#{id(conn.engine)}"


def stamp(conn: Connection) -> Stamp:
    """Where the practices' index stands: it moved when any practice was reindexed."""
    top = select(func.max(practices.c.generation)).scalar_subquery()
    at_top = select(func.count()).where(practices.c.generation == top).scalar_subquery()
    found = conn.execute(select(func.coalesce(top, 0), at_top, func.count())).one()
    return int(found[0]), int(found[1]), int(found[2])


def _years(values: list[Any]) -> NDArray[np.float64]:
    return np.asarray([np.nan if v is None else v for v in values], np.float64)


def _chosen(since: int | None) -> ColumnElement[bool]:
    return practices.c.published.is_(True) if since is None else practices.c.generation >= since


def changed_since(since: int | None, *columns: ColumnElement[Any]) -> Select[Any]:
    """The practices (published or not) at or past a generation, or all published ones, by
    record id: their id, whether they are published, and these columns."""
    return (
        select(practices.c.record_id, practices.c.published, *columns)
        .where(_chosen(since))
        .order_by(practices.c.record_id)
    )


def _read(conn: Connection, since: int | None) -> tuple[list[Any], list[Any]]:
    """The practices changed since a generation (or all published ones) and the tags of the
    published ones among them."""
    columns = (practices.c.title, practices.c.start_year, practices.c.end_year)
    rows = conn.execute(changed_since(since, *columns)).all()
    published = select(practices.c.record_id).where(practices.c.published.is_(True), _chosen(since))
    tags = conn.execute(
        select(practice_tags.c.record_id, practice_tags.c.facet, practice_tags.c.value).where(
            practice_tags.c.record_id.in_(published)
        )
    ).all()
    return list(rows), list(tags)


def _built(stamp: Stamp, rows: list[Any], tags: list[Any]) -> TagIndex:
    ids = np.asarray([r.record_id for r in rows], dtype=np.int64)
    empty = TagIndex(
        stamp=stamp,
        ids=np.zeros(0, np.int64),
        live=np.zeros(0, bool),
        titles=(),
        start=np.zeros(0),
        end=np.zeros(0),
        rows=np.zeros(0, np.int64),
        cols=np.zeros(0, np.int64),
        values=(),
        numbers={},
        sorter=np.zeros(0, np.int64),
    )
    return _patched(empty, stamp, rows, tags) if len(ids) else empty


def _patched(old: TagIndex, stamp: Stamp, rows: list[Any], tags: list[Any]) -> TagIndex:
    """A new index: `old` with these practices' rows and tags put in place of theirs."""
    changed = np.asarray([r.record_id for r in rows], dtype=np.int64)
    slots, known = old.positions(changed)
    fresh = changed[~known]
    ids = np.concatenate([old.ids, fresh])
    where = np.empty(len(changed), dtype=np.int64)
    where[known] = slots[known]
    where[~known] = np.arange(len(old.ids), len(ids))
    live = np.concatenate([old.live, np.zeros(len(fresh), bool)])
    live[where] = [bool(r.published) for r in rows]
    titles = [*old.titles, *([""] * len(fresh))]
    for slot, r in zip(where.tolist(), rows, strict=True):
        titles[slot] = str(r.title)
    start = np.concatenate([old.start, np.full(len(fresh), np.nan)])
    end = np.concatenate([old.end, np.full(len(fresh), np.nan)])
    start[where] = _years([r.start_year for r in rows])
    end[where] = _years([r.end_year for r in rows])
    dropped = np.zeros(len(ids), dtype=bool)
    dropped[where] = True
    keep = ~dropped[old.rows]
    numbers = dict(old.numbers)
    sorter = np.argsort(ids, kind="stable")
    new_rows = np.asarray([t[0] for t in tags], dtype=np.int64)
    tag_slots = sorter[np.searchsorted(ids, new_rows, sorter=sorter)] if len(tags) else new_rows
    tag_cols = [numbers.setdefault((t[1], t[2]), len(numbers)) for t in tags]
    return TagIndex(
        stamp=stamp,
        ids=ids,
        live=live,
        titles=tuple(titles),
        start=start,
        end=end,
        rows=np.concatenate([old.rows[keep], tag_slots]),
        cols=np.concatenate([old.cols[keep], np.asarray(tag_cols, dtype=np.int64)]),
        values=tuple(numbers),
        numbers=numbers,
        sorter=sorter,
    )


class Held(Protocol):
    @property
    def stamp(self) -> Stamp: ...


H = TypeVar("H", bound=Held)


def kept_current(
    conn: Connection,
    cache: dict[str, H],
    read: Callable[[Stamp, H | None, int | None], H],
    now: Stamp | None = None,
) -> H:
    """What `cache` holds for this workspace, or `read(now, held, since)` when the practices
    moved: `since` is the generation to patch `held` from, or None (and no `held`) to read
    everything. A caller that reads several indexes for one search passes the stamp it read
    once (`now`), so they agree and the stamp's query runs once."""
    where = cache_key(conn)
    now = stamp(conn) if now is None else now
    held = cache.get(where)
    if held is not None and held.stamp == now:
        return held
    since = patch_from(held.stamp if held is not None else None, now)
    found = read(now, held if since is not None else None, since)
    cache[where] = found
    return found


def tag_index(conn: Connection, now: Stamp | None = None) -> TagIndex:
    """The index of this workspace, patched with what changed since it was read (up to
    `now`, when the caller read the stamp)."""

    def current(now: Stamp, held: TagIndex | None, since: int | None) -> TagIndex:
        if held is None:
            return _built(now, *_read(conn, None))
        return _patched(held, now, *_read(conn, since))

    return kept_current(conn, _CACHE, current, now)


def patch_from(held: Stamp | None, now: Stamp) -> int | None:
    """The generation from which an index held at `held` is patched to `now`, or None when
    it is read whole (nothing held, or fewer practices or a lower generation than held)."""
    if held is None or now[0] < held[0] or now[2] < held[2]:
        return None
    return held[0]
