"""The published practices' facet values in memory, for filters and disjunctive counts.

Counting facets in SQL reads every tag row of every hit (about twenty a practice), which at
10,000 practices costs seconds on SQLite and most of a second on PostgreSQL. Here the tags
are two integer arrays (the practice's position, the value's number), so a filter is a mask
and a facet's counts are one `numpy.bincount`. The arrays are read again when the records'
stamp moves: every write that changes what is published (a new record, a published or new
version, a deletion) moves it, and so does a reindex in this process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Connection, func, select

from commonground.workspace.tables import practice_tags, practices, records

Mask = NDArray[np.bool_]
_GENERATION = [0]


def changed() -> None:
    """Say that the index changed in this process (the indexer calls it)."""
    _GENERATION[0] += 1


@dataclass(frozen=True)
class TagIndex:
    """The published practices (by record id, ascending) and their facet values."""

    stamp: tuple[Any, ...]
    ids: NDArray[np.int64]
    by_title: NDArray[np.int64] = field(repr=False)
    """Each practice's place in title order, for the order of results without words."""
    start: NDArray[np.float64] = field(repr=False)
    end: NDArray[np.float64] = field(repr=False)
    rows: NDArray[np.int64] = field(repr=False)
    cols: NDArray[np.int64] = field(repr=False)
    values: list[tuple[str, str]] = field(repr=False)
    numbers: dict[tuple[str, str], int] = field(repr=False)

    def positions(self, record_ids: list[int]) -> tuple[NDArray[np.int64], Mask]:
        """Where each record id sits, and which ones are published practices at all."""
        wanted = np.asarray(record_ids, dtype=np.int64)
        at = np.searchsorted(self.ids, wanted)
        inside = at < len(self.ids)
        known = inside.copy()
        known[inside] = self.ids[at[inside]] == wanted[inside]
        return at, known

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


_CACHE: dict[str, TagIndex] = {}


def _stamp(conn: Connection) -> tuple[Any, ...]:
    query = select(
        func.count(),
        func.count(records.c.deleted_at),
        func.coalesce(func.sum(records.c.published_version), 0),
        func.coalesce(func.sum(records.c.latest_version), 0),
        func.max(records.c.id),
    ).where(records.c.kind == "practice")
    return (*conn.execute(query).one(), _GENERATION[0])


def tag_index(conn: Connection) -> TagIndex:
    """The index of this workspace, read again when its stamp moved."""
    where = f"{conn.engine.url}#{conn.engine.dialect.default_schema_name}#{id(conn.engine)}"
    stamp = _stamp(conn)
    cached = _CACHE.get(where)
    if cached is not None and cached.stamp == stamp:
        return cached
    rows = conn.execute(
        select(practices.c.record_id, practices.c.title, practices.c.start_year)
        .add_columns(practices.c.end_year)
        .where(practices.c.published.is_(True))
        .order_by(practices.c.record_id)
    ).all()
    ids = np.asarray([r.record_id for r in rows], dtype=np.int64)
    titles = sorted(range(len(rows)), key=lambda i: (str(rows[i].title).casefold(), i))
    by_title = np.empty(len(rows), dtype=np.int64)
    by_title[titles] = np.arange(len(rows))

    def years(name: str) -> NDArray[np.float64]:
        return np.asarray(
            [np.nan if getattr(r, name) is None else getattr(r, name) for r in rows], np.float64
        )

    numbers: dict[tuple[str, str], int] = {}
    tag_rows: list[int] = []
    tag_cols: list[int] = []
    found = conn.execute(
        select(practice_tags.c.record_id, practice_tags.c.facet, practice_tags.c.value).where(
            practice_tags.c.record_id.in_(
                select(practices.c.record_id).where(practices.c.published.is_(True))
            )
        )
    ).all()
    at = np.searchsorted(ids, np.asarray([r[0] for r in found], dtype=np.int64))
    for place, (_, facet, value) in zip(at.tolist(), found, strict=True):
        tag_rows.append(place)
        tag_cols.append(numbers.setdefault((facet, value), len(numbers)))
    index = TagIndex(
        stamp=stamp,
        ids=ids,
        by_title=by_title,
        start=years("start_year"),
        end=years("end_year"),
        rows=np.asarray(tag_rows, dtype=np.int64),
        cols=np.asarray(tag_cols, dtype=np.int64),
        values=list(numbers),
        numbers=numbers,
    )
    _CACHE[where] = index
    return index
