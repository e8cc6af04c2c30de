"""Each pledge's state on a day as one SQL query, so that counts (`pledge_tally`) and the
filtered list (`filtered`) are the database's work, not a loop over every pledge in Python.

The state is what `pledges.status_of` and `pledges.flags` define: a pledge's status is that of
its last update dated by then that counts (any status but "fulfilled", or a confirmed
fulfilment); overdue, no update for 12 months, inactive and not measurable follow from its
deadline, its last update (or the day it was made) and its metric. Partial dates (YYYY,
YYYY-MM) compare as their first day, a deadline as its last:
`deadline < substr(day, 1, length(deadline))` says the whole period named has passed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.sql.elements import ColumnElement

from commonground.workspace.pledges import (
    AMBER_DAYS,
    FINAL,
    FULFILLED,
    INACTIVE_DAYS,
    PLEDGE_KIND,
    PledgeFilter,
)
from commonground.workspace.tables import organisations, pledge_updates, record_versions, records


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


def elements(conn: Connection, data: Any, name: str) -> Any:
    """The items of a JSON list field, as a table to join (one row per item, `value`)."""
    if conn.dialect.name == "postgresql":
        return func.json_array_elements_text(data[name]).table_valued("value")
    return func.json_each(data, f"$.{name}").table_valued("value")


def _text(data: Any, name: str) -> ColumnElement[str]:
    return func.nullif(data[name].as_string(), "")


def pledge_states(conn: Connection, when: date, made_by: date | None = None) -> Select[Any]:
    """Every published pledge (made by the end of `made_by`, where given) as it stood at the
    end of `when`: its record's columns, its data, status, updates, last update and a column a
    flag (`pledges.FLAGS`)."""
    day = when.isoformat()
    data = record_versions.c.data
    start = func.coalesce(first_day(_text(data, "made_on")), _day_of(conn, records.c.created_at))
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
        select(
            records.c.id,
            records.c.organisation_id,
            records.c.created_at,
            data,
            func.coalesce(func.nullif(organisations.c.kind, ""), "other").label("pledger_kind"),
            func.coalesce(_text(data, "kind"), "not stated").label("kind"),
            _text(data, "made_at").label("made_at"),
            _text(data, "pledger_country").label("pledger_country"),
            _text(data, "metric").label("metric"),
            _text(data, "deadline").label("deadline"),
            data["amount"].as_float().label("amount"),
            _text(data, "currency").label("currency"),
            func.substr(start, 1, 4).label("made_year"),
            status.label("status"),
            n_updates.label("updates"),
            last.label("last"),
        )
        .join(
            record_versions,
            and_(
                record_versions.c.record_id == records.c.id,
                record_versions.c.number == records.c.published_version,
            ),
        )
        .outerjoin(organisations, organisations.c.id == records.c.organisation_id)
        .where(records.c.kind == PLEDGE_KIND, records.c.deleted_at.is_(None))
    )
    if made_by is not None:
        inner = inner.where(start <= made_by.isoformat())
    state = inner.subquery("inner")
    open_ = state.c.status.not_in(FINAL)
    return select(
        state,
        and_(
            state.c.deadline.is_not(None),
            state.c.deadline < func.substr(literal(day, String), 1, func.length(state.c.deadline)),
            open_,
        ).label("overdue"),
        and_(open_, state.c.last < (when - timedelta(days=INACTIVE_DAYS)).isoformat()).label(
            "inactive"
        ),
        and_(
            open_,
            state.c.last < (when - timedelta(days=AMBER_DAYS)).isoformat(),
            state.c.last >= (when - timedelta(days=INACTIVE_DAYS)).isoformat(),
        ).label("no_update_12m"),
        or_(state.c.metric.is_(None), state.c.deadline.is_(None)).label("not_measurable"),
        (state.c.updates > 0).label("has_updates"),
        case(
            (and_(state.c.amount.is_not(None), state.c.currency.is_not(None)), state.c.currency)
        ).label("priced"),
    )


def filtered(
    conn: Connection, where: PledgeFilter, when: date, made_by: date | None = None
) -> Select[Any]:
    """The pledges `where` keeps as they stood on `when` (made by `made_by`, where given), in
    id order: (id, organisation_id, created_at, data), what `pledges.described` reads. Every
    filter, status and flags included, is a condition of the query."""
    where.check()
    state = pledge_states(conn, when, made_by).subquery("state")

    def holds(name: str, value: str | int) -> ColumnElement[bool]:
        item = elements(conn, state.c.data, name)
        found = cast(item.c.value, Integer) if isinstance(value, int) else item.c.value
        return exists(select(1).select_from(item).where(found == value))

    tests: list[ColumnElement[bool]] = []
    if where.status is not None:
        tests.append(state.c.status == where.status)
    if where.flag is not None:
        tests.append(state.c[where.flag])
    if where.objective is not None:
        tests.append(holds("objectives", where.objective))
    if where.country is not None:
        tests.append(
            or_(holds("countries", where.country), state.c.pledger_country == where.country)
        )
    if where.kind is not None:
        tests.append(state.c.kind == where.kind)
    if where.meeting is not None:
        tests.append(state.c.made_at == where.meeting)
    if where.organisation is not None:
        tests.append(
            or_(
                state.c.organisation_id == where.organisation,
                holds("partners", where.organisation),
            )
        )
    columns = (state.c.id, state.c.organisation_id, state.c.created_at, state.c.data)
    return select(*columns).where(*tests).order_by(state.c.id)
