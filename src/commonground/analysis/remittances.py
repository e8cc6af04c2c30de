"""Remittances: bilateral estimates (sender to receiver) and country inflows and outflows."""

from __future__ import annotations

from pydantic import Field
from sqlalchemy import Connection, select

from commonground.analysis.declare import SIDE, Area, Declared, Params, choices
from commonground.analysis.editions import resolve_edition
from commonground.analysis.flows import (
    CLASSIFICATIONS,
    FlowSpec,
    FlowSummary,
    available_years,
    check_year,
    flow_query,
)
from commonground.analysis.paging import Window
from commonground.analysis.result import Analysis
from commonground.domain.errors import InvalidQuery
from commonground.evidence.store.tables import remittances as table

REMITTANCES = FlowSpec(
    table, "usd_millions", "sender", "receiver", "sender", "receiver", "US$ millions"
)
FLOWS = ("bilateral", "inflow", "outflow")
GROUPS = ("receiver", "sender", "corridor", *CLASSIFICATIONS)


class RemittancesSummary(FlowSummary):
    """A table of remittances: one edition, year and kind of flow."""

    flow: str
    """bilateral (corridor estimates), inflow or outflow (a country's totals)."""
    edition: str
    years_available: list[int]
    """The edition's years for this flow."""
    side: str


def remittances(
    conn: Connection,
    *,
    edition: str | None = None,
    year: int | None = None,
    flow: str | None = None,
    sender: str | None = None,
    receiver: str | None = None,
    group_by: str = "receiver",
    side: str = "receiver",
    window: Window | None = None,
) -> Analysis[RemittancesSummary]:
    if group_by not in GROUPS:
        raise InvalidQuery(
            f"cannot group remittances by {group_by!r}", field="group_by", allowed=list(GROUPS)
        )
    source_id = resolve_edition(conn, "remittances", edition, table)
    held = [
        str(f)
        for f in conn.execute(
            select(table.c.flow).distinct().where(table.c.source_id == source_id)
        ).scalars()
    ]
    chosen_flow = flow or (
        "bilateral" if "bilateral" in held else "outflow" if group_by == "sender" else "inflow"
    )
    if chosen_flow not in held:
        raise InvalidQuery(
            f"{source_id} holds no {chosen_flow} figures; it holds " + ", ".join(sorted(held)),
            field="flow",
            allowed=sorted(held),
        )
    if chosen_flow != "bilateral" and group_by == "corridor":
        raise InvalidQuery(
            f"{chosen_flow} figures have no corridors; use a bilateral edition (2017 or 2021)",
            field="group_by",
        )
    years = available_years(conn, REMITTANCES, source_id, {"flow": chosen_flow})
    chosen = check_year(years, year, f"{source_id} ({chosen_flow})")
    return flow_query(
        conn,
        REMITTANCES,
        name="remittances",
        source_id=source_id,
        year=chosen,
        where={"flow": chosen_flow},
        source_area=sender,
        target_area=receiver,
        group_by=group_by,
        side=side,
        window=window,
        summary=RemittancesSummary,
        figures={"edition": source_id, "years_available": years},
    )


class RemittancesParams(Params):
    edition: str | None = Field(
        None, description="2017, 2021 (default), inflows, wdi, or a source id"
    )
    year: int | None = Field(None, description="Default: the edition's latest year")
    flow: str | None = Field(
        None, pattern="^(bilateral|inflow|outflow)$", description="bilateral, inflow or outflow"
    )
    sender: Area = None
    receiver: Area = None
    group_by: str = Field("receiver", description=choices(GROUPS))
    side: str = Field("receiver", pattern="^(receiver|sender)$", description=SIDE)


DECLARED = Declared(
    name="remittances",
    summary="Remittances: bilateral estimates, inflows and outflows",
    example="commonground analyse remittances --edition 2021 --receiver MEX",
    params=RemittancesParams,
    answers=RemittancesSummary,
    run_window=lambda conn, p, window: remittances(conn, **p.model_dump(), window=window),
)
