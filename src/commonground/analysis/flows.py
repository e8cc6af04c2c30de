"""Flows between two sides (origin and destination, sender and receiver, origin and asylum),
grouped the way users ask: by either side, by corridor, or by the classification of one side.

Migrant stock, remittances and displacement share this one piece of logic. Every result is
from a single source (one edition of one dataset), never a mix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Select,
    String,
    Subquery,
    Table,
    and_,
    case,
    cast,
    func,
    literal,
    null,
    select,
)

from commonground.analysis.areas import (
    PSEUDO_DEVELOPMENT,
    SCHEMES,
    AreaInfo,
    area_info,
    require_area,
)
from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.memo import memo
from commonground.analysis.paging import Window, read_page
from commonground.analysis.result import Analysis, Summary, evidence_table
from commonground.analysis.sums import totals, years_held
from commonground.domain.errors import InvalidQuery
from commonground.evidence.store.summaries import FLOWS, flow_area_totals
from commonground.evidence.store.tables import areas

CLASSIFICATIONS = SCHEMES
"""The schemes a table of flows may be grouped by: the areas' classifications."""
# Pseudo-origins that belong to one side of the North/South divide by definition.


@dataclass(frozen=True)
class FlowSpec:
    """How one fact table reads as a flow."""

    table: Table
    value: str
    source_side: str  # column of the origin / sender
    target_side: str  # column of the destination / receiver / asylum country
    source_label: str
    target_label: str
    unit: str


def available_years(
    conn: Connection, spec: FlowSpec, source_id: str, where: Mapping[str, Any] | None = None
) -> list[int]:
    t = spec.table
    flow = FLOWS.get(t.name)
    if flow is not None and where is not None and list(where) == [flow.part]:
        return years_held(conn, t, source_id, str(where[flow.part]))
    query = select(t.c.year).distinct().where(t.c.source_id == source_id).order_by(t.c.year)
    for column, value in (where or {}).items():
        query = query.where(t.c[column] == value)
    key = ("years", t.name, source_id, tuple(sorted((where or {}).items())))
    return memo(conn, key, lambda: [int(y) for y in conn.execute(query).scalars()])


def check_year(years: list[int], year: int | None, what: str) -> int:
    """The requested year, or the latest; an unknown year lists the years there are."""
    if not years:
        raise InvalidQuery(f"{what} holds no data for this selection")
    if year is None:
        return years[-1]
    if year not in years:
        raise InvalidQuery(
            f"{what} has no data for {year}; years available: " + ", ".join(map(str, years)),
            field="year",
            allowed=[str(y) for y in years],
        )
    return year


class FlowSummary(Summary):
    """What a table of flows is: one source and year, grouped as asked, its unit and total."""

    source_id: str
    year: int
    group_by: str
    """As asked, in the dataset's own words (receiver, asylum, ...)."""
    unit: str
    total: float
    filters: dict[str, str]
    """The areas asked for on either side, by the side's name."""


F = TypeVar("F", bound=FlowSummary)


def flow_query(
    conn: Connection,
    spec: FlowSpec,
    *,
    name: str,
    source_id: str,
    year: int,
    where: Mapping[str, Any],
    source_area: str | None = None,
    target_area: str | None = None,
    group_by: str = "target",
    side: str = "target",
    summary: type[F],
    figures: Mapping[str, Any],
    window: Window | None = None,
) -> Analysis[F]:
    """Sum `spec.value` for one source and year, grouped as asked, largest first.

    `group_by` and `side` take the spec's own words ("origin", "receiver", "asylum", ...) as
    well as "source" and "target"; the `summary` (of the dataset's own type, with its
    `figures` besides the flows') repeats what was asked. The grouping,
    the order and the `window` are done in SQL, so a page costs what its rows cost.
    """
    asked = {"group_by": group_by, "side": side}
    group_by = {spec.source_label: "source", spec.target_label: "target"}.get(group_by, group_by)
    side = "source" if side in ("source", spec.source_label) else "target"
    if group_by not in ("corridor", "source", "target", *CLASSIFICATIONS):
        raise InvalidQuery(f"cannot group by {group_by!r}", field="group_by")
    t = spec.table
    src, tgt = t.c[spec.source_side], t.c[spec.target_side]
    conditions = [t.c.source_id == source_id, t.c.year == year]
    conditions += [t.c[column] == value for column, value in where.items()]
    filters: dict[str, str] = {}
    if source_area:
        code = require_area(conn, source_area)
        conditions.append(src == code)
        filters[spec.source_label] = code
    if target_area:
        code = require_area(conn, target_area)
        conditions.append(tgt == code)
        filters[spec.target_label] = code
    summed = None if filters else _summed(conn, spec, source_id, year, where, group_by, side)
    pairs = corridor_pairs(spec, conditions) if summed is None else summed[0]
    read = read_page(conn, grouped_query(pairs, group_by, side), window, summed="val")
    total = read.summed if summed is None else summed[1]
    info = area_info(conn)
    rows = [flow_row(r, group_by, side, spec, info) for r in read.rows]
    for row in rows:
        row["share"] = row[spec.value] / total if total else None
        row["source_id"] = source_id
    meta = {
        "source_id": source_id,
        "year": year,
        "group_by": group_by,
        "unit": spec.unit,
        "total": total,
        "filters": filters,
        **dict(where),
        **figures,
        **asked,
    }
    columns = [*flow_columns(group_by, side, spec), spec.value, "share", "source_id"]
    return evidence_table(
        name,
        columns,
        rows,
        summary.model_validate(meta),
        sources_by_id(conn, [source_id]),
        total_rows=read.total_rows if window is not None else None,
    )


