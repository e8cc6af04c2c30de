"""Calls for practices (a moderator opens one: theme, objectives, deadline; practices answer it
by naming it in `origin.call`), and the removal of a practice's contact on request."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field
from sqlalchemy import Connection, select, update

from commonground.workspace import audit, review
from commonground.workspace.answers import Held, RecordData, Timestamp
from commonground.workspace.audit import Actor, aware, now
from commonground.workspace.errors import Forbidden, Invalid, NotFoundHere
from commonground.workspace.permissions import Action, allowed
from commonground.workspace.practice import PRACTICE, Vocabulary, check
from commonground.workspace.tables import practice_calls, practices, record_versions, records

DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


class Answer(Held):
    """A published practice that answers a call."""

    id: int
    slug: str
    title: str


class Call(Held):
    """A call for practices; `practices` (those answering it) only for one call."""

    id: int
    title: str
    theme: str
    objectives: list[int]
    deadline: str
    opened_at: Timestamp
    open: bool
    practices: list[Answer] | None = Field(None, description="The practices answering it")


def _call(row: Any, answers: list[Answer] | None = None) -> Call:
    return Call(
        id=row.id,
        title=row.title,
        theme=row.theme,
        objectives=list(row.objectives),
        deadline=row.deadline,
        opened_at=aware(row.opened_at).isoformat(),
        open=row.closed_at is None and row.deadline >= now().date().isoformat(),
        practices=answers,
    )


def open_call(
    conn: Connection, actor: Actor, title: str, theme: str, objectives: list[int], deadline: str
) -> int:
    if not allowed(actor.role, Action.moderate) or actor.anonymous:
        raise Forbidden("only a moderator opens a call for practices")
    title, theme = (title or "").strip(), (theme or "").strip()
    if not 3 <= len(title) <= 300:
        raise Invalid("title: expected 3 to 300 characters", "title")
    if not 10 <= len(theme) <= 5_000:
        raise Invalid("theme: expected 10 to 5,000 characters", "theme")
    bad = [o for o in objectives if not (isinstance(o, int) and 1 <= o <= 23)]
    if bad or not objectives:
        raise Invalid(
            "objectives: expected one or more GCM objective numbers, 1 to 23", "objectives"
        )
    if not DATE.match(deadline or ""):
        raise Invalid(f"deadline: expected a date YYYY-MM-DD, not {deadline!r}", "deadline")
    values = {
        "title": title,
        "theme": theme,
        "objectives": sorted(set(objectives)),
        "deadline": deadline,
        "opened_by": actor.user_id,
        "opened_at": now(),
    }
    call_id = int(
        conn.execute(
            practice_calls.insert().values(**values).returning(practice_calls.c.id)
        ).scalar_one()
    )
    audit.record(conn, actor, "call.open", f"call:{call_id}", None, values)
    return call_id


def list_calls(conn: Connection) -> list[Call]:
    rows = conn.execute(select(practice_calls).order_by(practice_calls.c.deadline.desc()))
    return [_call(r) for r in rows]


def get_call(conn: Connection, call_id: int) -> Call:
    row = conn.execute(select(practice_calls).where(practice_calls.c.id == call_id)).first()
    if row is None:
        raise NotFoundHere(f"no call for practices {call_id}")
    answered = conn.execute(
        select(practices.c.record_id, practices.c.slug, practices.c.title)
        .where(practices.c.call_id == call_id, practices.c.published.is_(True))
        .order_by(practices.c.title)
    )
    return _call(row, [Answer(id=r, slug=s, title=t) for r, s, t in answered])


def require_call_open(conn: Connection, call_id: int) -> None:
    """A practice may answer only a call that exists (and, for a new draft, is open)."""
    call = get_call(conn, call_id)
    if not call.open:
        raise Invalid(f"origin.call: call {call_id} closed on {call.deadline}", "origin.call")


def remove_contact(conn: Connection, actor: Actor, record_id: int) -> int:
    """Take the contact out of every version of a practice (on request of the person, their
    organisation or a moderator); returns how many versions held one."""
    row = conn.execute(
        select(records).where(records.c.id == record_id, records.c.kind == "practice")
    ).first()
    if row is None or row.deleted_at is not None:
        raise NotFoundHere(f"no practice {record_id}")
    if row.organisation_id not in actor.organisations and not allowed(actor.role, Action.moderate):
        raise Forbidden("only the practice's organisation or a moderator removes its contact")
    versions = conn.execute(
        select(record_versions.c.number, record_versions.c.data).where(
            record_versions.c.record_id == record_id
        )
    ).all()
    removed = 0
    for number, data in versions:
        if dict(data).get("contact") is not None:
            clean = {k: v for k, v in dict(data).items() if k != "contact"}
            conn.execute(
                update(record_versions)
                .where(record_versions.c.record_id == record_id, record_versions.c.number == number)
                .values(data=clean)
            )
            removed += 1
    audit.record(
        conn,
        actor,
        "practice.contact_removed",
        f"practice:{record_id}",
        None,
        {"versions": removed},
    )
    return removed


def checked(conn: Connection, data: RecordData, vocab: Vocabulary) -> RecordData:
    """A practice's data as the model has it, its references checked, and the call it
    answers open; Invalid (422) naming each field otherwise."""
    clean = review.validate(PRACTICE, data)
    check(conn, clean, vocab)
    call = (clean.get("origin") or {}).get("call")
    if call is not None:
        require_call_open(conn, int(call))
    return clean
