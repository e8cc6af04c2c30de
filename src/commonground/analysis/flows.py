"""Flows between two sides (origin and destination, sender and receiver, origin and asylum),
grouped the way users ask: by either side, by corridor, or by the classification of one side.

Migrant stock, remittances and displacement share this one piece of logic. Every result is
from a single source (one edition of one dataset), never a mix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, and_, func, select

from commonground.analysis.areas import require_area
from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.memo import memo
from commonground.analysis.result import Analysis, evidence_table
from commonground.analysis.sums import area_sums, totals, years_held
from commonground.domain.errors import InvalidQuery
from commonground.evidence.store.summaries import FLOWS
from commonground.evidence.store.tables import areas

CLASSIFICATIONS = ("region", "subregion", "development_group", "income_group")
# Pseudo-origins that belong to one side of the North/South divide by definition.
PSEUDO_DEVELOPMENT = {"other-north": "more developed", "other-south": "less developed"}


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
    meta: dict[str, Any] | None = None,
) -> Analysis:
    """Sum `spec.value` for one source and year, grouped as asked.

    `group_by` and `side` take the spec's own words ("origin", "receiver", "asylum", ...) as
    well as "source" and "target"; the result's meta repeats what was asked.
    """
    asked = {"group_by": group_by, "side": side}
    group_by = {spec.source_label: "source", spec.target_label: "target"}.get(group_by, group_by)
    side = "source" if side in ("source", spec.source_label) else "target"
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
    info = area_info(conn)
    summed = None if filters else _summed(conn, spec, source_id, year, where, group_by, side)
    if summed is None:
        pairs = corridor_pairs(conn, spec, conditions)
        total = float(sum(p.val for p in pairs))
    else:
        pairs, total = summed
    rows = _grouped(pairs, group_by, side, spec, info)
    for row in rows:
        row["share"] = row[spec.value] / total if total else None
        row["source_id"] = source_id
    rows.sort(key=lambda r: -r[spec.value])
    columns = [c for c in rows[0] if c != "source_id"] + ["source_id"] if rows else []
    meta = {
        "source_id": source_id,
        "year": year,
        "group_by": group_by,
        "unit": spec.unit,
        "total": total,
        "filters": filters,
        **dict(where),
        **(meta or {}),
        **asked,
    }
    return evidence_table(name, columns, rows, meta, sources_by_id(conn, [source_id]))


def _summed(
    conn: Connection,
    spec: FlowSpec,
    source_id: str,
    year: int,
    where: Mapping[str, Any],
    group_by: str,
    side: str,
) -> tuple[list[Any], float] | None:
    """Pairs whose sums by one side equal the corridors' (from the build's summaries), and
    the total; None where the summaries cannot answer (corridors, or rows missing that side).
    """
    flow = FLOWS.get(spec.table.name)
    if flow is None or group_by == "corridor" or list(where) != [flow.part]:
        return None
    by_source = group_by == "source" or (group_by in CLASSIFICATIONS and side == "source")
    part = str(where[flow.part])
    held = totals(conn, spec.table, source_id, part).get(year)
    if held is None or (held.rows_without_source if by_source else held.rows_without_target):
        return None
    pairs = [
        _Pair(year, s.area, None, s.outward) if by_source else _Pair(year, None, s.area, s.inward)
        for s in area_sums(conn, spec.table, source_id, parts=[part], year=year)
        if (s.outward_rows if by_source else s.inward_rows)
    ]
    return pairs, held.total


@dataclass(frozen=True)
class _Pair:
    year: int
    src: str | None
    dst: str | None
    val: float


def corridor_pairs(conn: Connection, spec: FlowSpec, conditions: Sequence[Any]) -> list[Any]:
    """(year, src, dst, val) per year and corridor under `conditions` (built on `spec.table`)."""
    t = spec.table
    src, tgt = t.c[spec.source_side], t.c[spec.target_side]
    target_area_t = areas.alias("target_area")
    # Aggregate targets (e.g. a WORLD column) are never summed with countries.
    base = (
        select(
            t.c.year.label("year"),
            src.label("src"),
            tgt.label("dst"),
            func.sum(t.c[spec.value]).label("val"),
        )
        .join(target_area_t, target_area_t.c.code == tgt, isouter=True)
        .where(and_(*conditions))
        .where((target_area_t.c.kind.is_(None)) | (target_area_t.c.kind != "aggregate"))
        .group_by(t.c.year, src, tgt)
    )
    return list(conn.execute(base).all())


def _grouped(
    pairs: list[Any], group_by: str, side: str, spec: FlowSpec, info: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    value = spec.value
    sums: dict[tuple[str, ...], float] = defaultdict(float)
    if group_by == "corridor":
        for p in pairs:
            sums[(p.src, p.dst)] += p.val
        return [
            {
                f"{spec.source_label}": s,
                f"{spec.source_label}_name": _name(info, s),
                f"{spec.target_label}": t,
                f"{spec.target_label}_name": _name(info, t),
                value: _number(v),
            }
            for (s, t), v in sums.items()
        ]
    if group_by in ("source", "target"):
        label = spec.source_label if group_by == "source" else spec.target_label
        for p in pairs:
            sums[(p.src if group_by == "source" else p.dst,)] += p.val
        return [
            {label: k[0], f"{label}_name": _name(info, k[0]), value: _number(v)}
            for k, v in sums.items()
        ]
    if group_by in CLASSIFICATIONS:
        label = spec.source_label if side == "source" else spec.target_label
        for p in pairs:
            code = p.src if side == "source" else p.dst
            sums[(classify(info, code, group_by),)] += p.val
        return [{f"{label}_{group_by}": k[0], value: _number(v)} for k, v in sums.items()]
    raise InvalidQuery(f"cannot group by {group_by!r}", field="group_by")


def classify(info: dict[str, dict[str, Any]], code: str | None, scheme: str) -> str:
    """The group an area belongs to under a scheme; pseudo-areas are named for what they are."""
    if code is None:
        return "all"
    area = info.get(code, {})
    if scheme == "development_group" and code in PSEUDO_DEVELOPMENT:
        return PSEUDO_DEVELOPMENT[code]
    value = area.get(scheme)
    if value:
        return str(value)
    if area.get("kind") == "aggregate":
        return f"unallocated ({area.get('name', code)})"
    return "not classified"


def area_info(conn: Connection) -> dict[str, dict[str, Any]]:
    """Name, kind and classifications of every area (kept per build: see memo)."""
    return memo(conn, "area-info", lambda: _read_area_info(conn))


def _read_area_info(conn: Connection) -> dict[str, dict[str, Any]]:
    query = select(
        areas.c.code,
        areas.c.name,
        areas.c.kind,
        areas.c.region,
        areas.c.subregion,
        areas.c.development_group,
        areas.c.income_group,
    )
    return {r["code"]: dict(r) for r in conn.execute(query).mappings()}


def _name(info: dict[str, dict[str, Any]], code: str | None) -> str | None:
    return None if code is None else info.get(code, {}).get("name", code)


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else float(value)
