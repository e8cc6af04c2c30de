"""The pledge dashboard, in the manner of the Global Refugee Forum's: how many pledges, for
which objectives and regions, from which kinds of pledger, in which status and with which
flags, and how they accumulated over the years, with the amounts pledged by currency.

Regions are the UN DESA regions of the countries a pledge names (evidence base); a pledge
naming several regions counts in each, and one naming no country counts as "Global or not
given". Statuses and flags are those of `workspace.pledges`, for the day asked.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Annotated

from pydantic import Field
from sqlalchemy import Connection, select

from commonground.analysis.declare import Declared, Params
from commonground.analysis.result import Analysis, Rows, share
from commonground.evidence.store.tables import areas, gcm_objectives
from commonground.workspace.pledges import FLAGS, FULFILLED, STATUSES, asked_day, day, pledge_rows

GLOBAL = "Global or not given"


def _counted(counter: Counter[str], name: str, order: tuple[str, ...] | None = None) -> Rows:
    keys = list(order) if order else sorted(counter, key=lambda k: (-counter[k], k))
    return [{name: k, "pledges": counter[k]} for k in keys]


def dashboard(evidence: Connection, workspace: Connection, *, today: date, as_of: date) -> Analysis:
    pledged = pledge_rows(workspace, today, as_of)
    region_of = {
        code: region
        for code, region in evidence.execute(select(areas.c.code, areas.c.region))
        if region
    }
    titles = {
        int(n): str(t)
        for n, t in evidence.execute(select(gcm_objectives.c.number, gcm_objectives.c.title))
    }
    status: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    regions: Counter[str] = Counter()
    pledger_kinds: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    objectives: Counter[int] = Counter()
    fulfilled_by_objective: Counter[int] = Counter()
    amounts: dict[str, float] = defaultdict(float)
    amount_counts: Counter[str] = Counter()
    made: Counter[int] = Counter()
    updated: Counter[int] = Counter()
    fulfilled_in: Counter[int] = Counter()
    for p in pledged:
        data = p["data"]
        status[p["status"]] += 1
        flags.update(p["flags"])
        places = {region_of.get(c) for c in data.get("countries") or []} - {None}
        regions.update(str(r) for r in (places or {GLOBAL}))
        pledger_kinds[str(p["pledger"].get("kind") or "other")] += 1
        kinds[str(data.get("kind") or "not stated")] += 1
        for n in data.get("objectives") or []:
            objectives[int(n)] += 1
            if p["status"] == FULFILLED:
                fulfilled_by_objective[int(n)] += 1
        if data.get("amount") is not None and data.get("currency"):
            amounts[str(data["currency"])] += float(data["amount"])
            amount_counts[str(data["currency"])] += 1
        made[day(p["made_on"]).year] += 1
        for u in p["updates"]:
            updated[day(u["date"]).year] += 1
            if u["status"] == FULFILLED and u["confirmation"] == "confirmed":
                fulfilled_in[day(u["date"]).year] += 1
    years = sorted(set(made) | set(updated))
    over_time: Rows = []
    total = 0
    for year in range(years[0], years[-1] + 1) if years else []:
        total += made[year]
        over_time.append(
            {
                "year": year,
                "pledges_made": made[year],
                "pledges_to_date": total,
                "updates": updated[year],
                "fulfilled": fulfilled_in[year],
            }
        )
    with_updates = sum(1 for p in pledged if p["updates"])
    return Analysis(
        name="pledge-dashboard",
        summary={
            "as_of": as_of.isoformat(),
            "pledges": len(pledged),
            "with_updates": with_updates,
            "fulfilled": status[FULFILLED],
            "fulfilled_share": share(status[FULFILLED], len(pledged)),
            "overdue": flags["overdue"],
            "inactive": flags["inactive"],
            "not_measurable": flags["not_measurable"],
        },
        tables={
            "by_status": _counted(status, "status", STATUSES),
            "by_flag": _counted(flags, "flag", FLAGS),
            "by_objective": [
                {
                    "objective": n,
                    "title": titles.get(n, ""),
                    "pledges": objectives[n],
                    "fulfilled": fulfilled_by_objective[n],
                }
                for n in sorted(titles)
            ],
            "by_region": _counted(regions, "region"),
            "by_pledger_kind": _counted(pledger_kinds, "pledger_kind"),
            "by_kind": _counted(kinds, "kind"),
            "amounts": [
                {"currency": c, "amount": amounts[c], "pledges": amount_counts[c]}
                for c in sorted(amounts)
            ],
            "over_time": over_time,
        },
        method=[
            "Published pledges of the workspace, as they stood on the date asked; a pledge"
            " counts from the day it was made (or entered, where no date is given).",
            "Fulfilled means a fulfilment reported by the pledger and confirmed by a"
            " moderator. Flags: overdue, no update for 12 months, inactive (24 months), not"
            " measurable (no metric or no deadline).",
            "Regions are the UN DESA regions of the countries a pledge names; amounts are"
            " summed per currency, never converted.",
        ],
        sources=[],
        columns={
            "by_status": ["status", "pledges"],
            "by_flag": ["flag", "pledges"],
            "by_objective": ["objective", "title", "pledges", "fulfilled"],
            "by_region": ["region", "pledges"],
            "by_pledger_kind": ["pledger_kind", "pledges"],
            "by_kind": ["kind", "pledges"],
            "amounts": ["currency", "amount", "pledges"],
            "over_time": ["year", "pledges_made", "pledges_to_date", "updates", "fulfilled"],
        },
    )


class DashboardParams(Params):
    as_of: Annotated[
        str | None,
        Field(
            pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
            description="As things stood at the end of this year, month or day (default: today)",
        ),
    ] = None


def run(evidence: Connection, workspace: Connection, p: DashboardParams, today: date) -> Analysis:
    return dashboard(
        evidence, workspace, today=today, as_of=asked_day(p.as_of) if p.as_of else today
    )


DECLARED = Declared(
    name="pledge-dashboard",
    summary="Pledges by objective, region, kind of pledger, status and flag, over time",
    example="commonground analyse pledge-dashboard --as-of 2024",
    params=DashboardParams,
    run_on_day=run,
)
