from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from commonground.analysis.areas import (
    AREA_FIELDS,
    COUNTRY_KINDS,
    Area,
    area_page,
    area_record,
    require_area,
)
from commonground.analysis.catalogue import role, role_citations, sources_by_id
from commonground.analysis.paging import Window
from commonground.api.deps import ConnDep
from commonground.api.envelopes import Record, TablePage, error_responses, table_responses
from commonground.api.tabular import Page, tabular

router = APIRouter(tags=["countries"], responses=error_responses(404))


@router.get(
    "/countries",
    response_model=TablePage[Area],
    responses=table_responses(),
    summary="Countries and areas with codes, regions and groups",
)
def countries(
    request: Request,
    conn: ConnDep,
    page: Page = Depends(),
    un_member: bool | None = Query(None, description="Only UN member states (true) or others"),
    region: str | None = Query(None, description="M49 region, e.g. Africa"),
    development_group: str | None = Query(None, pattern="^(more|less) developed$"),
    include_aggregates: bool = Query(False, description="Also list aggregates and former states"),
) -> Response:
    kinds = (*COUNTRY_KINDS, "former", "aggregate") if include_aggregates else COUNTRY_KINDS
    window = Window(page.limit, page.offset) if page.paged else None
    listed = area_page(conn, window, kinds, un_member, region, development_group)
    # Aggregates and former states come from curated facts: cite those too.
    cited = role(conn, "country_record")
    extra = sorted(set(listed.source_ids) - set(cited))
    return tabular(
        request,
        page,
        [asdict(a) for a in listed.rows],
        columns=AREA_FIELDS,
        sources=sources_by_id(conn, cited + extra),
        filename="countries",
        total_rows=listed.total_rows,
    )


@router.get(
    "/countries/{code}",
    response_model=Record[Area],
    summary="One country by ISO3, ISO2, M49 code or name",
)
def country(code: str, conn: ConnDep) -> Record[Area]:
    area = area_record(conn, require_area(conn, code))
    return Record[Area](data=area, sources=role_citations(conn, "country_record"))
