"""Pledges: measurable, time-bound commitments, and the dated updates that say what became
of them.

A pledge is a reviewed record (kind `pledge`) written for its pledger, a workspace
organisation; partners are organisations too (a joint pledge is entered once, with its
partners listed), and a matching pledge names the id of the pledge it matches. The fields
follow the GCM pledging form (kind, objectives, principles and actions, a description of 300
to 3,000 characters, the SMART fields, amount and currency) with where it was made and the
evidence behind it. Imported pledges carry their source and the words they rest on.

Updates are dated and append-only: an update never rewrites the past, a correction is a new
update. The status moves along planned -> in_progress -> fulfilled | dropped; "fulfilled"
counts only once a moderator confirms it. Flags (overdue, no update for 12 or 24 months, not
measurable) are computed for a given day, never stored, so they can be asked of any date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from sqlalchemy import Connection, Select, and_, func, select

from commonground.workspace import audit, review
from commonground.workspace.accounts import require
from commonground.workspace.answers import RecordData
from commonground.workspace.audit import Actor, aware, now
from commonground.workspace.errors import Conflict, Forbidden, Invalid, NotFoundHere
from commonground.workspace.followup_records import Party, Pledge, PledgeUpdate, PublishedPledge
from commonground.workspace.permissions import Action
from commonground.workspace.review import FormField, Kind, register
from commonground.workspace.tables import (
    organisations,
    pledge_updates,
    record_versions,
    records,
)

KINDS_OF_PLEDGE = ("financial", "human_resources", "process_oriented", "policy_oriented")
PLANNED, IN_PROGRESS, FULFILLED, DROPPED = "planned", "in_progress", "fulfilled", "dropped"
STATUSES = (PLANNED, IN_PROGRESS, FULFILLED, DROPPED)
STEP = {PLANNED: 0, IN_PROGRESS: 1, FULFILLED: 2, DROPPED: 2}
FINAL = (FULFILLED, DROPPED)
FLAGS = ("overdue", "no_update_12m", "inactive", "not_measurable")
AMBER_DAYS, INACTIVE_DAYS = 365, 730

Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$", max_length=500)]
Iso3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Corridor = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}-[A-Z]{3}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
MeetingId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Short = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Objective = Annotated[int, Field(ge=1, le=23)]
Action_ = Annotated[str, StringConstraints(pattern=r"^([1-9]|1\d|2[0-3])[a-z]$")]
Principle = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
DESCRIPTION = (300, 3000)


class Source(BaseModel):
    """Where an imported record comes from, and the words it rests on, quoted."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    url: Url
    title: Annotated[str, StringConstraints(max_length=500)] = ""
    retrieved: PartialDate | None = None
    rests_on: Annotated[
        list[Annotated[str, StringConstraints(max_length=3000)]], Field(max_length=20)
    ] = []
    note: Annotated[str, StringConstraints(max_length=3000)] | None = None


