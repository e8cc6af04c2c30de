from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.paging import Window
from commonground.analysis.votes import roll_call_page
from commonground.api.deps import ConnDep
from commonground.api.envelopes import Row, TablePage, error_responses, table_responses
from commonground.api.tabular import Page, tabular

router = APIRouter(tags=["votes"], responses=error_responses(404))


@router.get(
    "/votes/{resolution:path}",
    name="roll_call",
    response_model=TablePage[Row],
    responses=table_responses(),
    summary="A recorded General Assembly vote: tallies and"
    " each member's vote, non-voting members included (e.g. A/RES/73/195)",
)
def votes(resolution: str, request: Request, conn: ConnDep, page: Page = Depends()) -> Response:
    window = Window(page.limit, page.offset) if page.paged else None
    result, read = roll_call_page(conn, resolution, window)
    meta = {k: v for k, v in asdict(result).items() if k not in ("votes", "sources")}
    return tabular(
        request,
        page,
        read.records(),
        columns=read.columns,
        meta=meta,
        sources=sources_by_id(conn, result.sources),
        filename=(result.resolution or str(result.rcid)).replace("/", "-"),
        total_rows=read.total_rows,
    )
