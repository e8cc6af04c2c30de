"""Immigrants as a share of the population, from the UN DESA tables that publish both.

Only the 2019 and 2020 destination tables give total population next to the migrant stock
(Table 2 and Table 1 of one file), so the share is read from one source and one year, never
from a stock of one edition over a population of another.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from sqlalchemy import Connection, Float, cast, func, select

from commonground.analysis.areas import require_area
from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.declare import Area, Declared, Params, Year
from commonground.analysis.editions import resolve_edition, sources_in
from commonground.analysis.flows import check_year
from commonground.analysis.paging import Window, read_page
from commonground.analysis.result import Analysis, Summary, evidence_table
from commonground.evidence.store.tables import areas, population, stock_totals


class PopulationSummary(Summary):
    """A table of immigrants and total population: one edition and year."""

    edition: str
    source_id: str
    year: int
    years_available: list[int]
    editions_available: list[str]
    filters: dict[str, str]
    unit: str
    note: str


def immigrant_share(
    conn: Connection,
    *,
    edition: str | None = None,
    year: int | None = None,
    area: str | None = None,
    window: Window | None = None,
) -> Analysis[PopulationSummary]:
    """Per country: immigrants, total population and their ratio, from one source and year,
    the largest share first; `window` reads one page."""
    source_id = resolve_edition(conn, "population", edition, population)
    years = [
        int(y)
        for y in conn.execute(
            select(population.c.year)
            .distinct()
            .where(population.c.source_id == source_id)
            .order_by(population.c.year)
        ).scalars()
    ]
    chosen = check_year(years, year, f"edition {source_id}")
    query = (
        select(areas.c.code, areas.c.name, stock_totals.c.stock, population.c.population)
        .join(areas, areas.c.code == population.c.area)
        .join(
            stock_totals,
            (stock_totals.c.source_id == population.c.source_id)
            & (stock_totals.c.year == population.c.year)
            & (stock_totals.c.area == population.c.area)
            & (stock_totals.c.sex == "total"),
        )
        .where(
            population.c.source_id == source_id,
            population.c.year == chosen,
            areas.c.kind != "aggregate",
        )
    )
    filters: dict[str, str] = {}
    if area:
        code = require_area(conn, area)
        query = query.where(areas.c.code == code)
        filters["area"] = code
    share = cast(stock_totals.c.stock, Float) / func.nullif(population.c.population, 0)
    query = query.order_by(func.coalesce(share, 0).desc(), areas.c.code)
    read = read_page(conn, query, window)
    rows: list[dict[str, Any]] = []
    for r in read.rows:
        code, name, immigrants, people = r.code, r.name, r.stock, r.population
        rows.append(
            {
                "area": code,
                "area_name": name,
                "immigrants": int(immigrants),
                "population": int(people),
                "immigrant_share": immigrants / people if people else None,
                "source_id": source_id,
            }
        )
    summary = PopulationSummary(
        edition=source_id,
        source_id=source_id,
        year=chosen,
        years_available=years,
        editions_available=sources_in(conn, population),
        filters=filters,
        unit="immigrants per person of the total population",
        note="population is published in thousands; immigrants and population from the same table",
    )
    columns = ["area", "area_name", "immigrants", "population", "immigrant_share", "source_id"]
    return evidence_table(
        "population",
        columns,
        rows,
        summary,
        sources_by_id(conn, [source_id]),
        total_rows=read.total_rows if window is not None else None,
    )


class PopulationParams(Params):
    edition: str | None = Field(None, description="2019 or 2020 (default), or a source id")
    year: Year = None
    area: Area = None


DECLARED = Declared(
    name="population",
    summary="Immigrants, total population and their ratio by country, from one UN DESA table",
    example="commonground analyse population --edition 2019",
    params=PopulationParams,
    answers=PopulationSummary,
    run_window=lambda conn, p, window: immigrant_share(conn, **p.model_dump(), window=window),
)