class PledgeData(BaseModel):
    """A pledge as the GCM pledging form asks for it, and a little more."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: Name
    kind: Literal["financial", "human_resources", "process_oriented", "policy_oriented"] | None
    description: Annotated[str, StringConstraints(min_length=1, max_length=DESCRIPTION[1])]
    partners: Annotated[list[Slug], Field(max_length=50)] = []
    partners_named: Annotated[list[Name], Field(max_length=50)] = []
    matches: Annotated[int, Field(ge=1)] | None = None
    objectives: Annotated[list[Objective], Field(max_length=23)] = []
    principles: Annotated[list[Principle], Field(max_length=10)] = []
    actions: Annotated[list[Action_], Field(max_length=100)] = []
    pledger_country: Iso3 | None = None
    countries: Annotated[list[Iso3], Field(max_length=250)] = []
    regions: Annotated[
        list[Annotated[str, StringConstraints(max_length=100)]], Field(max_length=50)
    ] = []
    corridors: Annotated[list[Corridor], Field(max_length=100)] = []
    metric: Short | None = None
    baseline: Short | None = None
    target: Short | None = None
    deadline: PartialDate | None = None
    means_of_implementation: Annotated[str, StringConstraints(max_length=2000)] | None = None
    amount: Annotated[float, Field(ge=0, le=1e13)] | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    made_at: MeetingId | None = None
    made_on: PartialDate | None = None
    evidence: Annotated[list[Url], Field(max_length=20)] = []
    source: Source | None = None

    @model_validator(mode="after")
    def _rules(self) -> PledgeData:
        low, high = DESCRIPTION
        if self.source is None and len(self.description) < low:
            raise ValueError(
                f"description: {low:,} to {high:,} characters, as the GCM pledging form asks"
                f" ({len(self.description)} given)"
            )
        if self.amount is not None and self.currency is None:
            raise ValueError("currency: an amount needs its currency (ISO 4217, like USD)")
        if self.currency is not None and self.amount is None:
            raise ValueError("amount: a currency is given without an amount")
        return self


def _refs(data: RecordData) -> list[str]:
    keys = [f"objective:{n}" for n in data.get("objectives") or []]
    keys += [f"country:{c}" for c in data.get("countries") or []]
    if data.get("pledger_country"):
        keys.append(f"country:{data['pledger_country']}")
    if data.get("made_at"):
        keys.append(f"meeting:{data['made_at']}")
    return keys


def _check(conn: Connection, record_id: int) -> None:
    """What the model cannot see: partners are organisations of the workspace, a matching
    pledge exists (and is not this one). Runs in the write's transaction, so a refusal
    leaves nothing half-saved."""
    row = conn.execute(
        select(records.c.organisation_id, record_versions.c.data)
        .join(record_versions, record_versions.c.record_id == records.c.id)
        .where(records.c.id == record_id, record_versions.c.number == records.c.latest_version)
    ).first()
    if row is None:
        return
    data = dict(row.data)
    for i, partner in enumerate(data.get("partners") or []):
        found = conn.execute(
            select(organisations.c.id).where(
                organisations.c.id == partner, organisations.c.deleted_at.is_(None)
            )
        ).first()
        if found is None:
            raise Invalid(
                f"partners.{i}: no organisation {partner!r} in the workspace", f"partners.{i}"
            )
        if partner == row.organisation_id:
            raise Invalid(f"partners.{i}: the pledger is not its own partner", f"partners.{i}")
    matches = data.get("matches")
    if matches is not None:
        target = conn.execute(
            select(records.c.id).where(
                records.c.id == matches,
                records.c.kind == PLEDGE_KIND,
                records.c.deleted_at.is_(None),
            )
        ).first()
        if target is None or matches == record_id:
            raise Invalid(f"matches: no pledge {matches} to match", "matches")


PLEDGE_KIND = "pledge"
PLEDGE = register(
    Kind(
        name=PLEDGE_KIND,
        label="Pledge",
        model=PledgeData,
        fields=(
            FormField("title", "Title"),
            FormField("kind", "Kind", help=", ".join(KINDS_OF_PLEDGE)),
            FormField(
                "description", "Description", widget="markdown", help="300 to 3,000 characters"
            ),
            FormField("partners", "Partners", widget="lines", help="organisation ids, one a line"),
            FormField(
                "partners_named",
                "Partners outside the workspace",
                widget="lines",
                help="names, one a line",
            ),
            FormField("matches", "Matches pledge", help="the id of the pledge this one matches"),
            FormField("objectives", "GCM objectives", widget="lines", help="1 to 23"),
            FormField("principles", "Guiding principles", widget="lines"),
            FormField("actions", "GCM actions", widget="lines", help="like 5a"),
            FormField("pledger_country", "Pledger's country", help="ISO3 code, like MAR"),
            FormField("countries", "Countries", widget="lines", help="ISO3 codes"),
            FormField("regions", "Regions", widget="lines"),
            FormField(
                "corridors", "Corridors", widget="lines", help="ORIGIN-DESTINATION, like MAR-ESP"
            ),
            FormField("metric", "Metric"),
            FormField("baseline", "Baseline"),
            FormField("target", "Target"),
            FormField("deadline", "Deadline", help="YYYY, YYYY-MM or YYYY-MM-DD"),
            FormField("means_of_implementation", "Means of implementation"),
            FormField("amount", "Amount"),
            FormField("currency", "Currency", help="ISO 4217, like USD"),
            FormField("made_at", "Made at", help="a meeting id, like imrf-2022"),
            FormField("made_on", "Made on"),
            FormField("evidence", "Evidence", widget="lines", help="one http(s) address a line"),
        ),
        refs=_refs,
        markdown=("description",),
        changed=_check,
    )
)


# --- dates, status and flags ----------------------------------------------------------------


def day(text: str, end: bool = False) -> date:
    """A partial date (YYYY, YYYY-MM, YYYY-MM-DD) as a day: its first, or with `end` its
    last (a deadline of "2027" is met until 31 December 2027)."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        year, month = parts
        if not end:
            return date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)


