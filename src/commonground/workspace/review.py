"""One review mechanism for every kind of record people write.

A record belongs to an organisation and has numbered versions; every version is kept. A
version moves draft -> submitted -> in_review -> published, or returned (with the reviewers'
comments), or rejected. A moderator assigns reviewers, internal or external; a reviewer who
belongs to the record's organisation cannot be assigned, and any reviewer can declare a
conflict of interest, after which their review does not count. How many reviews are needed
is the review policy (`policy.py`). A published record changes only through a new version,
reviewed again; readers see the last published version meanwhile.

A kind of record is registered once with `register(Kind(...))` (see `notes.py`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, Row, Select, and_, select, update

from commonground.workspace import audit
from commonground.workspace.accounts import get_organisation, get_user, reason_given, require
from commonground.workspace.answers import (
    Assignment,
    Change,
    Held,
    OwnRecord,
    PublishedRecord,
    Queued,
    RecordData,
    Review,
    ReviewedRecord,
    Version,
)
from commonground.workspace.audit import Actor, Snapshot, aware, now
from commonground.workspace.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFoundHere,
)
from commonground.workspace.markdown import to_html
from commonground.workspace.permissions import Action, allowed
from commonground.workspace.policy import ReviewPolicy, outcome
from commonground.workspace.tables import (
    memberships,
    record_versions,
    records,
    review_assignments,
    users,
)

DRAFT, SUBMITTED, IN_REVIEW = "draft", "submitted", "in_review"
PUBLISHED, RETURNED, REJECTED = "published", "returned", "rejected"
STATES = (DRAFT, SUBMITTED, IN_REVIEW, PUBLISHED, RETURNED, REJECTED)
DECISIONS = {"approve": PUBLISHED, "return": RETURNED, "reject": REJECTED}
OPEN = (SUBMITTED, IN_REVIEW)


@dataclass(frozen=True)
class FormField:
    """How a field shows on the generic form: `text` (one line), `markdown`, or `lines`
    (a list, one item per line)."""

    name: str
    label: str
    widget: str = "text"
    help: str = ""


@dataclass(frozen=True)
class Kind:
    """A kind of reviewed record: its name in URLs (`/records/note/12`), the pydantic model
    of a version's data (the field limits live there), the fields of its form, which fields
    are Markdown, and the stable keys of the map its data points at."""

    name: str
    label: str
    model: type[BaseModel]
    fields: tuple[FormField, ...]
    title: Callable[[RecordData], str] = lambda data: str(data.get("title", ""))
    refs: Callable[[RecordData], list[str]] = lambda data: []
    markdown: tuple[str, ...] = field(default=())
    private: tuple[str, ...] = field(default=())
    """Fields only signed-in users see (a contact person, say)."""
    changed: Callable[[Connection, int], None] | None = None
    """Called in the same transaction after every write to a record of this kind (to keep an
    index of published versions current)."""


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.name in KINDS:
        raise ValueError(f"a kind of record {kind.name!r} is already registered")
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise NotFoundHere(
            f"no kind of record {name!r}: the kinds are {', '.join(sorted(KINDS))}"
        ) from None


def validate(kind: Kind, data: Any) -> RecordData:
    """The data as the kind's model has it, or Invalid naming every field that is wrong."""
    if not isinstance(data, dict):
        raise Invalid("the record's data must be an object of fields", "data")
    try:
        return kind.model.model_validate(data).model_dump(mode="json")
    except ValidationError as exc:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"]) or "data", "message": e["msg"]}
            for e in exc.errors()
        ]
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        raise Invalid(
            f"invalid {kind.label.lower()}: {summary}", errors[0]["field"], errors
        ) from None


def ref(kind: Kind | str, record_id: int) -> str:
    return f"{kind if isinstance(kind, str) else kind.name}:{record_id}"


# --- reading --------------------------------------------------------------------------------


