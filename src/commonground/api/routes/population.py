"""Immigrants as a share of the population (UN DESA tables that publish both)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from commonground.analysis.population import immigrant_share
from commonground.api.deps import ConnDep
from commonground.api.routes.evidence import _respond
from commonground.api.tabular import Page

router = APIRouter(tags=["evidence"])


@router.get(
    "/population",
    summary="Immigrants, total population and their ratio by country, from one UN DESA table",
)
def population(
    request: Request,
    conn: ConnDep,
    page: Page = Depends(),
    edition: str | None = Query(None, description="2019 or 2020 (default), or a source id"),
    year: int | None = Query(None, description="Default: the edition's latest year"),
    area: str | None = Query(None, description="ISO3, ISO2, M49 or name"),
) -> Response:
    result = immigrant_share(conn, edition=edition, year=year, area=area)
    return _respond(request, page, result, "population")