def asked_day(text: str, name: str = "as_of") -> date:
    """A partial date a caller gave, as the last day it names; one that names no day (like
    2023-02-30) is refused with the field's name."""
    try:
        return day(text, end=True)
    except ValueError:
        raise Invalid(f"{name}: {text} is not a day; YYYY, YYYY-MM or YYYY-MM-DD", name) from None


@dataclass(frozen=True)
class Update:
    number: int
    on_date: str
    status: str
    narrative: str
    value: str | None
    evidence: list[str]
    confirmation: str | None
    created_at: str
    author_id: int | None

    def shown(self) -> PledgeUpdate:
        return PledgeUpdate(
            number=self.number,
            date=self.on_date,
            status=self.status,
            narrative=self.narrative,
            value=self.value,
            evidence=self.evidence,
            confirmation=self.confirmation,
            counts=self.status != FULFILLED or self.confirmation == "confirmed",
            created_at=self.created_at,
        )


def status_of(updates: list[Update], as_of: date | None = None) -> tuple[str, bool]:
    """The status the updates dated up to `as_of` give, and whether a fulfilment awaits a
    moderator's confirmation. A fulfilment counts once confirmed; a declined one not at all."""
    status, pending = PLANNED, False
    for u in updates:
        if as_of is not None and day(u.on_date) > as_of:
            break
        if u.status == FULFILLED:
            if u.confirmation == "confirmed":
                status, pending = FULFILLED, False
            elif u.confirmation is None:
                pending = True
            continue
        status = u.status
    return status, pending and status != FULFILLED


def flags(
    data: RecordData, updates: list[Update], status: str, start: date, today: date
) -> list[str]:
    """The flags of a pledge on `today`: overdue (the deadline passed, neither fulfilled nor
    dropped), no update for more than 12 months, inactive (more than 24), not measurable
    (no metric or no deadline). `start` is when it was made, for a pledge never updated."""
    out = []
    deadline = data.get("deadline")
    if deadline and day(deadline, end=True) < today and status not in FINAL:
        out.append("overdue")
    if status not in FINAL:
        dated = [day(u.on_date) for u in updates if day(u.on_date) <= today]
        last = max(dated) if dated else start
        quiet = (today - last).days
        if quiet > INACTIVE_DAYS:
            out.append("inactive")
        elif quiet > AMBER_DAYS:
            out.append("no_update_12m")
    if not data.get("metric") or not deadline:
        out.append("not_measurable")
    return out


# --- reading --------------------------------------------------------------------------------


def published(kind: str, *columns: Any) -> Select[Any]:
    """The live records of a kind with their published version's data: (id, *columns, data)."""
    return (
        select(records.c.id, *columns, record_versions.c.data)
        .join(
            record_versions,
            and_(
                record_versions.c.record_id == records.c.id,
                record_versions.c.number == records.c.published_version,
            ),
        )
        .where(records.c.kind == kind, records.c.deleted_at.is_(None))
        .order_by(records.c.id)
    )


def _updates_by_record(conn: Connection, ids: list[int] | None = None) -> dict[int, list[Update]]:
    query = select(pledge_updates).order_by(pledge_updates.c.record_id, pledge_updates.c.number)
    if ids is not None:
        query = query.where(pledge_updates.c.record_id.in_(ids))
    out: dict[int, list[Update]] = {}
    for r in conn.execute(query):
        out.setdefault(r.record_id, []).append(
            Update(
                r.number,
                r.on_date,
                r.status,
                r.narrative,
                r.value,
                list(r.evidence or []),
                r.confirmation,
                aware(r.created_at).isoformat(),
                r.author_id,
            )
        )
    return out


def pledge_rows(conn: Connection, today: date, as_of: date | None = None) -> list[PublishedPledge]:
    """Every published pledge with its pledger, partners, updates, status and flags on
    `today` (or, with `as_of`, as the record stood on that day: pledges made by then, the
    updates dated by then)."""
    query = published(PLEDGE_KIND, records.c.organisation_id, records.c.created_at)
    return described(conn, list(conn.execute(query)), today, as_of, every=True)


