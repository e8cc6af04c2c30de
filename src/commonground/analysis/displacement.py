"""Forcibly displaced and stateless people (UNHCR), by country of asylum and of origin."""

from __future__ import annotations

from pydantic import Field
from sqlalchemy import Connection

from commonground.analysis.declare import SIDE, Area, Declared, Params, choices
from commonground.analysis.editions import resolve_edition
from commonground.analysis.flows import (
    CLASSIFICATIONS,
    FlowSpec,
    FlowSummary,
    available_years,
    check_year,
    flow_query,
)
from commonground.analysis.paging import Window
from commonground.analysis.result import Analysis
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


class DisplacementSummary(FlowSummary):
    """A table of displacement: one year and population type."""

    population_type: str
    years_available: list[int]
    """The years held for this population type."""
    note: str
    side: str


def displacement(
    conn: Connection,
    *,
    year: int | None = None,
    population_type: str = "refugee",
    asylum: str | None = None,
    origin: str | None = None,
    group_by: str = "asylum",
    side: str = "asylum",
    window: Window | None = None,
) -> Analysis[DisplacementSummary]:
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
        name="displacement",
        source_id=source_id,
        year=chosen,
        where={"population_type": population_type},
        source_area=origin,
        target_area=asylum,
        group_by=group_by,
        side=side,
        window=window,
        summary=DisplacementSummary,
        figures={
            "years_available": years,
            "note": "the latest year may be partial (see the source's note)",
        },
    )


class DisplacementParams(Params):
    year: int | None = Field(None, description="Default: the latest year")
    population_type: str = Field("refugee", description=choices(POPULATION_TYPES))
    asylum: Area = None
    origin: Area = None
    group_by: str = Field("asylum", description=choices(GROUPS))
    side: str = Field("asylum", pattern="^(asylum|origin)$", description=SIDE)


DECLARED = Declared(
    name="displacement",
    summary="Refugees, asylum-seekers, IDPs and stateless people",
    example="commonground analyse displacement --population-type idp --group-by origin",
    params=DisplacementParams,
    answers=DisplacementSummary,
    run_window=lambda conn, p, window: displacement(conn, **p.model_dump(), window=window),
)
