"""The pledge counts the dashboard shows, counted by the database (GROUP BY), not by reading
every pledge and its updates into Python.

One query builds each pledge's state on a day, as `pledges.status_of` and `pledges.flags`
define it: its status is that of its last update dated by then that counts (any status but
"fulfilled", or a confirmed fulfilment); overdue, no update for 12 months, inactive and not
measurable follow from its deadline, its last update (or the day it was made) and its
metric. Partial dates (YYYY, YYYY-MM) compare as their first day, a deadline as its last:
`deadline < substr(day, 1, length(deadline))` says the whole period named has passed.
The tallies group that state by status, flag, kind, kind of pledger, objective, region (from a
country-to-region table the caller gives), currency and year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.sql.elements import ColumnElement

from commonground.workspace.pledges import (
    AMBER_DAYS,
    DROPPED,
    FLAGS,
    FULFILLED,
    INACTIVE_DAYS,
    PLEDGE_KIND,
)
from commonground.workspace.tables import organisations, pledge_updates, record_versions, records

FINAL = (FULFILLED, DROPPED)


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


def first_day(text: ColumnElement[Any]) -> ColumnElement[str]:
    """A partial date (YYYY, YYYY-MM, YYYY-MM-DD) as the ISO text of its first day."""
    return case(
        (func.length(text) == 4, text + literal("-01-01")),
        (func.length(text) == 7, text + literal("-01")),
        else_=text,
    )


def _day_of(conn: Connection, moment: Any) -> ColumnElement[str]:
    """The UTC day of a stored time, as ISO text."""
    if conn.dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", moment), "YYYY-MM-DD")
    return func.substr(moment, 1, 10)


def _elements(conn: Connection, data: Any, name: str) -> Any:
    """The items of a JSON list field, as a table to join (one row per item, `value`)."""
    if conn.dialect.name == "postgresql":
        return func.json_array_elements_text(data[name]).table_valued("value")
    return func.json_each(data, f"$.{name}").table_valued("value")


def _text(data: Any, name: str) -> ColumnElement[str]:
    return func.nullif(data[name].as_string(), "")


def tally(conn: Connection, when: date, region_of: Mapping[str, str]) -> Tally:
    """Every published pledge made by `when`, as it stood at the end of that day."""
    day = when.isoformat()
    data = record_versions.c.data
    made_on = _text(data, "made_on")
    start = func.coalesce(first_day(made_on), _day_of(conn, records.c.created_at))
    pledged = (
        select(records.c.id)
        .join(
            record_versions,
            and_(
                record_versions.c.record_id == records.c.id,
                record_versions.c.number == records.c.published_version,
            ),
        )
        .where(records.c.kind == PLEDGE_KIND, records.c.deleted_at.is_(None), start <= day)
    )
    # each pledge's updates are read through the (record_id, number) index, one pledge at
    # a time: a join of every pledge with every update is what made the count slow
    u = pledge_updates.alias("u")
    mine = and_(u.c.record_id == records.c.id, first_day(u.c.on_date) <= day)
    counts = or_(u.c.status != FULFILLED, u.c.confirmation == "confirmed")
    status = func.coalesce(
        select(u.c.status)
        .where(mine, counts)
        .order_by(u.c.number.desc())
        .limit(1)
        .scalar_subquery(),
        "planned",
    )
    n_updates = select(func.count()).select_from(u).where(mine).scalar_subquery()
    last = func.coalesce(
        select(func.max(first_day(u.c.on_date))).where(mine).scalar_subquery(), start
    )
    inner = (
        pledged.add_columns(
            data,
            func.coalesce(func.nullif(organisations.c.kind, ""), "other").label("pledger_kind"),
            func.coalesce(_text(data, "kind"), "not stated").label("kind"),
            _text(data, "metric").label("metric"),
            _text(data, "deadline").label("deadline"),
            data["amount"].as_float().label("amount"),
            _text(data, "currency").label("currency"),
            func.substr(start, 1, 4).label("made_year"),
            status.label("status"),
            n_updates.label("updates"),
            last.label("last"),
        )
        .outerjoin(organisations, organisations.c.id == records.c.organisation_id)
        .subquery("inner")
    )
    open_ = inner.c.status.not_in(FINAL)
    state = select(
        inner,
        and_(
            inner.c.deadline.is_not(None),
            inner.c.deadline < func.substr(day, 1, func.length(inner.c.deadline)),
            open_,
        ).label("overdue"),
        and_(open_, inner.c.last < (when - timedelta(days=INACTIVE_DAYS)).isoformat()).label(
            "inactive"
        ),
        and_(
            open_,
            inner.c.last < (when - timedelta(days=AMBER_DAYS)).isoformat(),
            inner.c.last >= (when - timedelta(days=INACTIVE_DAYS)).isoformat(),
        ).label("no_update_12m"),
        or_(inner.c.metric.is_(None), inner.c.deadline.is_(None)).label("not_measurable"),
        (inner.c.updates > 0).label("has_updates"),
        case(
            (and_(inner.c.amount.is_not(None), inner.c.currency.is_not(None)), inner.c.currency)
        ).label("priced"),
    ).cte("state")
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

    objective = _elements(conn, state.c.data, "objectives")
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
        country = _elements(conn, state.c.data, "countries")
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
