"""Vocabularies beside the GCM objectives: its ten guiding principles and IOM's MiGOF."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from commonground.analysis.governance.lookup import governance_sources
from commonground.analysis.governance.vocabularies import migof_terms, principles
from commonground.api.deps import ConnDep
from commonground.api.envelopes import Row, TablePage, error_responses, table_responses
from commonground.api.tabular import Page, tabular

router = APIRouter(tags=["gcm"], responses=error_responses())


@router.get(
    "/gcm/principles",
    response_model=TablePage[Row],
    responses=table_responses(),
    summary="The ten guiding principles of the GCM (para. 15)",
)
def gcm_principles(request: Request, conn: ConnDep, page: Page = Depends()) -> Response:
    rows = principles(conn)
    return tabular(request, page, rows, sources=governance_sources(conn), filename="gcm-principles")


@router.get(
    "/migof",
    response_model=TablePage[Row],
    responses=table_responses(),
    summary="IOM's Migration Governance Framework: 3 principles, 3 objectives",
)
def migof(request: Request, conn: ConnDep, page: Page = Depends()) -> Response:
    rows = migof_terms(conn)
    return tabular(request, page, rows, sources=governance_sources(conn), filename="migof")
