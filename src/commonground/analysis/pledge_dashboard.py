"""The pledge dashboard, in the manner of the Global Refugee Forum's: how many pledges, for
which objectives and regions, from which kinds of pledger, in which status and with which
flags, and how they accumulated over the years, with the amounts pledged by currency.

Regions are the UN DESA regions of the countries a pledge names (evidence base); a pledge
naming several regions counts in each, and one naming no country counts as "Global or not
given". Statuses and flags are those of `workspace.pledges`, for the day asked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from commonground.analysis.declare import AsOfDay, Declared, Params
from commonground.analysis.result import Analysis, Rows, Summary, share
from commonground.evidence.store.tables import areas, gcm_objectives
from commonground.workspace.pledge_tally import tally
from commonground.workspace.pledges import FLAGS, FULFILLED, STATUSES, asked_day

GLOBAL = "Global or not given"


class PledgeDashboardSummary(Summary):
    """The published pledges as they stood on one day."""

    as_of: str
    pledges: int
    with_updates: int
    """Pledges with at least one update by the day."""
    fulfilled: int
    """Pledges whose fulfilment a moderator confirmed by the day."""
    fulfilled_share: float | None
    """Fulfilled pledges per pledge (null where there are none)."""
    overdue: int
    inactive: int
    """Pledges with no update for 24 months."""
    not_measurable: int
    """Pledges with no metric or no deadline."""


@dataclass(frozen=True)
class StatusCount:
    """The pledges in one status."""

    status: str
    pledges: int


@dataclass(frozen=True)
class FlagCount:
    """The pledges that carry one flag."""

    flag: str
    pledges: int


@dataclass(frozen=True)
class RegionCount:
    """The pledges that name a country of one UN DESA region (or none)."""

    region: str
    pledges: int


@dataclass(frozen=True)
class PledgerKindCount:
    """The pledges of one kind of pledger."""

    pledger_kind: str
    pledges: int


@dataclass(frozen=True)
class KindCount:
    """The pledges of one kind."""

    kind: str
    pledges: int


@dataclass(frozen=True)
class ObjectivePledges:
    """The pledges that name a GCM objective, and those of them fulfilled."""

    objective: int
    title: str
    pledges: int
    fulfilled: int


@dataclass(frozen=True)
class CurrencyAmount:
    """What was pledged in one currency, never converted."""

    currency: str
    amount: float
    pledges: int


@dataclass(frozen=True)
class PledgeYear:
    """One year: the pledges made, those to date, the updates and the fulfilments."""

    year: int
    pledges_made: int
    pledges_to_date: int
    updates: int
    fulfilled: int


def _counted(
    counts: Mapping[str, int],
    row: Callable[[str, int], Any],
    order: tuple[str, ...] | None = None,
) -> Rows:
    """A count per value as rows of `row` (the value, the pledges), most first unless `order`
    gives the values."""
    keys = list(order) if order else sorted(counts, key=lambda k: (-counts[k], k))
    return [asdict(row(k, counts.get(k, 0))) for k in keys]


def dashboard(
    evidence: Connection, workspace: Connection, *, today: date, as_of: date
) -> Analysis[PledgeDashboardSummary]:
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
    over_time: list[PledgeYear] = []
    total = 0
    for year in range(years[0], years[-1] + 1) if years else []:
        total += t.made.get(year, 0)
        over_time.append(
            PledgeYear(
                year=year,
                pledges_made=t.made.get(year, 0),
                pledges_to_date=total,
                updates=t.updated.get(year, 0),
                fulfilled=t.fulfilled_in.get(year, 0),
            )
        )
    fulfilled = t.status.get(FULFILLED, 0)
    return Analysis(
        name="pledge-dashboard",
        summary=PledgeDashboardSummary(
            as_of=as_of.isoformat(),
            pledges=t.pledges,
            with_updates=t.with_updates,
            fulfilled=fulfilled,
            fulfilled_share=share(fulfilled, t.pledges),
            overdue=t.flags["overdue"],
            inactive=t.flags["inactive"],
            not_measurable=t.flags["not_measurable"],
        ),
        tables={
            "by_status": _counted(t.status, StatusCount, STATUSES),
            "by_flag": _counted(t.flags, FlagCount, FLAGS),
            "by_objective": [
                asdict(
                    ObjectivePledges(
                        objective=n,
                        title=titles.get(n, ""),
                        pledges=t.objectives.get(n, 0),
                        fulfilled=t.fulfilled_by_objective.get(n, 0),
                    )
                )
                for n in sorted(titles)
            ],
            "by_region": _counted(regions, RegionCount),
            "by_pledger_kind": _counted(t.pledger_kinds, PledgerKindCount),
            "by_kind": _counted(t.kinds, KindCount),
            "amounts": [
                asdict(CurrencyAmount(currency=c, amount=amount, pledges=n))
                for c, (amount, n) in sorted(t.amounts.items())
            ],
            "over_time": [asdict(year) for year in over_time],
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


def run(
    evidence: Connection, workspace: Connection, p: DashboardParams, today: date
) -> Analysis[PledgeDashboardSummary]:
    return dashboard(
        evidence, workspace, today=today, as_of=asked_day(p.as_of) if p.as_of else today
    )


DECLARED = Declared(
    name="pledge-dashboard",
    summary="Pledges by objective, region, kind of pledger, status and flag, over time",
    example="commonground analyse pledge-dashboard --as-of 2024",
    params=DashboardParams,
    answers=PledgeDashboardSummary,
    rows={
        "by_status": StatusCount,
        "by_flag": FlagCount,
        "by_objective": ObjectivePledges,
        "by_region": RegionCount,
        "by_pledger_kind": PledgerKindCount,
        "by_kind": KindCount,
        "amounts": CurrencyAmount,
        "over_time": PledgeYear,
    },
    run_on_day=run,
)
