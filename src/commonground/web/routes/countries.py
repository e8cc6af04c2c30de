"""Country pages: the list of countries and one profile per state."""

from __future__ import annotations

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from commonground.analysis.areas import COUNTRY_KINDS, find_area, list_areas
from commonground.analysis.catalogue import role_citations
from commonground.api.deps import ConnDep
from commonground.web.links import api_links
from commonground.web.page_cache import kept_page
from commonground.web.profile import country_profile
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()


@router.get("/countries", response_class=HTMLResponse)
def countries(request: Request, conn: ConnDep) -> HTMLResponse:
    rows = list_areas(conn, COUNTRY_KINDS)
    return render(
        request,
        "countries.html",
        rows=rows,
        sources=role_citations(conn, "country_record"),
    )


@router.get("/countries/{code}", response_class=HTMLResponse)
def country(
    request: Request,
    conn: ConnDep,
    code: str,
    edition: str | None = Query(None, description="Migrant stock edition (2017, 2020, 2024)"),
    year: int | None = None,
) -> Response:

    def page() -> Response:
        found = find_area(conn, code)
        if found is not None and found != code:
            # One address per country: names, ISO2 and M49 codes lead to the ISO3 page.
            target = request.url.replace(path=f"/countries/{found}")
            return RedirectResponse(str(target), status_code=307)
        profile = country_profile(conn, api_links(request), code, edition, year)
        return render(
            request,
            "country.html",
            p=profile,
            area=profile.area,
            classification_sources=role_citations(conn, "country_record"),
        )

    return kept_page(request, conn, page, workspace=True)