def _record(conn: Connection, kind: Kind, record_id: int) -> Row[Any]:
    row = conn.execute(
        select(records).where(records.c.id == record_id, records.c.kind == kind.name)
    ).first()
    if row is None or row.deleted_at is not None:
        raise NotFoundHere(f"no {kind.label.lower()} {record_id}")
    return row


def _version(conn: Connection, record_id: int, number: int) -> Row[Any]:
    row = conn.execute(
        select(record_versions).where(
            record_versions.c.record_id == record_id, record_versions.c.number == number
        )
    ).first()
    if row is None:
        raise NotFoundHere(f"no version {number} of this record")
    return row


def _assigned(conn: Connection, record_id: int, number: int) -> list[Row[Any]]:
    return list(
        conn.execute(
            select(review_assignments)
            .where(
                review_assignments.c.record_id == record_id,
                review_assignments.c.version == number,
            )
            .order_by(review_assignments.c.id)
        )
    )


def may_see_unpublished(conn: Connection, viewer: Actor, row: Row[Any]) -> bool:
    """Authors' organisations, moderators and the reviewers assigned to it see drafts and
    returned versions with their comments; everyone sees what is published."""
    if viewer.anonymous:
        return False
    if allowed(viewer.role, Action.moderate) or row.organisation_id in viewer.organisations:
        return True
    found = conn.execute(
        select(review_assignments.c.id).where(
            review_assignments.c.record_id == row.id,
            review_assignments.c.reviewer_id == viewer.user_id,
        )
    ).first()
    return found is not None


def shown_data(kind: Kind, data: RecordData, viewer: Actor) -> RecordData:
    """A version's data as `viewer` may see it: private fields only for signed-in users."""
    if viewer.anonymous and kind.private:
        return {k: v for k, v in data.items() if k not in kind.private}
    return dict(data)


def _when(value: datetime | None) -> str | None:
    return aware(value).isoformat() if value is not None else None


def _shown_version(
    kind: Kind, v: Row[Any], viewer: Actor, reviews: list[Review] | None = None
) -> Version:
    """A version as `viewer` may see it; `reviews` only for those who may see them (None
    leaves the field unset, so the API's answer has no `reviews` at all)."""
    data = shown_data(kind, dict(v.data), viewer)
    version = Version(
        number=v.number,
        state=v.state,
        data=data,
        html={name: _html(data.get(name, "")) for name in kind.markdown},
        author_id=v.author_id,
        created_at=aware(v.created_at).isoformat(),
        submitted_at=_when(v.submitted_at),
        decided_at=_when(v.decided_at),
    )
    return version if reviews is None else version.model_copy(update={"reviews": reviews})


def _html(text: str) -> str:
    return to_html(text)


def _review(a: Row[Any], names: dict[int, str]) -> Review:
    return Review(
        id=a.id,
        reviewer_id=a.reviewer_id,
        reviewer=names.get(a.reviewer_id, f"account {a.reviewer_id}"),
        internal=a.internal,
        conflict=a.conflict,
        decision=a.decision,
        comment=a.comment,
        decided_at=_when(a.decided_at),
    )