def described(
    conn: Connection, rows: list[Any], today: date, as_of: date | None = None, every: bool = False
) -> list[PublishedPledge]:
    """`rows` of `published(PLEDGE_KIND, organisation_id, created_at)` as `pledge_rows` gives
    them; `every` says they are every pledge (their updates are read in one sweep), else only
    the updates of these pledges are read."""
    when = as_of or today
    orgs = {
        r.id: Party(id=r.id, name=r.name, kind=r.kind, actor_id=r.actor_id)
        for r in conn.execute(select(organisations))
    }
    updates = _updates_by_record(conn, None if every else [int(r[0]) for r in rows])
    out = []
    for record_id, organisation_id, created_at, raw in rows:
        data = dict(raw)
        start = day(data["made_on"]) if data.get("made_on") else aware(created_at).date()
        if as_of is not None and start > as_of:
            continue
        mine = updates.get(record_id, [])
        status, pending = status_of(mine, when)
        shown = [u for u in mine if day(u.on_date) <= when]
        out.append(
            PublishedPledge(
                id=record_id,
                ref=review.ref(PLEDGE_KIND, record_id),
                title=data["title"],
                pledger=orgs.get(organisation_id) or Party(id=organisation_id),
                partners=[orgs.get(p) or Party(id=p) for p in data.get("partners") or []],
                data=data,
                status=status,
                fulfilment_pending=pending,
                flags=flags(data, shown, status, start, when),
                updates=[u.shown() for u in shown],
                last_update=shown[-1].on_date if shown else None,
                made_on=start.isoformat(),
            )
        )
    return out


