"""Home: what Common Ground is, headline figures with their sources, and the world map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import Connection

from commonground.analysis.catalogue import role
from commonground.analysis.displacement import displacement
from commonground.analysis.memo import memo
from commonground.analysis.remittances import remittances
from commonground.analysis.stock import stock
from commonground.api.deps import ConnDep
from commonground.domain.citation import Citation
from commonground.web.links import ApiLinks, api_links
from commonground.web.maps import LAYERS, LayerQuery, forum_choices, instrument_choices, layer
from commonground.web.page_cache import kept_page
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()
# Data for the pages' scripts: JSON, errors included.
data = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Headline:
    """A figure people quote, with its edition, its citations and the API query behind it."""

    label: str
    value: float
    format: Literal["millions", "usd"]
    edition: str
    sources: list[Citation]
    api: str
    note: str | None = None


def headlines(conn: Connection, links: ApiLinks) -> list[Headline]:
    """The few figures people quote; they change only with a rebuild, so they are memoised."""
    return memo(conn, ("web-headlines",), lambda: _headlines(conn, links))


def _headlines(conn: Connection, links: ApiLinks) -> list[Headline]:
    """Each figure with its edition, source and API query (world totals read every corridor)."""
    figures = []
    for edition in role(conn, "headline_stock"):
        result = stock(conn, edition=edition)
        year = result.summary.year
        figures.append(
            Headline(
                label=f"International migrants worldwide, {year}",
                value=result.summary.total,
                format="millions",
                edition=result.sources[0].reference(),
                sources=result.sources,
                api=links("api-stock", edition=edition, year=year),
            )
        )
    money = remittances(conn)
    money_source = money.sources[0]
    figures.append(
        Headline(
            label=f"Remittances between countries, {money.summary.year} (bilateral estimates)",
            value=money.summary.total,
            format="usd",
            edition=f"{money_source.publisher}, {money_source.title}",
            sources=money.sources,
            api=links("api-remittances", edition=money_source.id),
        )
    )
    refugees = displacement(conn)
    figures.append(
        Headline(
            label=f"Refugees under UNHCR's mandate, {refugees.summary.year}",
            value=refugees.summary.total,
            format="millions",
            edition="UNHCR Refugee Data Finder",
            sources=refugees.sources,
            api=links("api-displacement", year=refugees.summary.year),
            note=refugees.summary.note,
        )
    )
    return figures


def layer_params(
    edition: str | None,
    year: int | None,
    instrument: str | None,
    as_of: int | None,
    forum: str | None = None,
) -> LayerQuery:
    return LayerQuery(edition, year, instrument, as_of, forum)


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    conn: ConnDep,
    layer_id: str = Query("immigrants", alias="layer"),
    edition: str | None = None,
    year: int | None = None,
    instrument: str | None = None,
    as_of: int | None = Query(None, ge=1945, le=2100),
    forum: str | None = None,
) -> Response:
    links = api_links(request)

    def page() -> HTMLResponse:
        params = layer_params(edition, year, instrument, as_of, forum)
        return render(
            request,
            "home.html",
            figures=headlines(conn, links),
            layer=layer(conn, layer_id, params, links),
            layers=[(key, title) for key, (title, _) in LAYERS.items()],
            instruments=instrument_choices(conn),
            forums=forum_choices(conn),
        )

    return kept_page(request, conn, page)


@data.get("/maps/{layer_id}.json")
def map_layer(
    request: Request,
    conn: ConnDep,
    layer_id: str,
    edition: str | None = None,
    year: int | None = None,
    instrument: str | None = None,
    as_of: int | None = Query(None, ge=1945, le=2100),
    forum: str | None = None,
) -> JSONResponse:
    """The data behind one map layer, for the page's script (same figures as the API)."""
    params = layer_params(edition, year, instrument, as_of, forum)
    shown = layer(conn, layer_id, params, api_links(request))
    return JSONResponse(jsonable_encoder({"ok": True, **shown.as_json()}))
