"""Forcibly displaced and stateless people (UNHCR), by country of asylum and of origin."""

from __future__ import annotations

from sqlalchemy import Connection

from commonground.analysis.editions import resolve_edition
from commonground.analysis.flows import (
    CLASSIFICATIONS,
    FlowResult,
    FlowSpec,
    available_years,
    check_year,
    flow_query,
)
from commonground.domain.errors import InvalidQuery
from commonground.evidence.store.tables import displacement as table

DISPLACEMENT = FlowSpec(table, "count", "origin", "asylum", "origin", "asylum", "persons")
POPULATION_TYPES = (
    "refugee",
    "asylum",
    "refugee return",
    "idp",
    "idp return",
    "stateless",
    "other",
)
GROUPS = ("asylum", "origin", "corridor", *CLASSIFICATIONS)


def displacement(
    conn: Connection,
    *,
    year: int | None = None,
    population_type: str = "refugee",
    asylum: str | None = None,
    origin: str | None = None,
    group_by: str = "asylum",
    side: str = "asylum",
) -> FlowResult:
    if population_type not in POPULATION_TYPES:
        raise InvalidQuery(
            f"unknown population type {population_type!r}",
            field="population_type",
            allowed=list(POPULATION_TYPES),
        )
    if group_by not in GROUPS:
        raise InvalidQuery(
            f"cannot group displacement by {group_by!r}", field="group_by", allowed=list(GROUPS)
        )
    source_id = resolve_edition(conn, "displacement", None, table)
    years = available_years(conn, DISPLACEMENT, source_id, {"population_type": population_type})
    chosen = check_year(years, year, f"{source_id} ({population_type})")
    return flow_query(
        conn,
        DISPLACEMENT,
        source_id=source_id,
        year=chosen,
        where={"population_type": population_type},
        source_area=origin,
        target_area=asylum,
        group_by=group_by,
        side=side,
        meta={
            "years_available": years,
            "note": "the latest year may be partial (see the source's note)",
        },
    )