def _names(conn: Connection, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = select(users.c.id, users.c.display_name, users.c.email).where(users.c.id.in_(ids))
    return {i: name or email for i, name, email in conn.execute(query)}


def record_json(conn: Connection, kind: Kind, record_id: int, viewer: Actor) -> ReviewedRecord:
    """A record as `viewer` may see it: the published version for everyone; every version
    with its reviews for those who may see unpublished work."""
    row = _record(conn, kind, record_id)
    insider = may_see_unpublished(conn, viewer, row)
    if row.published_version is None and not insider:
        raise NotFoundHere(f"no {kind.label.lower()} {record_id}")
    rows = conn.execute(
        select(record_versions)
        .where(record_versions.c.record_id == record_id)
        .order_by(record_versions.c.number)
    ).all()
    shown = [v for v in rows if insider or v.state == PUBLISHED]
    published = next((v for v in rows if v.number == row.published_version), None)
    reviews: dict[int, list[Review]] | None = None
    if insider:
        assigned = conn.execute(
            select(review_assignments)
            .where(review_assignments.c.record_id == record_id)
            .order_by(review_assignments.c.id)
        ).all()
        names = _names(conn, {a.reviewer_id for a in assigned})
        reviews = {v.number: [] for v in shown}
        for a in assigned:
            reviews.setdefault(a.version, []).append(_review(a, names))
    return ReviewedRecord(
        id=row.id,
        kind=kind.name,
        ref=ref(kind, row.id),
        organisation_id=row.organisation_id,
        created_at=aware(row.created_at).isoformat(),
        published_version=row.published_version,
        latest_version=row.latest_version if insider else row.published_version,
        state=rows[-1].state if insider else PUBLISHED,
        title=kind.title(dict((published or rows[-1]).data)),
        published=_shown_version(kind, published, viewer) if published is not None else None,
        versions=[
            _shown_version(kind, v, viewer, None if reviews is None else reviews[v.number])
            for v in shown
        ],
    )


def list_published(
    conn: Connection, kind: Kind, limit: int = 100, offset: int = 0
) -> list[PublishedRecord]:
    query = (
        select(records, record_versions.c.data)
        .join(
            record_versions,
            and_(
                record_versions.c.record_id == records.c.id,
                record_versions.c.number == records.c.published_version,
            ),
        )
        .where(records.c.kind == kind.name, records.c.deleted_at.is_(None))
        .order_by(records.c.id)
        .limit(limit)
        .offset(offset)
    )
    return [
        PublishedRecord(
            id=r.id,
            ref=ref(kind, r.id),
            organisation_id=r.organisation_id,
            title=kind.title(dict(r.data)),
            published_version=r.published_version,
            data=dict(r.data),
        )
        for r in conn.execute(query)
    ]


def with_latest_version(*columns: Any) -> Select[Any]:
    """Records beside these `columns` of their latest version."""
    latest = and_(
        record_versions.c.record_id == records.c.id,
        record_versions.c.number == records.c.latest_version,
    )
    return select(records, *columns).join(record_versions, latest)


def records_of(conn: Connection, organisation_ids: frozenset[str]) -> list[OwnRecord]:
    """Every record of these organisations, with the state of its latest version."""
    if not organisation_ids:
        return []
    query = (
        with_latest_version(record_versions.c.state, record_versions.c.data)
        .where(records.c.organisation_id.in_(organisation_ids), records.c.deleted_at.is_(None))
        .order_by(records.c.id.desc())
    )
    return [
        OwnRecord(
            id=r.id,
            kind=r.kind,
            ref=ref(r.kind, r.id),
            title=_title(r.kind, r.data),
            state=r.state,
            latest_version=r.latest_version,
            organisation_id=r.organisation_id,
        )
        for r in conn.execute(query)
    ]


def queue(conn: Connection, actor: Actor) -> list[Queued]:
    """The moderator's queue: latest versions submitted or in review, oldest first, with
    their reviews so far."""
    require(actor, Action.moderate)
    query = (
        with_latest_version(
            record_versions.c.state, record_versions.c.data, record_versions.c.submitted_at
        )
        .where(record_versions.c.state.in_(OPEN), records.c.deleted_at.is_(None))
        .order_by(record_versions.c.submitted_at, records.c.id)
    )
    out = []
    for r in conn.execute(query):
        reviews = _assigned(conn, r.id, r.latest_version)
        names = _names(conn, {a.reviewer_id for a in reviews})
        out.append(
            Queued(
                id=r.id,
                kind=r.kind,
                ref=ref(r.kind, r.id),
                title=_title(r.kind, r.data),
                organisation_id=r.organisation_id,
                version=r.latest_version,
                state=r.state,
                submitted_at=_when(r.submitted_at),
                reviews=[_review(a, names) for a in reviews],
            )
        )
    return out


def assignments_of(conn: Connection, reviewer_id: int) -> list[Assignment]:
    """What a reviewer has been asked to review and has not decided yet."""
    query = (
        select(review_assignments, records.c.kind, record_versions.c.data)
        .join(records, records.c.id == review_assignments.c.record_id)
        .join(
            record_versions,
            and_(
                record_versions.c.record_id == review_assignments.c.record_id,
                record_versions.c.number == review_assignments.c.version,
            ),
        )
        .where(
            review_assignments.c.reviewer_id == reviewer_id,
            review_assignments.c.decision.is_(None),
            review_assignments.c.conflict.is_(None),
            record_versions.c.state == IN_REVIEW,
            records.c.deleted_at.is_(None),
        )
        .order_by(review_assignments.c.id)
    )
    return [
        Assignment(
            ref=ref(r.kind, r.record_id),
            kind=r.kind,
            id=r.record_id,
            version=r.version,
            title=_title(r.kind, r.data),
            internal=r.internal,
        )
        for r in conn.execute(query)
    ]


def _title(kind: str, data: Any) -> str:
    """A record's title read from its version's data; its kind's name for a kind no longer
    declared."""
    return KINDS[kind].title(dict(data)) if kind in KINDS else kind


def diff(
    conn: Connection, kind: Kind, record_id: int, old: int, new: int, viewer: Actor
) -> list[Change]:
    """What changed between two versions, field by field, as unified diff lines."""
    shown = {v.number: v for v in record_json(conn, kind, record_id, viewer).versions}
    if old not in shown or new not in shown:
        raise NotFoundHere(f"versions {old} and {new} are not both visible")
    a, b = shown[old].data, shown[new].data
    out = []
    for f in kind.fields:
        before, after = _lines(a.get(f.name)), _lines(b.get(f.name))
        if before == after:
            continue
        lines = list(
            difflib.unified_diff(
                before, after, f"version {old}", f"version {new}", lineterm="", n=2
            )
        )
        out.append(Change(field=f.name, label=f.label, lines=lines[2:]))
    return out


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        return value.splitlines()
    return [json.dumps(value, ensure_ascii=False)]


# --- writing --------------------------------------------------------------------------------


def _own(actor: Actor, organisation_id: str) -> None:
    if organisation_id not in actor.organisations and not actor.system:
        raise Forbidden(f"you do not write for the organisation {organisation_id!r}")


class Assigned(Held):
    reviewer_id: int
    internal: bool


class Decision(Held):
    reviewer_id: int | None
    decision: str
    comment: str


class RecordState(Held):
    """A record and one of its versions as the audit log keeps them before and after a
    write, with the assignment or the decision the write made (left out when unset)."""

    record: Snapshot
    version: Snapshot
    assigned: Assigned | None = None
    review: Decision | None = None


def _state(conn: Connection, record_id: int, number: int) -> RecordState:
    row = conn.execute(select(records).where(records.c.id == record_id)).one()
    version = _version(conn, record_id, number)
    return RecordState(record=audit.snapshot(row), version=audit.snapshot(version))


def _new_record(
    conn: Connection, actor: Actor, kind: Kind, organisation_id: str, at: datetime
) -> int:
    """The row of a new record whose first version is about to be written; its id."""
    insert = records.insert().values(
        kind=kind.name,
        organisation_id=organisation_id,
        created_by=actor.user_id,
        created_at=at,
        latest_version=1,
    )
    return int(conn.execute(insert.returning(records.c.id)).scalar_one())


def create(conn: Connection, actor: Actor, kind: Kind, organisation_id: str, data: Any) -> int:
    """A new record, version 1 as a draft, for one of the actor's organisations."""
    require(actor, Action.write)
    if not isinstance(organisation_id, str) or not organisation_id:
        raise Invalid(
            "organisation_id names the organisation the record is written for", "organisation_id"
        )
    _own(actor, organisation_id)
    get_organisation(conn, organisation_id)
    clean = validate(kind, data)
    at = now()
    record_id = _new_record(conn, actor, kind, organisation_id, at)
    conn.execute(
        record_versions.insert().values(
            record_id=record_id,
            number=1,
            state=DRAFT,
            data=clean,
            author_id=actor.user_id,
            created_at=at,
            extra_reviews=0,
        )
    )
    audit.record(
        conn, actor, "record.create", ref(kind, record_id), None, _state(conn, record_id, 1)
    )
    _changed(conn, kind, record_id)
    return record_id


def edit(
    conn: Connection,
    actor: Actor,
    kind: Kind,
    record_id: int,
    data: Any,
    organisation_id: str | None = None,
) -> int:
    """Change a draft in place, or start a new draft version after a decision; returns the
    version number written. A version under review cannot change."""
    require(actor, Action.write)
    row = _record(conn, kind, record_id)
    _own(actor, row.organisation_id)
    if organisation_id is not None and organisation_id != row.organisation_id:
        raise Forbidden("a record cannot be moved to another organisation")
    clean = validate(kind, data)
    latest = _version(conn, record_id, row.latest_version)
    before = _state(conn, record_id, row.latest_version)
    if latest.state in OPEN:
        raise Conflict(
            f"version {latest.number} is {latest.state.replace('_', ' ')}: wait for its review"
        )
    if latest.state == DRAFT:
        number = int(latest.number)
        conn.execute(
            update(record_versions)
            .where(record_versions.c.record_id == record_id, record_versions.c.number == number)
            .values(data=clean, author_id=actor.user_id, created_at=now())
        )
    else:
        number = int(latest.number) + 1
        conn.execute(
            record_versions.insert().values(
                record_id=record_id,
                number=number,
                state=DRAFT,
                data=clean,
                author_id=actor.user_id,
                created_at=now(),
                extra_reviews=0,
            )
        )
        conn.execute(update(records).where(records.c.id == record_id).values(latest_version=number))
    audit.record(
        conn, actor, "record.edit", ref(kind, record_id), before, _state(conn, record_id, number)
    )
    _changed(conn, kind, record_id)
    return number


def submit(conn: Connection, actor: Actor, kind: Kind, record_id: int) -> None:
    require(actor, Action.write)
    row = _record(conn, kind, record_id)
    _own(actor, row.organisation_id)
    latest = _version(conn, record_id, row.latest_version)
    if latest.state != DRAFT:
        raise Conflict(f"only a draft can be submitted; version {latest.number} is {latest.state}")
    before = _state(conn, record_id, latest.number)
    _set_state(conn, record_id, latest.number, SUBMITTED, submitted_at=now())
    audit.record(
        conn,
        actor,
        "record.submit",
        ref(kind, record_id),
        before,
        _state(conn, record_id, latest.number),
    )
    _changed(conn, kind, record_id)


def _changed(conn: Connection, kind: Kind, record_id: int) -> None:
    if kind.changed is not None:
        kind.changed(conn, record_id)


def publish_imported(
    conn: Connection,
    actor: Actor,
    kind: Kind,
    organisation_id: str,
    data: Any,
    record_id: int | None = None,
) -> tuple[int, int]:
    """Publish data taken from a cited source without review (a curated import run from the
    command line): a new record, or a new published version of `record_id`. The version's
    author is the importer; the audit log says `record.import`. Returns (record, version)."""
    if not actor.system:
        raise Forbidden("only the command line imports records without review")
    clean = validate(kind, data)
    at = now()
    before = None
    if record_id is None:
        record_id = _new_record(conn, actor, kind, organisation_id, at)
        number = 1
    else:
        row = _record(conn, kind, record_id)
        before = _state(conn, record_id, row.latest_version)
        number = int(row.latest_version) + 1
    conn.execute(
        record_versions.insert().values(
            record_id=record_id,
            number=number,
            state=PUBLISHED,
            data=clean,
            author_id=actor.user_id,
            created_at=at,
            submitted_at=at,
            decided_at=at,
            extra_reviews=0,
        )
    )
    conn.execute(
        update(records)
        .where(records.c.id == record_id)
        .values(latest_version=number, published_version=number)
    )
    after = _state(conn, record_id, number)
    audit.record(conn, actor, "record.import", ref(kind, record_id), before, after)
    _changed(conn, kind, record_id)
    return record_id, number


def _set_state(conn: Connection, record_id: int, number: int, state: str, **values: Any) -> None:
    conn.execute(
        update(record_versions)
        .where(record_versions.c.record_id == record_id, record_versions.c.number == number)
        .values(state=state, **values)
    )


def assign(
    conn: Connection, actor: Actor, kind: Kind, record_id: int, reviewer_id: int, internal: bool
) -> None:
    """A moderator asks a reviewer to review the latest version."""
    require(actor, Action.moderate)
    row = _record(conn, kind, record_id)
    latest = _version(conn, record_id, row.latest_version)
    if latest.state not in OPEN:
        raise Conflict(
            f"version {latest.number} is {latest.state}: only submitted work is reviewed"
        )
    reviewer = get_user(conn, reviewer_id)
    confirmed = reviewer.email_verified_at is not None
    if reviewer.disabled_at is not None or not allowed(reviewer.role, Action.review, confirmed):
        raise Invalid(
            f"account {reviewer_id} is not an active reviewer with a confirmed address",
            "reviewer_id",
        )
    member = conn.execute(
        select(memberships).where(
            memberships.c.user_id == reviewer_id,
            memberships.c.organisation_id == row.organisation_id,
        )
    ).first()
    if member is not None or reviewer_id == latest.author_id:
        raise Conflict(
            f"account {reviewer_id} writes for {row.organisation_id!r}: a conflict of interest",
            "reviewer_id",
        )
    if any(a.reviewer_id == reviewer_id for a in _assigned(conn, record_id, latest.number)):
        raise Conflict(f"account {reviewer_id} is already assigned to this version", "reviewer_id")
    before = _state(conn, record_id, latest.number)
    conn.execute(
        review_assignments.insert().values(
            record_id=record_id,
            version=latest.number,
            reviewer_id=reviewer_id,
            internal=bool(internal),
            assigned_by=actor.user_id,
            assigned_at=now(),
        )
    )
    if latest.state == SUBMITTED:
        _set_state(conn, record_id, latest.number, IN_REVIEW)
    assigned = Assigned(reviewer_id=reviewer_id, internal=bool(internal))
    after = _state(conn, record_id, latest.number).model_copy(update={"assigned": assigned})
    audit.record(conn, actor, "record.assign", ref(kind, record_id), before, after)


def _my_assignment(conn: Connection, actor: Actor, row: Row[Any]) -> Row[Any]:
    for a in _assigned(conn, row.id, row.latest_version):
        if a.reviewer_id == actor.user_id:
            return a
    raise Forbidden("you are not assigned to review this version")


def declare_conflict(
    conn: Connection, actor: Actor, kind: Kind, record_id: int, reason: str
) -> None:
    require(actor, Action.review)
    row = _record(conn, kind, record_id)
    mine = _my_assignment(conn, actor, row)
    reason = (reason or "").strip()
    if not reason or len(reason) > 2000:
        raise Invalid("describe the conflict of interest in 1 to 2,000 characters", "reason")
    if mine.decision is not None:
        raise Conflict("you have already reviewed this version")
    conn.execute(
        update(review_assignments).where(review_assignments.c.id == mine.id).values(conflict=reason)
    )
    audit.record(
        conn,
        actor,
        "review.conflict",
        ref(kind, record_id),
        audit.snapshot(mine),
        {"conflict": reason},
    )


def review(
    conn: Connection,
    actor: Actor,
    kind: Kind,
    record_id: int,
    decision: str,
    comment: str,
    policy: ReviewPolicy,
) -> str:
    """Record one reviewer's decision; when the reviews in hand settle it under the policy,
    the version is published, returned or rejected. Returns the version's state."""
    require(actor, Action.review)
    if decision not in DECISIONS:
        raise Invalid("decision is approve, return or reject", "decision")
    comment = (comment or "").strip()
    if len(comment) > 20_000:
        raise Invalid("a comment may have at most 20,000 characters", "comment")
    if decision != "approve" and not comment:
        raise Invalid("say why: returning or rejecting needs a comment for the authors", "comment")
    row = _record(conn, kind, record_id)
    latest = _version(conn, record_id, row.latest_version)
    if latest.state != IN_REVIEW:
        raise Conflict(f"version {latest.number} is {latest.state}, not in review")
    mine = _my_assignment(conn, actor, row)
    if mine.conflict is not None:
        raise Conflict("you declared a conflict of interest on this version")
    if mine.decision is not None:
        raise Conflict("you have already reviewed this version")
    before = _state(conn, record_id, latest.number)
    conn.execute(
        update(review_assignments)
        .where(review_assignments.c.id == mine.id)
        .values(decision=decision, comment=comment or None, decided_at=now())
    )
    counted = [
        (a.internal, a.decision)
        for a in _assigned(conn, record_id, latest.number)
        if a.decision is not None and a.conflict is None
    ]
    result = outcome(policy, counted, latest.extra_reviews)
    state = latest.state
    if result == "more":
        conn.execute(
            update(record_versions)
            .where(
                record_versions.c.record_id == record_id, record_versions.c.number == latest.number
            )
            .values(extra_reviews=latest.extra_reviews + 1)
        )
    elif result is not None:
        state = DECISIONS[result]
        _set_state(conn, record_id, latest.number, state, decided_at=now())
        if state == PUBLISHED:
            conn.execute(
                update(records)
                .where(records.c.id == record_id)
                .values(published_version=latest.number)
            )
    given = Decision(reviewer_id=actor.user_id, decision=decision, comment=comment)
    after = _state(conn, record_id, latest.number).model_copy(update={"review": given})
    action = {PUBLISHED: "record.publish", RETURNED: "record.return", REJECTED: "record.reject"}
    audit.record(
        conn, actor, action.get(state, "record.review"), ref(kind, record_id), before, after
    )
    _changed(conn, kind, record_id)
    return str(state)


def delete(conn: Connection, actor: Actor, kind: Kind, record_id: int, reason: str) -> None:
    """Soft delete: the record leaves every list and page; its rows and history stay."""
    require(actor, Action.delete)
    reason = reason_given(reason)
    row = _record(conn, kind, record_id)
    before = audit.snapshot(row)
    conn.execute(
        update(records)
        .where(records.c.id == record_id)
        .values(deleted_at=now(), delete_reason=reason)
    )
    after = audit.snapshot(conn.execute(select(records).where(records.c.id == record_id)).one())
    audit.record(conn, actor, "record.delete", ref(kind, record_id), before, after)
    _changed(conn, kind, record_id)


def references(conn: Connection) -> list[dict[str, str]]:
    """Every stable key of the map that a live record's versions point at."""
    query = (
        select(records.c.id, records.c.kind, record_versions.c.number, record_versions.c.data)
        .join(record_versions, record_versions.c.record_id == records.c.id)
        .where(records.c.deleted_at.is_(None))
        .order_by(records.c.id, record_versions.c.number)
    )
    out = []
    for record_id, kind_name, number, data in conn.execute(query):
        kind = KINDS.get(kind_name)
        if kind is None:
            continue
        for key in kind.refs(dict(data)):
            out.append({"ref": key, "record": f"{ref(kind, record_id)} version {number}"})
    return out


__all__ = ["KINDS", "STATES", "FormField", "Kind", "get_kind", "register"]
