"""The pledge dashboard, in the manner of the Global Refugee Forum's: how many pledges, for
which objectives and regions, from which kinds of pledger, in which status and with which
flags, and how they accumulated over the years, with the amounts pledged by currency.

Regions are the UN DESA regions of the countries a pledge names (evidence base); a pledge
naming several regions counts in each, and one naming no country counts as "Global or not
given". Statuses and flags are those of `workspace.pledges`, for the day asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import Connection, select

from commonground.analysis.declare import AsOfDay, Declared, Params
from commonground.analysis.result import Analysis, Rows, share
from commonground.evidence.store.tables import areas, gcm_objectives
from commonground.workspace.pledge_tally import tally
from commonground.workspace.pledges import FLAGS, FULFILLED, STATUSES, asked_day

GLOBAL = "Global or not given"


def _counted(counts: Mapping[str, int], name: str, order: tuple[str, ...] | None = None) -> Rows:
    keys = list(order) if order else sorted(counts, key=lambda k: (-counts[k], k))
    return [{name: k, "pledges": counts.get(k, 0)} for k in keys]


def dashboard(evidence: Connection, workspace: Connection, *, today: date, as_of: date) -> Analysis:
    """The counts are the workspace's GROUP BY queries (`workspace.pledge_tally`) for `as_of`;
    the evidence base gives the regions of the countries and the objectives' titles."""
    region_of = {
        str(code): str(region)
        for code, region in evidence.execute(select(areas.c.code, areas.c.region))
        if region
    }
    titles = {
        int(n): str(t)
        for n, t in evidence.execute(select(gcm_objectives.c.number, gcm_objectives.c.title))
    }
    t = tally(workspace, as_of, region_of)
    regions = dict(t.regions)
    if t.unplaced:
        regions[GLOBAL] = t.unplaced
    years = sorted(set(t.made) | set(t.updated))
    over_time: Rows = []
    total = 0
    for year in range(years[0], years[-1] + 1) if years else []:
        total += t.made.get(year, 0)
        over_time.append(
            {
                "year": year,
                "pledges_made": t.made.get(year, 0),
                "pledges_to_date": total,
                "updates": t.updated.get(year, 0),
                "fulfilled": t.fulfilled_in.get(year, 0),
            }
        )
    fulfilled = t.status.get(FULFILLED, 0)
    return Analysis(
        name="pledge-dashboard",
        summary={
            "as_of": as_of.isoformat(),
            "pledges": t.pledges,
            "with_updates": t.with_updates,
            "fulfilled": fulfilled,
            "fulfilled_share": share(fulfilled, t.pledges),
            "overdue": t.flags["overdue"],
            "inactive": t.flags["inactive"],
            "not_measurable": t.flags["not_measurable"],
        },
        tables={
            "by_status": _counted(t.status, "status", STATUSES),
            "by_flag": _counted(t.flags, "flag", FLAGS),
            "by_objective": [
                {
                    "objective": n,
                    "title": titles.get(n, ""),
                    "pledges": t.objectives.get(n, 0),
                    "fulfilled": t.fulfilled_by_objective.get(n, 0),
                }
                for n in sorted(titles)
            ],
            "by_region": _counted(regions, "region"),
            "by_pledger_kind": _counted(t.pledger_kinds, "pledger_kind"),
            "by_kind": _counted(t.kinds, "kind"),
            "amounts": [
                {"currency": c, "amount": amount, "pledges": n}
                for c, (amount, n) in sorted(t.amounts.items())
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
    as_of: AsOfDay = None


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
