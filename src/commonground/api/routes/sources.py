from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from commonground.analysis.catalogue import list_disagreements, list_sources
from commonground.api.deps import ConnDep
from commonground.api.envelopes import (
    Citation,
    Row,
    TablePage,
    error_responses,
    table_responses,
)
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


@router.get(
    "/sources/disagreements",
    response_model=TablePage[Row],
    responses=table_responses(),
    summary="Where two sources cover one instrument: every party or date they disagree on, and"
    " the reason declared for it",
)
def disagreements(request: Request, conn: ConnDep, page: Page = Depends()) -> Response:
    return tabular(request, page, list_disagreements(conn), filename="source-disagreements")
