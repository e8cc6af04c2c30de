from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from commonground.analysis.catalogue import list_sources
from commonground.api.deps import ConnDep
from commonground.api.envelopes import Citation, TablePage, error_responses, table_responses
from commonground.api.tabular import Page, tabular

router = APIRouter(tags=["sources"], responses=error_responses(404))


@router.get(
    "/sources",
    response_model=TablePage[Citation],
    responses=table_responses(),
    summary="Every dataset loaded, with publisher, edition, licence, file, checksum and row counts",
)
def sources(request: Request, conn: ConnDep, page: Page = Depends()) -> Response:
    return tabular(request, page, list_sources(conn), filename="sources")
