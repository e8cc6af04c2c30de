"""Dead and missing migrants (IOM Missing Migrants Project), by year, place, route or origin."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from sqlalchemy import Connection, distinct, func, select

from commonground.analysis.areas import area_names, require_area
from commonground.analysis.catalogue import role_source, sources_by_id
from commonground.analysis.declare import Declared, Params, choices
from commonground.analysis.paging import Window, read_page
from commonground.analysis.result import Analysis, Summary, evidence_table
from commonground.domain.errors import InvalidQuery
from commonground.evidence.store.tables import missing_migrant_origins as origins
from commonground.evidence.store.tables import missing_migrants as mm

GROUPS = ("year", "country", "route", "cause", "origin", "incident_type")


class MissingMigrantsSummary(Summary):
    """A table of the Missing Migrants Project's incidents, grouped by one key."""

    source_id: str
    group_by: str
    filters: dict[str, int | str]
    """The year, country, route or origin asked for."""
    unit: str
    total: float
    years_available: list[int]
    note: str | None
    """How incidents with several origins count, when grouped by origin."""


def missing_migrants(
    conn: Connection,
    *,
    year: int | None = None,
    country: str | None = None,
    origin: str | None = None,
    route: str | None = None,
    group_by: str = "year",
    window: Window | None = None,
) -> Analysis[MissingMigrantsSummary]:
    """Incidents and dead and missing by one key, the most first (by year: in year order)."""
    if group_by not in GROUPS:
        raise InvalidQuery(
            f"cannot group missing migrants by {group_by!r}", field="group_by", allowed=list(GROUPS)
        )
    source_id = role_source(conn, "missing_migrants")
    years = [
        int(y) for y in conn.execute(select(mm.c.year).distinct().order_by(mm.c.year)).scalars()
    ]
    if year is not None and year not in years:
        raise InvalidQuery(
            f"the Missing Migrants Project has no incidents for {year}; years"
            " available: " + ", ".join(map(str, years)),
            field="year",
            allowed=[str(y) for y in years],
        )
    filters: dict[str, int | str] = {}
    conditions = []
    if year is not None:
        conditions.append(mm.c.year == year)
        filters["year"] = year
    if country:
        code = require_area(conn, country)
        conditions.append(mm.c.country == code)
        filters["country"] = code
    if route:
        conditions.append(mm.c.route == route)
        filters["route"] = route
    if origin:
        code = require_area(conn, origin)
        conditions.append(
            mm.c.id.in_(select(origins.c.incident_id).where(origins.c.origin == code))
        )
        filters["origin"] = code
    dead = func.sum(mm.c.dead_and_missing).label("dead_and_missing")
    if group_by == "origin":
        key = origins.c.origin
        query = select(
            key.label("key"),
            func.count(distinct(mm.c.id)).label("incidents"),
            dead,
        ).join(origins, origins.c.incident_id == mm.c.id)
    else:
        key = mm.c[group_by]
        query = select(
            key.label("key"),
            func.count(mm.c.id).label("incidents"),
            dead,
        )
    order = (
        [key.asc().nulls_last()] if group_by == "year" else [dead.desc(), key.asc().nulls_last()]
    )
    query = query.where(*conditions).group_by(key).order_by(*order)
    read = read_page(conn, query, window, summed="dead_and_missing")
    names = area_names(conn) if group_by in ("country", "origin") else {}
    rows: list[dict[str, Any]] = []
    for r in read.rows:
        row: dict[str, Any] = {group_by: r.key}
        if names:
            row[f"{group_by}_name"] = names.get(r.key) if r.key else None
        row.update(
            incidents=int(r.incidents),
            dead_and_missing=int(r.dead_and_missing),
            source_id=source_id,
        )
        rows.append(row)
    total = (
        read.summed
        if group_by != "origin"
        else float(
            conn.execute(
                select(func.coalesce(func.sum(mm.c.dead_and_missing), 0)).where(*conditions)
            ).scalar_one()
        )
    )
    summary = MissingMigrantsSummary(
        source_id=source_id,
        group_by=group_by,
        filters=filters,
        unit="dead and missing persons",
        total=total,
        years_available=years,
        note="an incident with several origins counts once for each origin when grouped by origin"
        if group_by == "origin"
        else None,
    )
    named = [f"{group_by}_name"] if group_by in ("country", "origin") else []
    return evidence_table(
        "missing-migrants",
        [group_by, *named, "incidents", "dead_and_missing", "source_id"],
        rows,
        summary,
        sources_by_id(conn, [source_id]),
        total_rows=read.total_rows if window is not None else None,
    )


class MissingMigrantsParams(Params):
    year: int | None = Field(None, description="One year of incidents (default: all)")
    country: str | None = Field(None, description="Country of the incident")
    origin: str | None = Field(None, description="Country of origin of the dead and missing")
    route: str | None = Field(None, description="Migration route, as IOM names it")
    group_by: str = Field("year", description=choices(GROUPS))


DECLARED = Declared(
    name="missing-migrants",
    summary="Dead and missing migrants by year, place or route",
    example="commonground analyse missing-migrants --group-by route",
    params=MissingMigrantsParams,
    answers=MissingMigrantsSummary,
    run_window=lambda conn, p, window: missing_migrants(conn, **p.model_dump(), window=window),
)
