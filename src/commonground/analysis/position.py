"""A country's migration position, as measured numbers only.

Almost every state is at once a country of origin, transit and destination, so no label is
given: immigrant and emigrant stock, their ratio and trend, refugees hosted and originating,
remittances received and paid, each with its source, and the reader sets any threshold.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Generic, TypeVar

from pydantic import Field
from sqlalchemy import Connection

from commonground.analysis.areas import area_record, require_area
from commonground.analysis.catalogue import role_source, sources_by_id
from commonground.analysis.corridors import stock_edition
from commonground.analysis.declare import Declared, Edition, Params
from commonground.analysis.displacement import DISPLACEMENT
from commonground.analysis.editions import resolve_edition
from commonground.analysis.flows import FlowSpec
from commonground.analysis.remittances import REMITTANCES
from commonground.analysis.result import Analysis, Summary, share
from commonground.analysis.sums import area_sums, totals
from commonground.evidence.store.tables import migrant_stock

REFUGEES = "refugee"
N = TypeVar("N", int, float)


@dataclass(frozen=True)
class StockYear:
    """Immigrant and emigrant stock in one year of the edition (None where none is held)."""

    year: int
    immigrants: int | None
    emigrants: int | None
    immigrant_emigrant_ratio: float | None
    immigrants_annual_rate: float | None
    emigrants_annual_rate: float | None
    source_id: str


@dataclass(frozen=True)
class RefugeeYear:
    """UNHCR refugees hosted by the country and originating from it in one year."""

    year: int
    refugees_hosted: int
    refugees_originating: int
    source_id: str


@dataclass(frozen=True)
class RemittanceYear:
    """Remittances received and paid in one year, US$ millions (None where not reported)."""

    year: int
    received_usd_millions: float | None
    paid_usd_millions: float | None
    source_id: str


class PositionSummary(Summary):
    """A country's measured position in the edition's latest year, and the latest refugee
    and remittance figures held, each with its year (both None where none is held)."""

    country: str
    name: str
    edition: str
    year: int
    immigrants: int | None
    emigrants: int | None
    immigrant_emigrant_ratio: float | None
    immigrants_share_of_world: float | None
    emigrants_share_of_world: float | None
    immigrants_annual_rate_since_first: float | None
    """From `first_year` to `year`: ln(end / start) / years."""
    emigrants_annual_rate_since_first: float | None
    first_year: int
    """The edition's first year with any stock held for the country."""
    refugees_hosted: int | None
    refugees_hosted_year: int | None
    refugees_originating: int | None
    refugees_originating_year: int | None
    remittances_received_usd_millions: float | None
    remittances_received_usd_millions_year: int | None
    remittances_paid_usd_millions: float | None
    remittances_paid_usd_millions_year: int | None