@dataclass(frozen=True)
class PledgeFilter:
    status: str | None = None
    flag: str | None = None
    objective: int | None = None
    country: str | None = None
    kind: str | None = None
    meeting: str | None = None
    organisation: str | None = None

    def check(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise Invalid(f"status is one of {', '.join(STATUSES)}", "status")
        if self.flag is not None and self.flag not in FLAGS:
            raise Invalid(f"flag is one of {', '.join(FLAGS)}", "flag")
        if self.kind is not None and self.kind not in KINDS_OF_PLEDGE:
            raise Invalid(f"kind is one of {', '.join(KINDS_OF_PLEDGE)}", "kind")
        if self.country is not None and not re.match(r"^[A-Z]{3}$", self.country):
            raise Invalid("country is an ISO3 code, like MAR", "country")

    def keep(self, p: PublishedPledge) -> bool:
        return (
            (self.status is None or p.status == self.status)
            and (self.flag is None or self.flag in p.flags)
            and (self.objective is None or self.objective in p.objectives)
            and (self.country is None or self.country in p.places)
            and (self.kind is None or p.kind == self.kind)
            and (self.meeting is None or p.made_at == self.meeting)
            and (
                self.organisation is None
                or self.organisation == p.pledger.id
                or self.organisation in p.partner_ids
            )
        )


def find(
    conn: Connection, today: date, where: PledgeFilter, as_of: date | None = None
) -> list[PublishedPledge]:
    where.check()
    return [p for p in pledge_rows(conn, today, as_of) if where.keep(p)]


def get(conn: Connection, record_id: int, viewer: Actor, today: date) -> Pledge:
    """A pledge as `viewer` may see it (review.record_json), with its updates, status, flags
    and the pledges that match it."""
    result = review.record_json(conn, PLEDGE, record_id, viewer)
    mine = _updates_by_record(conn, [record_id]).get(record_id, [])
    status, pending = status_of(mine)
    data = result.shown.data
    row = conn.execute(select(records.c.created_at).where(records.c.id == record_id)).one()
    start = day(data["made_on"]) if data.get("made_on") else aware(row.created_at).date()
    matched_by = [
        r.id
        for r in conn.execute(published(PLEDGE_KIND))
        if dict(r.data).get("matches") == record_id
    ]
    return Pledge(
        **dict(result),
        status=status,
        fulfilment_pending=pending,
        flags=flags(data, mine, status, start, today),
        updates=[u.shown() for u in mine],
        matched_by=matched_by,
    )


# --- writing updates ------------------------------------------------------------------------


class UpdateData(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    date: PartialDate
    status: Literal["planned", "in_progress", "fulfilled", "dropped"]
    narrative: Annotated[str, StringConstraints(min_length=1, max_length=5000)]
    value: Annotated[str, StringConstraints(max_length=200)] | None = None
    evidence: Annotated[list[Url], Field(max_length=20)] = []


def _published_pledge(conn: Connection, record_id: int) -> Any:
    row = conn.execute(
        select(records).where(records.c.id == record_id, records.c.kind == PLEDGE_KIND)
    ).first()
    if row is None or row.deleted_at is not None or row.published_version is None:
        raise NotFoundHere(f"no published pledge {record_id}")
    return row


def add_update(conn: Connection, actor: Actor, record_id: int, body: Any, today: date) -> int:
    """A new dated update by the pledger's organisation; returns its number. Its date is not
    before the last update's nor after today; its status moves only forward along the
    lifecycle, and nothing follows a fulfilment or a drop."""
    require(actor, Action.write)
    row = _published_pledge(conn, record_id)
    if row.organisation_id not in actor.organisations and not actor.system:
        raise Forbidden(f"only the pledger ({row.organisation_id}) reports on this pledge")
    update = review.validate(_UPDATE_KIND, body)
    mine = _updates_by_record(conn, [record_id]).get(record_id, [])
    when = day(update["date"])
    if when > today:
        raise Invalid(f"date: {update['date']} is in the future", "date")
    if mine and when < day(mine[-1].on_date):
        raise Invalid(
            f"date: the last update is dated {mine[-1].on_date}; an update never rewrites the"
            " past (a correction is a new update, dated now)",
            "date",
        )
    current, pending = status_of(mine)
    new = update["status"]
    if current in FINAL:
        raise Conflict(f"status: the pledge is {current}; nothing follows", "status")
    if pending and new == FULFILLED:
        raise Conflict("status: a fulfilment already awaits a moderator's confirmation", "status")
    if STEP[new] < STEP[current]:
        raise Invalid(
            f"status: {current} cannot go back to {new}"
            " (planned -> in_progress -> fulfilled or dropped)",
            "status",
        )
    number = (mine[-1].number if mine else 0) + 1
    values = {
        "record_id": record_id,
        "number": number,
        "on_date": update["date"],
        "status": new,
        "narrative": update["narrative"],
        "value": update.get("value"),
        "evidence": update.get("evidence") or [],
        "author_id": actor.user_id,
        "created_at": now(),
    }
    conn.execute(pledge_updates.insert().values(**values))
    audit.record(conn, actor, "pledge.update", review.ref(PLEDGE_KIND, record_id), None, values)
    return number


def confirm(
    conn: Connection, actor: Actor, record_id: int, number: int, decision: str, note: str
) -> None:
    """A moderator confirms (or declines, saying why) an update that reports fulfilment."""
    require(actor, Action.moderate)
    _published_pledge(conn, record_id)
    if decision not in ("confirmed", "declined"):
        raise Invalid("decision is confirmed or declined", "decision")
    note = (note or "").strip()
    if decision == "declined" and not note:
        raise Invalid("note: say why the fulfilment is declined", "note")
    if len(note) > 2000:
        raise Invalid("note: at most 2,000 characters", "note")
    row = conn.execute(
        select(pledge_updates).where(
            pledge_updates.c.record_id == record_id, pledge_updates.c.number == number
        )
    ).first()
    if row is None:
        raise NotFoundHere(f"no update {number} of pledge {record_id}")
    if row.status != FULFILLED:
        raise Conflict(f"update {number} reports {row.status}, not a fulfilment")
    if row.confirmation is not None:
        raise Conflict(f"update {number} was already {row.confirmation}")
    before = audit.snapshot(row)
    conn.execute(
        pledge_updates.update()
        .where(pledge_updates.c.id == row.id)
        .values(
            confirmation=decision,
            confirmed_by=actor.user_id,
            confirmed_at=now(),
            confirmation_note=note or None,
        )
    )
    after = audit.snapshot(
        conn.execute(select(pledge_updates).where(pledge_updates.c.id == row.id)).one()
    )
    audit.record(
        conn,
        actor,
        f"pledge.fulfilment_{decision}",
        review.ref(PLEDGE_KIND, record_id),
        before,
        after,
    )


def count_updates(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(pledge_updates)).scalar_one())


# the update's fields are validated the same way as a record's (errors name the field)
_UPDATE_KIND = Kind(name="pledge-update", label="Update", model=UpdateData, fields=())
