"""International migrant stock: by destination, origin, corridor or group, for one edition.

Editions with an origin breakdown (UN DESA 2017, 2020, 2024; World Bank 2017) are summed
from their corridors; the 2019 edition gives totals by destination only, read as published.
"""

from __future__ import annotations

from pydantic import Field
from sqlalchemy import Connection, String, cast, null, select

from commonground.analysis.areas import area_info, require_area
from commonground.analysis.catalogue import sources_by_id
from commonground.analysis.declare import SIDE, Area, Declared, Params, Year, choices
from commonground.analysis.editions import resolve_edition, sources_in
from commonground.analysis.flows import (
    CLASSIFICATIONS,
    FlowSpec,
    FlowSummary,
    available_years,
    check_year,
    flow_columns,
    flow_query,
    flow_row,
    grouped_query,
)
from commonground.analysis.paging import Window, read_page
from commonground.analysis.result import Analysis, evidence_table
from commonground.domain.errors import InvalidQuery
from commonground.evidence.store.tables import areas, migrant_stock, stock_totals

STOCK = FlowSpec(
    migrant_stock, "stock", "origin", "destination", "origin", "destination", "persons"
)
SEXES = ("total", "female", "male")
GROUPS = ("destination", "origin", "corridor", *CLASSIFICATIONS)


def stock_editions(conn: Connection) -> list[str]:
    """The source ids of every migrant stock edition the database holds."""
    return sources_in(conn, migrant_stock, stock_totals)


class StockSummary(FlowSummary):
    """A table of migrant stock: one edition, year and sex."""

    sex: str
    edition: str
    years_available: list[int]
    """The edition's years for this sex."""
    side: str
    note: str | None = None
    """Where the edition publishes totals by destination only, that they are those."""


def stock(
    conn: Connection,
    *,
    edition: str | None = None,
    year: int | None = None,
    destination: str | None = None,
    origin: str | None = None,
    sex: str = "total",
    group_by: str = "destination",
    side: str = "destination",
    window: Window | None = None,
) -> Analysis[StockSummary]:
    """Migrant stock of one edition and year, grouped as asked; `window` reads one page."""
    if sex not in SEXES:
        raise InvalidQuery(f"unknown sex {sex!r}", field="sex", allowed=list(SEXES))
    if group_by not in GROUPS:
        raise InvalidQuery(
            f"cannot group migrant stock by {group_by!r}", field="group_by", allowed=list(GROUPS)
        )
    if side not in ("destination", "origin"):
        raise InvalidQuery(
            f"unknown side {side!r}", field="side", allowed=["destination", "origin"]
        )
    source_id = resolve_edition(conn, "stock", edition, migrant_stock, stock_totals)
    years = available_years(conn, STOCK, source_id, {"sex": sex})
    if not years:
        return _totals_only(conn, source_id, year, destination, origin, sex, group_by, side, window)
    chosen = check_year(years, year, f"edition {source_id}")
    return flow_query(
        conn,
        STOCK,
        name="stock",
        source_id=source_id,
        year=chosen,
        where={"sex": sex},
        source_area=origin,
        target_area=destination,
        group_by=group_by,
        side=side,
        summary=StockSummary,
        figures={"edition": source_id, "years_available": years},
        window=window,
    )


def _totals_only(
    conn: Connection,
    source_id: str,
    year: int | None,
    destination: str | None,
    origin: str | None,
    sex: str,
    group_by: str,
    side: str,
    window: Window | None,
) -> Analysis[StockSummary]:
    if origin or group_by in ("origin", "corridor") or side == "origin":
        raise InvalidQuery(
            f"edition {source_id} gives totals by destination only; use an"
            " edition with origins (2017, 2020 or 2024) for origins or corridors",
            field="group_by",
        )
    t = stock_totals
    years = [
        int(y)
        for y in conn.execute(
            select(t.c.year)
            .distinct()
            .where(t.c.source_id == source_id, t.c.sex == sex)
            .order_by(t.c.year)
        ).scalars()
    ]
    chosen = check_year(years, year, f"edition {source_id}")
    conditions = [t.c.source_id == source_id, t.c.year == chosen, t.c.sex == sex]
    filters = {}
    if destination:
        code = require_area(conn, destination)
        conditions.append(t.c.area == code)
        filters["destination"] = code
    pairs = (
        select(cast(null(), String).label("src"), t.c.area.label("dst"), t.c.stock.label("val"))
        .join(areas, areas.c.code == t.c.area)
        .where(*conditions, areas.c.kind != "aggregate")
        .subquery("pairs")
    )
    group = "target" if group_by == "destination" else group_by
    read = read_page(conn, grouped_query(pairs, group, "target"), window, summed="val")
    total = read.summed
    info = area_info(conn)
    rows = [flow_row(r, group, "target", STOCK, info) for r in read.rows]
    for row in rows:
        row.update(share=row["stock"] / total if total else None, source_id=source_id)
    columns = [*flow_columns(group, "target", STOCK), "stock", "share", "source_id"]
    summary = StockSummary(
        source_id=source_id,
        year=chosen,
        group_by=group_by,
        unit="persons",
        total=total,
        filters=filters,
        sex=sex,
        edition=source_id,
        years_available=years,
        side=side,
        note="totals by destination as published",
    )
    return evidence_table(
        "stock",
        columns,
        rows,
        summary,
        sources_by_id(conn, [source_id]),
        total_rows=read.total_rows if window is not None else None,
    )


def published_total(
    conn: Connection, source_id: str, year: int, area: str = "world", sex: str = "total"
) -> int | None:
    """A total exactly as the publisher printed it (e.g. the WORLD row), where there is one."""
    value = conn.execute(
        select(stock_totals.c.stock).where(
            stock_totals.c.source_id == source_id,
            stock_totals.c.year == year,
            stock_totals.c.area == area,
            stock_totals.c.sex == sex,
        )
    ).scalar()
    return None if value is None else int(value)


class StockParams(Params):
    edition: str | None = Field(
        None, description="2017, 2019, 2020, 2024 (default), wb-2017, or a source id"
    )
    year: Year = None
    destination: Area = None
    origin: Area = None
    sex: str = Field("total", pattern="^(total|female|male)$", description="total, female or male")
    group_by: str = Field("destination", description=choices(GROUPS))
    side: str = Field("destination", pattern="^(destination|origin)$", description=SIDE)


DECLARED = Declared(
    name="stock",
    summary="International migrant stock for one edition and year",
    example="commonground analyse stock --edition 2020 --group-by region",
    params=StockParams,
    answers=StockSummary,
    run_window=lambda conn, p, window: stock(conn, **p.model_dump(), window=window),
)