def _summed(
    conn: Connection,
    spec: FlowSpec,
    source_id: str,
    year: int,
    where: Mapping[str, Any],
    group_by: str,
    side: str,
) -> tuple[Subquery, float] | None:
    """Pairs (src, dst, val) whose sums by one side equal the corridors' (from the build's
    summaries), and the total; None where the summaries cannot answer (corridors, or rows
    missing that side).
    """
    flow = FLOWS.get(spec.table.name)
    if flow is None or group_by == "corridor" or list(where) != [flow.part]:
        return None
    by_source = group_by == "source" or (group_by in CLASSIFICATIONS and side == "source")
    part = str(where[flow.part])
    held = totals(conn, spec.table, source_id, part).get(year)
    if held is None or (held.rows_without_source if by_source else held.rows_without_target):
        return None
    s = flow_area_totals
    value, counted = (s.c.outward, s.c.outward_rows) if by_source else (s.c.inward, s.c.inward_rows)
    none = cast(null(), String)
    query = select(
        (s.c.area if by_source else none).label("src"),
        (none if by_source else s.c.area).label("dst"),
        value.label("val"),
    ).where(
        s.c.fact_table == spec.table.name,
        s.c.source_id == source_id,
        s.c.part == part,
        s.c.year == year,
        counted > 0,
    )
    return query.subquery("pairs"), held.total


def corridor_pairs(spec: FlowSpec, conditions: Sequence[Any]) -> Subquery:
    """(src, dst, val) per row of `spec.table` under `conditions`, aggregate targets left out."""
    t = spec.table
    target_area_t = areas.alias("target_area")
    # Aggregate targets (e.g. a WORLD column) are never summed with countries.
    query = (
        select(
            t.c[spec.source_side].label("src"),
            t.c[spec.target_side].label("dst"),
            t.c[spec.value].label("val"),
        )
        .join(target_area_t, target_area_t.c.code == t.c[spec.target_side], isouter=True)
        .where(and_(*conditions))
        .where((target_area_t.c.kind.is_(None)) | (target_area_t.c.kind != "aggregate"))
    )
    return query.subquery("pairs")


def grouped_query(pairs: Subquery, group_by: str, side: str) -> Select[Any]:
    """`pairs` (src, dst, val) summed by corridor, by one side or by one side's group, the
    largest sum first (ties by key); the columns are the keys and `val`."""
    if group_by == "corridor":
        keyed = select(pairs.c.src, pairs.c.dst, pairs.c.val).subquery("keyed")
        keys = [keyed.c.src, keyed.c.dst]
    elif group_by in ("source", "target"):
        key = pairs.c.src if group_by == "source" else pairs.c.dst
        keyed = select(key.label("key"), pairs.c.val).subquery("keyed")
        keys = [keyed.c.key]
    else:
        # Classified in a subquery, so that the GROUP BY names a column, not an expression
        # whose bound values PostgreSQL could not match with the SELECT's.
        code = pairs.c.src if side == "source" else pairs.c.dst
        grouped_area = areas.alias("grouped_area")
        keyed = (
            select(classified(code, grouped_area, group_by).label("key"), pairs.c.val)
            .select_from(pairs.join(grouped_area, grouped_area.c.code == code, isouter=True))
            .subquery("keyed")
        )
        keys = [keyed.c.key]
    val = func.sum(keyed.c.val).label("val")
    return (
        select(*keys, val)
        .group_by(*keys)
        .order_by(val.desc(), *(k.asc().nulls_last() for k in keys))
    )


def classified(code: Any, area: Any, scheme: str) -> Any:
    """`classify` in SQL: the group of the area `code` (a row of `area`, joined on it)."""
    value = area.c[scheme]
    cases: list[tuple[Any, Any]] = [(code.is_(None), literal("all"))]
    if scheme == "development_group":
        cases += [(code == pseudo, literal(group)) for pseudo, group in PSEUDO_DEVELOPMENT.items()]
    cases += [
        ((value.is_not(None)) & (value != ""), value),
        (
            area.c.kind == "aggregate",
            literal("unallocated (") + func.coalesce(area.c.name, code) + literal(")"),
        ),
    ]
    return case(*cases, else_=literal("not classified"))


def flow_columns(group_by: str, side: str, spec: FlowSpec) -> list[str]:
    if group_by == "corridor":
        return [
            spec.source_label,
            f"{spec.source_label}_name",
            spec.target_label,
            f"{spec.target_label}_name",
        ]
    if group_by in ("source", "target"):
        label = spec.source_label if group_by == "source" else spec.target_label
        return [label, f"{label}_name"]
    label = spec.source_label if side == "source" else spec.target_label
    return [f"{label}_{group_by}"]


def flow_row(
    r: Any, group_by: str, side: str, spec: FlowSpec, info: Mapping[str, AreaInfo]
) -> dict[str, Any]:
    value = {spec.value: _number(r.val)}
    if group_by == "corridor":
        return {
            spec.source_label: r.src,
            f"{spec.source_label}_name": _name(info, r.src),
            spec.target_label: r.dst,
            f"{spec.target_label}_name": _name(info, r.dst),
            **value,
        }
    if group_by in ("source", "target"):
        label = spec.source_label if group_by == "source" else spec.target_label
        return {label: r.key, f"{label}_name": _name(info, r.key), **value}
    label = spec.source_label if side == "source" else spec.target_label
    return {f"{label}_{group_by}": r.key, **value}


def _name(info: Mapping[str, AreaInfo], code: str | None) -> str | None:
    if code is None:
        return None
    area = info.get(code)
    return code if area is None else area.name


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else float(value)
