"""The pledge counts the dashboard shows, counted by the database (GROUP BY), not by reading
every pledge and its updates into Python.

Each pledge's state on a day is one query (`pledge_sql.pledge_states`). The tallies group that
state by status, flag, kind, kind of pledger, objective, region (from a
country-to-region table the caller gives), currency and year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    and_,
    case,
    cast,
    func,
    select,
    true,
)

from commonground.workspace.pledge_sql import elements, first_day, pledge_states
from commonground.workspace.pledges import (
    FLAGS,
    FULFILLED,
)
from commonground.workspace.tables import pledge_updates


@dataclass
class Tally:
    """The dashboard's counts for one day; dictionaries are keyed by the value counted."""

    pledges: int = 0
    with_updates: int = 0
    status: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    pledger_kinds: dict[str, int] = field(default_factory=dict)
    objectives: dict[int, int] = field(default_factory=dict)
    fulfilled_by_objective: dict[int, int] = field(default_factory=dict)
    regions: dict[str, int] = field(default_factory=dict)
    unplaced: int = 0
    amounts: dict[str, tuple[float, int]] = field(default_factory=dict)
    made: dict[int, int] = field(default_factory=dict)
    updated: dict[int, int] = field(default_factory=dict)
    fulfilled_in: dict[int, int] = field(default_factory=dict)


def tally(conn: Connection, when: date, region_of: Mapping[str, str]) -> Tally:
    """Every published pledge made by `when`, as it stood at the end of that day."""
    day = when.isoformat()
    state = pledge_states(conn, when, when).cte("state")
    pledged = select(state.c.id)
    dated = (
        select(pledge_updates, func.substr(pledge_updates.c.on_date, 1, 4).label("year"))
        .where(first_day(pledge_updates.c.on_date) <= day, pledge_updates.c.record_id.in_(pledged))
        .cte("dated")
    )

    out = Tally(flags=dict.fromkeys(FLAGS, 0))
    # one GROUP BY over every property counted alone: a few hundred groups, not a row a pledge
    keys = [state.c[k] for k in ("status", "kind", "pledger_kind", "made_year", "has_updates")]
    keys += [state.c[k] for k in FLAGS] + [state.c.priced]
    for row in conn.execute(select(*keys, func.count(), func.sum(state.c.amount)).group_by(*keys)):
        status, kind, pledger_kind, year, has_updates, *flags, priced, n, amount = row
        out.pledges += n
        out.with_updates += n if has_updates else 0
        for counter, key in (
            (out.status, status),
            (out.kinds, kind),
            (out.pledger_kinds, pledger_kind),
        ):
            counter[str(key)] = counter.get(str(key), 0) + n
        out.made[int(year)] = out.made.get(int(year), 0) + n
        for name, flagged in zip(FLAGS, flags, strict=True):
            out.flags[name] += n if flagged else 0
        if priced is not None:
            total, count = out.amounts.get(str(priced), (0.0, 0))
            out.amounts[str(priced)] = (total + float(amount), count + n)

    objective = elements(conn, state.c.data, "objectives")
    number = cast(objective.c.value, Integer)
    for n, pledged, fulfilled in conn.execute(
        select(number, func.count(), func.sum(case((state.c.status == FULFILLED, 1), else_=0)))
        .select_from(state)
        .join(objective, true())
        .group_by(number)
    ):
        out.objectives[int(n)] = int(pledged)
        out.fulfilled_by_objective[int(n)] = int(fulfilled or 0)

    if region_of:
        country = elements(conn, state.c.data, "countries")
        region = case(dict(region_of), value=country.c.value)
        placed = (
            select(state.c.id, region.label("region"))
            .select_from(state)
            .join(country, true())
            .distinct()
            .cte("placed")
        )
        found = placed.c.region.is_not(None)
        out.regions = _grouped(conn, placed.c.region, found)
        placed_pledges = conn.execute(
            select(func.count(func.distinct(placed.c.id))).where(found)
        ).scalar_one()
    else:
        placed_pledges = 0
    out.unplaced = out.pledges - int(placed_pledges)

    confirmed = and_(dated.c.status == FULFILLED, dated.c.confirmation == "confirmed")
    for y, n, fulfilled in conn.execute(
        select(dated.c.year, func.count(), func.sum(case((confirmed, 1), else_=0))).group_by(
            dated.c.year
        )
    ):
        out.updated[int(y)] = int(n)
        if fulfilled:
            out.fulfilled_in[int(y)] = int(fulfilled)
    return out


def _grouped(conn: Connection, key: Any, *where: Any) -> dict[str, int]:
    query = select(key, func.count()).where(*where).group_by(key)
    return {str(k): int(n) for k, n in conn.execute(query)}
