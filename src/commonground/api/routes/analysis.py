"""Analyses: one route per question, JSON (main table paginated, the others in meta) or CSV.

`table=NAME` picks which table is the paginated one (and the CSV body); the summary, the
method, warnings and every other table travel in `meta`, the citations in `sources`.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from commonground.analysis.coalition import coalition as coalition_query
from commonground.analysis.common_ground import common_ground
from commonground.analysis.coverage import coverage as coverage_query
from commonground.analysis.overlap import overlap as overlap_query
from commonground.analysis.position import position as position_query
from commonground.analysis.quadrants import SCHEMES
from commonground.analysis.quadrants import quadrants as quadrants_query
from commonground.analysis.representation import representation as representation_query
from commonground.analysis.result import Analysis
from commonground.analysis.statesets import parse_items
from commonground.api.deps import ConnDep
from commonground.api.tabular import Page, tabular

router = APIRouter(prefix="/analysis", tags=["analysis"])
TABLE = Query(None, description="Which table to paginate or send as CSV (default: the main one)")
EDITION = Query(None, description="Stock edition: 2017, 2020, 2024 (default) or wb-2017")
STATES = Query(
    None,
    description="Comma-separated codes or names (use ; when names hold commas), or named"
    " sets: set:ldc, set:high-income, set:africa, forum:ID, meeting:ID, ...",
)


def _respond(request: Request, page: Page, result: Analysis, table: str | None) -> Response:
    name, rows = result.table(table)
    meta = {
        "analysis": result.name,
        "table": name,
        "summary": result.summary,
        "method": result.method,
        "warnings": result.warnings,
        "tables": {k: v for k, v in result.tables.items() if k != name},
    }
    return tabular(
        request,
        page,
        rows,
        meta=meta,
        sources=result.sources,
        filename=f"{result.name}-{name}",
    )


@router.get("/coverage", summary="Share of the world's migrants living in or coming from parties")
def coverage(
    request: Request,
    conn: ConnDep,
    instrument: str = Query(..., description="Instrument id, e.g. icmw"),
    year: int | None = Query(None, description="Default: the edition's latest year"),
    edition: str | None = EDITION,
    top: int = Query(10, ge=1, le=1000, description="Largest uncovered corridors to list"),
    table: str | None = TABLE,
    page: Page = Depends(),
) -> Response:
    result = coverage_query(conn, instrument, year=year, edition=edition, top=top)
    return _respond(request, page, result, table)


@router.get("/quadrants", summary="North/South (or income, region) corridors, hosts, growth")
def quadrants(
    request: Request,
    conn: ConnDep,
    edition: str | None = EDITION,
    year: int | None = None,
    since: int | None = Query(None, description="Base year for growth rates"),
    by: str = Query("development_group", description=", ".join(SCHEMES)),
    table: str | None = TABLE,
    page: Page = Depends(),
) -> Response:
    result = quadrants_query(conn, edition=edition, year=year, since=since, by=by)
    return _respond(request, page, result, table)


@router.get("/position/{country}", summary="A country's measured migration position")
def position(
    country: str,
    request: Request,
    conn: ConnDep,
    edition: str | None = EDITION,
    table: str | None = TABLE,
    page: Page = Depends(),
) -> Response:
    return _respond(request, page, position_query(conn, country, edition=edition), table)


@router.get("/representation", summary="Who is in the room: composition and shares of a set")
def representation(
    request: Request,
    conn: ConnDep,
    states: list[str] | None = STATES,
    forum: str | None = Query(None, description="A forum id (same as states=forum:ID)"),
    meeting: str | None = Query(None, description="A meeting id (same as states=meeting:ID)"),
    as_of: int | None = Query(None, description="Membership as of this year"),
    edition: str | None = EDITION,
    year: int | None = None,
    remittance_edition: str | None = Query(None, description="2017 or 2021 (default)"),
    ratio: float = Query(1.0, gt=0, description="Immigrants above ratio x emigrants"),
    top: int = Query(20, ge=1, le=250),
    target_share: float = Query(0.5, gt=0, le=1),
    table: str | None = TABLE,
    page: Page = Depends(),
) -> Response:
    items = parse_items(states)
    items += [f"forum:{forum}"] if forum else []
    items += [f"meeting:{meeting}"] if meeting else []
    result = representation_query(
        conn,
        items,
        as_of=as_of,
        edition=edition,
        year=year,
        remittance_edition=remittance_edition,
        ratio=ratio,
        top=top,
        target_share=target_share,
    )
    return _respond(request, page, result, table)


@router.get("/coalition", summary="Share of corridors inside a set, and the best additions")
def coalition(
    request: Request,
    conn: ConnDep,
    states: list[str] | None = STATES,
    as_of: int | None = Query(None, description="Membership year for forum: sets"),
    edition: str | None = EDITION,
    year: int | None = None,
    additions: int = Query(5, ge=0, le=50),
    table: str | None = TABLE,
    page: Page = Depends(),
) -> Response:
    result = coalition_query(
        conn, parse_items(states), edition=edition, year=year, additions=additions, as_of=as_of
    )
    return _respond(request, page, result, table)


@router.get("/overlap", summary="Shared members of forums, bridging states, network centrality")
def overlap(
    request: Request,
    conn: ConnDep,
    as_of: int | None = Query(None, description="Membership as of this year"),
    kinds: str | None = Query(None, description="Comma-separated forum kinds to compare"),
    min_shared: int = Query(1, ge=1),
    top: int = Query(20, ge=1, le=500),
    table: str | None = TABLE,
    page: Page = Depends(),
) -> Response:
    result = overlap_query(
        conn, as_of_year=as_of, kinds=parse_items(kinds), min_shared=min_shared, top=top
    )
    return _respond(request, page, result, table)


@router.get("/votes", summary="Common ground in General Assembly votes on migration")
def votes(
    request: Request,
    conn: ConnDep,
    state: str | None = Query(None, description="A state whose alignment to show"),
    states: list[str] | None = STATES,
    since: int | None = Query(None, description="First year of roll calls"),
    until: int | None = Query(None, description="Last year of roll calls"),
    clusters: int = Query(4, ge=1, le=20),
    min_votes: int = Query(20, ge=1),
    table: str | None = TABLE,
    page: Page = Depends(),
) -> Response:
    result = common_ground(
        conn,
        state=state,
        states=parse_items(states) or None,
        since=since,
        until=until,
        clusters=clusters,
        min_votes=min_votes,
    )
    return _respond(request, page, result, table)
