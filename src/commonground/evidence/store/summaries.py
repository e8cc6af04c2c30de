"""Summaries of the flow tables, computed by the build from the rows it has just loaded.

Migrant stock, remittances and displacement are flows between two sides. Most questions need
only their sums by area and year (a country's immigrants and emigrants, the world total, the
editions and years held), which would otherwise mean reading whole tables at request time.
The build writes these sums in the same transaction as the facts, so they always agree with
them and are swapped in with them; each row keeps the `source_id` of the facts it sums.

As in the analyses, a row whose target is an aggregate (e.g. a WORLD column) is never summed
with countries; it still counts in `rows`, so a year holding only such rows is still listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    case,
    cast,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)

from commonground.evidence.store.tables import (
    areas,
    displacement,
    metadata,
    migrant_stock,
    remittances,
)


@dataclass(frozen=True)
class Flow:
    """How a fact table reads as a flow: the value, its two sides and what splits it."""

    table: Table
    value: str
    source: str  # origin or sender
    target: str  # destination, receiver or country of asylum
    part: str  # sex, flow or population type


FLOWS = {
    f.table.name: f
    for f in (
        Flow(migrant_stock, "stock", "origin", "destination", "sex"),
        Flow(remittances, "usd_millions", "sender", "receiver", "flow"),
        Flow(displacement, "count", "origin", "asylum", "population_type"),
    )
}


def _key() -> list[Column[object]]:
    return [
        Column("fact_table", String(32), primary_key=True),
        Column("source_id", String(64), ForeignKey("sources.id"), primary_key=True),
        Column("year", Integer, primary_key=True),
        Column("part", String(32), primary_key=True),
    ]


flow_totals = Table(
    "flow_totals",
    metadata,
    *_key(),
    Column("total", Float, nullable=False),  # every row whose target is not an aggregate
    Column("rows", Integer, nullable=False),  # every row, aggregates included
    Column("rows_without_source", Integer, nullable=False),
    Column("rows_without_target", Integer, nullable=False),
)

flow_area_totals = Table(
    "flow_area_totals",
    metadata,
    *_key(),
    Column("area", String(64), ForeignKey("areas.code"), primary_key=True),
    Column("inward", Float, nullable=False),  # the area as target
    Column("inward_rows", Integer, nullable=False),
    Column("outward", Float, nullable=False),  # the area as source
    Column("outward_rows", Integer, nullable=False),
    Index("ix_flow_area_totals_area", "area", "fact_table"),
)


def summarise(conn: Connection) -> None:
    """Write the summaries of every flow table (on the build's connection, in its transaction)."""
    for flow in FLOWS.values():
        conn.execute(_totals(flow))
        conn.execute(_area_totals(flow))


def _labelled(names: tuple[str, ...], *values: Any) -> list[Any]:
    return [v.label(n) for v, n in zip(values, names, strict=True)]


def _counted() -> tuple[Any, Any]:
    """The target's area row and the condition under which a row is summed."""
    target_area = areas.alias("target_area")
    counted = or_(target_area.c.kind.is_(None), target_area.c.kind != "aggregate")
    return target_area, counted


def _totals(flow: Flow) -> Any:
    t = flow.table
    target_area, counted = _counted()
    value = t.c[flow.value]
    query = (
        select(
            literal_column(f"'{t.name}'"),
            t.c.source_id,
            t.c.year,
            t.c[flow.part],
            func.coalesce(func.sum(case((counted, cast(value, Float)))), 0.0),
            func.count(),
            func.count() - func.count(t.c[flow.source]),
            func.count() - func.count(t.c[flow.target]),
        )
        .join(target_area, target_area.c.code == t.c[flow.target], isouter=True)
        .group_by(t.c.source_id, t.c.year, t.c[flow.part])
    )
    columns = [c.name for c in flow_totals.columns]
    return insert(flow_totals).from_select(columns, query)


def _area_totals(flow: Flow) -> Any:
    t = flow.table
    target_area, counted = _counted()
    value = cast(t.c[flow.value], Float)
    zero = literal(0.0, Float)
    none = literal(0, Integer)
    one = literal(1, Integer)
    base = [t.c.source_id, t.c.year, t.c[flow.part].label("part")]
    names = ("inward", "inward_rows", "outward", "outward_rows")
    sides = [
        select(*base, t.c[flow.target].label("area"), *_labelled(names, value, one, zero, none)),
        select(*base, t.c[flow.source].label("area"), *_labelled(names, zero, none, value, one)),
    ]
    rows = union_all(
        *(
            side.join(target_area, target_area.c.code == t.c[flow.target], isouter=True)
            .where(counted)
            .where(t.c[name].is_not(None))
            for side, name in zip(sides, (flow.target, flow.source), strict=True)
        )
    ).subquery("sides")
    c = list(rows.c)
    query = select(
        literal_column(f"'{t.name}'"),
        c[0],
        c[1],
        c[2],
        c[3],
        func.sum(c[4]),
        func.sum(c[5]),
        func.sum(c[6]),
        func.sum(c[7]),
    ).group_by(c[0], c[1], c[2], c[3])
    columns = [col.name for col in flow_area_totals.columns]
    return insert(flow_area_totals).from_select(columns, query)