def position(
    conn: Connection, country: str, *, edition: str | None = None
) -> Analysis[PositionSummary]:
    code = require_area(conn, country)
    area = area_record(conn, code)
    chosen = stock_edition(conn, edition, None)
    world = totals(conn, migrant_stock, chosen.source_id, "total")
    stock = {
        s.year: s
        for s in area_sums(conn, migrant_stock, chosen.source_id, parts=["total"], area=code)
    }
    series: list[StockYear] = []
    previous: StockYear | None = None
    for y in chosen.years:
        held = y in stock
        immigrants = stock[y].inward if held else 0.0
        emigrants = stock[y].outward if held else 0.0
        row = StockYear(
            year=y,
            immigrants=int(immigrants) if held else None,
            emigrants=int(emigrants) if held else None,
            immigrant_emigrant_ratio=immigrants / emigrants if emigrants else None,
            immigrants_annual_rate=_rate(
                previous, previous.immigrants if previous else None, immigrants, y
            ),
            emigrants_annual_rate=_rate(
                previous, previous.emigrants if previous else None, emigrants, y
            ),
            source_id=chosen.source_id,
        )
        series.append(row)
        previous = row
    displaced = resolve_edition(conn, "displacement", None, DISPLACEMENT.table)
    money_source = role_source(conn, "position_remittances")
    refugees = _by_year(conn, DISPLACEMENT, displaced, code, REFUGEES)
    money = _by_year(conn, REMITTANCES, money_source, code, None)
    displacement_rows = [
        RefugeeYear(y, int(v.get("in", 0)), int(v.get("out", 0)), displaced)
        for y, v in sorted(refugees.items())
    ]
    remittance_rows = [
        RemittanceYear(y, v.get("in"), v.get("out"), money_source) for y, v in sorted(money.items())
    ]
    warnings = _gaps(code, series, displacement_rows, remittance_rows, chosen.source_id)
    latest = series[-1]
    first = next((r for r in series if r.immigrants or r.emigrants), latest)
    hosted = _latest([(r.year, r.refugees_hosted) for r in displacement_rows])
    originating = _latest([(r.year, r.refugees_originating) for r in displacement_rows])
    received = _latest([(r.year, r.received_usd_millions) for r in remittance_rows])
    paid = _latest([(r.year, r.paid_usd_millions) for r in remittance_rows])
    summary = PositionSummary(
        country=code,
        name=area.name,
        edition=chosen.source_id,
        year=latest.year,
        immigrants=latest.immigrants,
        emigrants=latest.emigrants,
        immigrant_emigrant_ratio=latest.immigrant_emigrant_ratio,
        immigrants_share_of_world=share(latest.immigrants or 0, world[latest.year].total),
        emigrants_share_of_world=share(latest.emigrants or 0, world[latest.year].total),
        immigrants_annual_rate_since_first=_rate(
            first, first.immigrants, latest.immigrants, latest.year
        ),
        emigrants_annual_rate_since_first=_rate(
            first, first.emigrants, latest.emigrants, latest.year
        ),
        first_year=first.year,
        refugees_hosted=hosted.value,
        refugees_hosted_year=hosted.year,
        refugees_originating=originating.value,
        refugees_originating_year=originating.year,
        remittances_received_usd_millions=received.value,
        remittances_received_usd_millions_year=received.year,
        remittances_paid_usd_millions=paid.value,
        remittances_paid_usd_millions_year=paid.year,
    )
    return Analysis(
        name="position",
        summary=summary,
        tables={
            "stock": [asdict(r) for r in series],
            "refugees": [asdict(r) for r in displacement_rows],
            "remittances": [asdict(r) for r in remittance_rows],
        },
        method=[
            "Measured numbers only; no origin or destination label is assigned.",
            "Immigrants: migrants living in the country; emigrants: migrants from it living"
            " elsewhere (the edition's corridors, both sexes).",
            "Annual rate: r = ln(end / start) / years between the two years shown.",
            "Refugees: UNHCR refugees under its mandate, by country of asylum and of origin;"
            " the latest year may be partial.",
            "Remittances: World Bank WDI personal remittances received and paid, current US$.",
        ],
        sources=sources_by_id(conn, [chosen.source_id, displaced, money_source]),
        warnings=warnings,
    )


def _rate(
    since: StockYear | None, start: int | None, value: float | None, year: int
) -> float | None:
    """The annual rate from `start` (a figure of the year `since`) to `value` in `year`."""
    if since is None or since.year == year or start is None or value is None:
        return None
    if start <= 0 or value <= 0:
        return None
    return math.log(value / float(start)) / (year - since.year)


def _by_year(
    conn: Connection, spec: FlowSpec, source_id: str, code: str, kind: str | None
) -> dict[int, dict[str, float]]:
    """Per year: "in" = the country on the target side, "out" = on the source side."""
    parts = None if kind is None else [kind]
    result: dict[int, dict[str, float]] = defaultdict(dict)
    for s in area_sums(conn, spec.table, source_id, parts=parts, area=code):
        held = result[s.year]
        if s.inward_rows:
            held["in"] = held.get("in", 0.0) + s.inward
        if s.outward_rows:
            held["out"] = held.get("out", 0.0) + s.outward
    return {y: v for y, v in result.items() if v}


@dataclass(frozen=True)
class Latest(Generic[N]):
    """The latest figure held and its year (both None where none is held)."""

    value: N | None
    year: int | None


def _latest(values: Sequence[tuple[int, N | None]]) -> Latest[N]:
    """The latest figure held of a series of (year, figure)."""
    found = [(y, v) for y, v in values if v is not None]
    return Latest(found[-1][1], found[-1][0]) if found else Latest(None, None)


def _gaps(
    code: str,
    series: list[StockYear],
    refugees: list[RefugeeYear],
    money: list[RemittanceYear],
    edition: str,
) -> list[str]:
    warnings = []
    if not any(r.immigrants or r.emigrants for r in series):
        warnings.append(f"no migrant stock held for {code} in {edition}")
    if not refugees:
        warnings.append(f"no UNHCR refugee figures held for {code}")
    if not money:
        warnings.append(f"no WDI remittance figures held for {code}")
    return warnings


class PositionParams(Params):
    country: str = Field(description="ISO3, ISO2, M49 code or name")
    edition: Edition = None


DECLARED = Declared(
    name="position",
    summary="A country's measured migration position",
    example="commonground analyse position Mexico",
    params=PositionParams,
    answers=PositionSummary,
    rows={"stock": StockYear, "refugees": RefugeeYear, "remittances": RemittanceYear},
    run=lambda conn, p: position(conn, p.country, edition=p.edition),
    path=("country",),
    arguments=("country",),
)
