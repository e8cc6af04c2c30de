"""Reviewed records of every registered kind (`/api/records/note/...`), their versions and
diffs, the review routes and the moderator's queue; and the audit log for moderators."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import Field

from commonground.api.auth import (
    AuditReader,
    Deleter,
    Moderator,
    ModeratorReading,
    Policy,
    Reviewer,
    ReviewerReading,
    Viewer,
    Workspace,
    WorkspaceRead,
    Writer,
)
from commonground.api.workspace_models import (
    Assignments,
    AuditLog,
    Decided,
    Diff,
    Edited,
    KindInfo,
    Kinds,
    Ok,
    OneRecord,
    PublishedRecords,
    Queue,
)
from commonground.api.writes import Strict, written
from commonground.workspace import audit, review
from commonground.workspace.answers import RecordData
from commonground.workspace.errors import Invalid
from commonground.workspace.store import writing

router = APIRouter(tags=["workspace"])


class RecordIn(Strict):
    organisation_id: str = Field(max_length=64)
    data: RecordData


class RecordEdit(Strict):
    data: RecordData
    organisation_id: str | None = Field(None, max_length=64)


class AssignIn(Strict):
    reviewer_id: int
    internal: bool = False


class ReviewIn(Strict):
    decision: str = Field(max_length=16)
    comment: str = Field("", max_length=20_000)


class ReasonIn(Strict):
    reason: str = Field(max_length=2000)


@router.get("/kinds", response_model=Kinds, summary="The kinds of reviewed record and their fields")
def kinds() -> Kinds:
    return Kinds(
        kinds=[
            KindInfo(
                name=k.name,
                label=k.label,
                schema=k.model.model_json_schema(),
                markdown=list(k.markdown),
            )
            for k in review.KINDS.values()
        ]
    )


@router.get("/records/{kind}", summary="Published records of a kind")
def list_records(
    kind: str,
    conn: WorkspaceRead,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
) -> PublishedRecords:
    k = review.get_kind(kind)
    return PublishedRecords(records=review.list_published(conn, k, limit, offset))


@router.get(
    "/records/{kind}/{record_id}",
    response_model=OneRecord,
    response_model_exclude_unset=True,  # `reviews` only for insiders
    summary="A record: its published version; every version for its authors and reviewers",
)
def get_record(kind: str, record_id: int, viewer: Viewer, conn: WorkspaceRead) -> OneRecord:
    return OneRecord(
        ok=True, record=review.record_json(conn, review.get_kind(kind), record_id, viewer)
    )


@router.get("/records/{kind}/{record_id}/diff", summary="What changed between two versions")
def diff(
    kind: str,
    record_id: int,
    viewer: Viewer,
    conn: WorkspaceRead,
    old: int = Query(..., alias="from", ge=1),
    new: int = Query(..., alias="to", ge=1),
) -> Diff:
    changes = review.diff(conn, review.get_kind(kind), record_id, old, new, viewer)
    return Diff(changes=changes)


@router.post(
    "/records/{kind}",
    response_model=OneRecord,
    response_model_exclude_unset=True,  # `reviews` only for insiders
    status_code=201,
    summary="A new record (a draft) for one of your organisations",
)
def create(kind: str, body: RecordIn, actor: Writer, engine: Workspace) -> OneRecord:
    k = review.get_kind(kind)
    with writing(engine) as conn:
        record_id = review.create(conn, actor, k, body.organisation_id, body.data)
        return OneRecord(ok=True, record=review.record_json(conn, k, record_id, actor))


@router.put(
    "/records/{kind}/{record_id}",
    response_model=Edited,
    response_model_exclude_unset=True,  # `reviews` only for insiders
    summary="Edit a draft, or start a new version",
)
def edit(kind: str, record_id: int, body: RecordEdit, actor: Writer, engine: Workspace) -> Edited:
    k = review.get_kind(kind)
    with writing(engine) as conn:
        number = review.edit(conn, actor, k, record_id, body.data, body.organisation_id)
        record = review.record_json(conn, k, record_id, actor)
    return Edited(ok=True, version=number, record=record)


@router.post(
    "/records/{kind}/{record_id}/submit",
    response_model=OneRecord,
    response_model_exclude_unset=True,  # `reviews` only for insiders
    summary="Submit the draft for review",
)
def submit(kind: str, record_id: int, actor: Writer, engine: Workspace) -> OneRecord:
    k = review.get_kind(kind)
    with writing(engine) as conn:
        review.submit(conn, actor, k, record_id)
        return OneRecord(ok=True, record=review.record_json(conn, k, record_id, actor))


@router.post("/records/{kind}/{record_id}/assign", summary="Assign a reviewer (moderators)")
def assign(kind: str, record_id: int, body: AssignIn, actor: Moderator, engine: Workspace) -> Ok:
    k = review.get_kind(kind)
    return written(engine, review.assign, actor, k, record_id, body.reviewer_id, body.internal)


@router.post("/records/{kind}/{record_id}/conflict", summary="Declare a conflict of interest")
def conflict(kind: str, record_id: int, body: ReasonIn, actor: Reviewer, engine: Workspace) -> Ok:
    k = review.get_kind(kind)
    return written(engine, review.declare_conflict, actor, k, record_id, body.reason)


@router.post(
    "/records/{kind}/{record_id}/review", summary="Approve, return (with comments) or reject"
)
def decide(
    kind: str, record_id: int, body: ReviewIn, actor: Reviewer, policy: Policy, engine: Workspace
) -> Decided:
    k = review.get_kind(kind)
    with writing(engine) as conn:
        state = review.review(conn, actor, k, record_id, body.decision, body.comment, policy)
    return Decided(state=state)


@router.post(
    "/records/{kind}/{record_id}/delete", summary="Soft-delete, with a reason (moderators)"
)
def delete(kind: str, record_id: int, body: ReasonIn, actor: Deleter, engine: Workspace) -> Ok:
    return written(engine, review.delete, actor, review.get_kind(kind), record_id, body.reason)


@router.get("/review/queue", summary="Submitted and in-review versions (moderators)")
def queue(actor: ModeratorReading, conn: WorkspaceRead) -> Queue:
    return Queue(queue=review.queue(conn, actor))


@router.get("/review/assignments", summary="What you are asked to review")
def assignments(actor: ReviewerReading, conn: WorkspaceRead) -> Assignments:
    assert actor.user_id is not None
    return Assignments(assignments=review.assignments_of(conn, actor.user_id))


@router.get("/audit", summary="The audit log of a record (KIND:ID) or a person (moderators)")
def audit_log(
    actor: AuditReader,
    conn: WorkspaceRead,
    record: str | None = Query(None, max_length=100, description="e.g. note:12 or user:3"),
    user: int | None = Query(None, description="an account id: what it did"),
) -> AuditLog:
    if record is None and user is None:
        raise Invalid("give record=KIND:ID or user=ID", "record")
    return AuditLog(entries=audit.entries(conn, record, user))
