"""Reads of the flow summaries the build writes (store/summaries.py).

Sums by area, world totals, and the sources and years a flow table holds are a few indexed
rows each, so the analyses answer from them at request time instead of reading whole tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Table, select

from commonground.evidence.store.summaries import flow_area_totals, flow_totals


@dataclass(frozen=True)
class AreaSum:
    """One area's flows in one year: as target (`inward`) and as source (`outward`)."""

    year: int
    area: str
    inward: float
    inward_rows: int
    outward: float
    outward_rows: int


def sources_held(conn: Connection, table: Table) -> list[str]:
    t = flow_totals
    query = select(t.c.source_id).distinct().where(t.c.fact_table == table.name)
    return sorted(str(s) for s in conn.execute(query).scalars())


def years_held(conn: Connection, table: Table, source_id: str, part: str) -> list[int]:
    t = flow_totals
    query = (
        select(t.c.year)
        .where(t.c.fact_table == table.name, t.c.source_id == source_id, t.c.part == part)
        .order_by(t.c.year)
    )
    return [int(y) for y in conn.execute(query).scalars()]


def parts_held(conn: Connection, table: Table, source_id: str) -> list[str]:
    t = flow_totals
    query = (
        select(t.c.part).distinct().where(t.c.fact_table == table.name, t.c.source_id == source_id)
    )
    return [str(p) for p in conn.execute(query).scalars()]


@dataclass(frozen=True)
class Total:
    """What one source holds for one year and part, summed."""

    total: float
    rows_without_source: int
    rows_without_target: int


def totals(conn: Connection, table: Table, source_id: str, part: str) -> dict[int, Total]:
    """Per year: the sum of every row whose target is not an aggregate."""
    t = flow_totals
    query = select(t.c.year, t.c.total, t.c.rows_without_source, t.c.rows_without_target).where(
        t.c.fact_table == table.name, t.c.source_id == source_id, t.c.part == part
    )
    return {int(r.year): Total(float(r.total), r[2], r[3]) for r in conn.execute(query)}


def area_sums(
    conn: Connection,
    table: Table,
    source_id: str,
    *,
    parts: Iterable[str] | None = None,
    year: int | None = None,
    area: str | None = None,
) -> list[AreaSum]:
    """Sums by area (and year), for the given parts of the flow (all parts if None)."""
    t = flow_area_totals
    query = select(
        t.c.year, t.c.area, t.c.inward, t.c.inward_rows, t.c.outward, t.c.outward_rows
    ).where(t.c.fact_table == table.name, t.c.source_id == source_id)
    if parts is not None:
        query = query.where(t.c.part.in_(list(parts)))
    if year is not None:
        query = query.where(t.c.year == year)
    if area is not None:
        query = query.where(t.c.area == area)
    return [
        AreaSum(int(r[0]), str(r[1]), float(r[2]), int(r[3]), float(r[4]), int(r[5]))
        for r in conn.execute(query.order_by(t.c.year, t.c.area))
    ]
