"""Evidence: migrant stock, remittances, displacement, missing migrants."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from commonground.analysis.displacement import displacement as displacement_query
from commonground.analysis.flows import FlowResult
from commonground.analysis.missing_migrants import missing_migrants as missing_query
from commonground.analysis.remittances import remittances as remittance_query
from commonground.analysis.stock import stock as stock_query
from commonground.api.deps import ConnDep
from commonground.api.tabular import Page, tabular

router = APIRouter(tags=["evidence"])
SIDE = "for region, subregion, development_group or income_group: which side to classify"


def _respond(request: Request, page: Page, result: FlowResult, name: str) -> Response:
    return tabular(
        request,
        page,
        result.rows,
        columns=result.columns,
        meta=result.meta,
        sources=result.sources,
        filename=name,
    )


@router.get("/stock", summary="International migrant stock for one edition and year")
def stock(
    request: Request,
    conn: ConnDep,
    page: Page = Depends(),
    edition: str | None = Query(
        None, description="2017, 2019, 2020, 2024 (default), wb-2017, or a source id"
    ),
    year: int | None = Query(None, description="Default: the edition's latest year"),
    destination: str | None = Query(None, description="ISO3, ISO2, M49 or name"),
    origin: str | None = Query(None, description="ISO3, ISO2, M49 or name"),
    sex: str = Query("total", pattern="^(total|female|male)$"),
    group_by: str = Query(
        "destination",
        description="destination, origin, corridor, region,"
        " subregion, development_group or income_group",
    ),
    side: str = Query("destination", pattern="^(destination|origin)$", description=SIDE),
) -> Response:
    result = stock_query(
        conn,
        edition=edition,
        year=year,
        destination=destination,
        origin=origin,
        sex=sex,
        group_by=group_by,
        side=side,
    )
    return _respond(request, page, result, "stock")


@router.get("/remittances", summary="Remittances: bilateral estimates, inflows and outflows")
def remittances(
    request: Request,
    conn: ConnDep,
    page: Page = Depends(),
    edition: str | None = Query(
        None, description="2017, 2021 (default), inflows, wdi, or a source id"
    ),
    year: int | None = None,
    flow: str | None = Query(None, pattern="^(bilateral|inflow|outflow)$"),
    sender: str | None = None,
    receiver: str | None = None,
    group_by: str = Query(
        "receiver",
        description="receiver, sender, corridor, region,"
        " subregion, development_group or income_group",
    ),
    side: str = Query("receiver", pattern="^(receiver|sender)$", description=SIDE),
) -> Response:
    result = remittance_query(
        conn,
        edition=edition,
        year=year,
        flow=flow,
        sender=sender,
        receiver=receiver,
        group_by=group_by,
        side=side,
    )
    return _respond(request, page, result, "remittances")


@router.get("/displacement", summary="Refugees, asylum-seekers, IDPs and stateless people")
def displacement(
    request: Request,
    conn: ConnDep,
    page: Page = Depends(),
    year: int | None = None,
    population_type: str = Query(
        "refugee", description="refugee, asylum, refugee return, idp, idp return, stateless, other"
    ),
    asylum: str | None = None,
    origin: str | None = None,
    group_by: str = Query(
        "asylum",
        description="asylum, origin, corridor, region, subregion,"
        " development_group or income_group",
    ),
    side: str = Query("asylum", pattern="^(asylum|origin)$", description=SIDE),
) -> Response:
    result = displacement_query(
        conn,
        year=year,
        population_type=population_type,
        asylum=asylum,
        origin=origin,
        group_by=group_by,
        side=side,
    )
    return _respond(request, page, result, "displacement")


@router.get("/missing-migrants", summary="Dead and missing migrants by year, place or route")
def missing_migrants(
    request: Request,
    conn: ConnDep,
    page: Page = Depends(),
    year: int | None = None,
    country: str | None = Query(None, description="Country of the incident"),
    origin: str | None = None,
    route: str | None = None,
    group_by: str = Query(
        "year", description="year, country, route, cause, origin or incident_type"
    ),
) -> Response:
    result = missing_query(
        conn, year=year, country=country, origin=origin, route=route, group_by=group_by
    )
    return _respond(request, page, result, "missing-migrants")
