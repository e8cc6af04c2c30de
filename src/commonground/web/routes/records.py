"""Reviewed records in the pages: a record with its published version, its history with
diffs, the generic form of any registered kind, the review forms, and the moderator's queue.
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from commonground.web import session as web_session
from commonground.web.routing import page_router
from commonground.web.workspace_pages import current_actor, page, redirect
from commonground.workspace import accounts, review
from commonground.workspace.accounts import Session
from commonground.workspace.answers import RecordData, User
from commonground.workspace.errors import Invalid, WorkspaceError
from commonground.workspace.permissions import Action, allowed
from commonground.workspace.review import Kind
from commonground.workspace.store import writing

router = page_router()
Writer = Annotated[Session, Depends(web_session.page_requires(Action.write))]
Reviewer = Annotated[Session, Depends(web_session.page_requires(Action.review))]
Moderator = Annotated[Session, Depends(web_session.page_requires(Action.moderate))]
MAX_LINES = 50


async def _data(request: Request, kind: Kind) -> RecordData:
    """The kind's fields from the posted form; `lines` fields become lists."""
    form = await request.form()
    data: RecordData = {}
    for f in kind.fields:
        raw = form.get(f.name)
        value = raw if isinstance(raw, str) else ""
        if f.widget == "lines":
            items = [line.strip() for line in value.splitlines() if line.strip()]
            if len(items) > MAX_LINES:
                raise Invalid(f"{f.label}: at most {MAX_LINES} lines", f.name)
            data[f.name] = items
        else:
            data[f.name] = value
    return data


def _form_values(kind: Kind, data: RecordData) -> dict[str, str]:
    return {
        f.name: "\n".join(data.get(f.name) or [])
        if f.widget == "lines"
        else str(data.get(f.name) or "")
        for f in kind.fields
    }


@router.get("/records/{kind}", response_class=HTMLResponse)
def list_records(request: Request, kind: str) -> HTMLResponse:
    k = review.get_kind(kind)
    with request.app.state.workspace.connect() as conn:
        rows = review.list_published(conn, k, limit=500)
    return page(request, "records.html", with_form=False, kind=k, rows=rows)


@router.get("/records/{kind}/new", response_class=HTMLResponse)
def new_record_page(request: Request, kind: str, about: str = "") -> Response:
    k = review.get_kind(kind)
    session = web_session.current(request)
    if session is None or session.user is None:
        return redirect(f"/signin?next=/records/{k.name}/new")
    with request.app.state.workspace.connect() as conn:
        organisations = accounts.user_organisations(conn, session.user.id)
    return page(
        request,
        "record_form.html",
        kind=k,
        values=_form_values(k, {"about": about[:80]}),
        organisations=organisations,
        action=f"/records/{k.name}/new",
    )


@router.post("/records/{kind}/new", response_class=HTMLResponse)
async def create_record(request: Request, kind: str, session: Writer) -> Response:
    k = review.get_kind(kind)
    form = await request.form()
    organisation_id = str(form.get("organisation_id") or "")[:64]
    data: RecordData = {}
    try:
        data = await _data(request, k)
        with writing(request.app.state.workspace) as conn:
            record_id = review.create(conn, session.actor(conn), k, organisation_id, data)
    except WorkspaceError as exc:
        with request.app.state.workspace.connect() as conn:
            organisations = accounts.user_organisations(
                conn, session.user.id if session.user else 0
            )
        return page(
            request,
            "record_form.html",
            exc.status,
            kind=k,
            values=_form_values(k, data),
            organisations=organisations,
            action=f"/records/{k.name}/new",
            error=str(exc),
            errors=exc.errors,
        )
    return redirect(f"/records/{k.name}/{record_id}")


@router.get("/records/{kind}/{record_id}", response_class=HTMLResponse)
def record_page(request: Request, kind: str, record_id: int) -> HTMLResponse:
    k = review.get_kind(kind)
    viewer = current_actor(request)
    with request.app.state.workspace.connect() as conn:
        record = review.record_json(conn, k, record_id, viewer)
        reviewers = _reviewers(conn) if allowed(viewer.role, Action.moderate) else []
    latest = record.latest
    mine = next((r for r in latest.reviews or [] if r.reviewer_id == viewer.user_id), None)
    return page(
        request,
        "record.html",
        with_form=not viewer.anonymous,
        kind=k,
        record=record,
        latest=latest,
        my_review=mine,
        is_author=record.organisation_id in viewer.organisations,
        may_moderate=allowed(viewer.role, Action.moderate),
        reviewers=reviewers,
        values=_form_values(k, latest.data),
    )


def _reviewers(conn: Any) -> list[User]:
    return [
        u for u in accounts.list_users(conn) if not u.disabled and allowed(u.role, Action.review)
    ]


@router.get("/records/{kind}/{record_id}/history", response_class=HTMLResponse)
def history(request: Request, kind: str, record_id: int) -> HTMLResponse:
    k = review.get_kind(kind)
    viewer = current_actor(request)
    with request.app.state.workspace.connect() as conn:
        record = review.record_json(conn, k, record_id, viewer)
        numbers = [v.number for v in record.versions]
        diffs = {
            new: review.diff(conn, k, record_id, old, new, viewer)
            for old, new in itertools.pairwise(numbers)
        }
    return page(request, "record_history.html", with_form=False, kind=k, record=record, diffs=diffs)


@router.post("/records/{kind}/{record_id}/edit", response_class=HTMLResponse)
async def edit_record(request: Request, kind: str, record_id: int, session: Writer) -> Response:
    k = review.get_kind(kind)
    try:
        data = await _data(request, k)
        with writing(request.app.state.workspace) as conn:
            review.edit(conn, session.actor(conn), k, record_id, data)
    except WorkspaceError as exc:
        return _error(request, exc)
    return redirect(f"/records/{k.name}/{record_id}")


def _error(request: Request, exc: WorkspaceError) -> HTMLResponse:
    return page(
        request, "message.html", exc.status, with_form=False, title="Not done", text=str(exc)
    )


@router.post("/records/{kind}/{record_id}/submit")
def submit_record(request: Request, kind: str, record_id: int, session: Writer) -> Response:
    k = review.get_kind(kind)
    with writing(request.app.state.workspace) as conn:
        review.submit(conn, session.actor(conn), k, record_id)
    return redirect(f"/records/{k.name}/{record_id}")


@router.post("/records/{kind}/{record_id}/assign")
def assign(
    request: Request,
    kind: str,
    record_id: int,
    session: Moderator,
    reviewer_id: Annotated[int, Form()],
    internal: Annotated[bool, Form()] = False,
) -> Response:
    k = review.get_kind(kind)
    with writing(request.app.state.workspace) as conn:
        review.assign(conn, session.actor(conn), k, record_id, reviewer_id, internal)
    return redirect(f"/records/{k.name}/{record_id}")


@router.post("/records/{kind}/{record_id}/review")
def review_record(
    request: Request,
    kind: str,
    record_id: int,
    session: Reviewer,
    decision: Annotated[str, Form(max_length=16)],
    comment: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    k = review.get_kind(kind)
    with writing(request.app.state.workspace) as conn:
        review.review(
            conn,
            session.actor(conn),
            k,
            record_id,
            decision,
            comment,
            request.app.state.review_policy,
        )
    return redirect(f"/records/{k.name}/{record_id}")


@router.post("/records/{kind}/{record_id}/conflict")
def conflict(
    request: Request,
    kind: str,
    record_id: int,
    session: Reviewer,
    reason: Annotated[str, Form(max_length=2000)],
) -> Response:
    k = review.get_kind(kind)
    with writing(request.app.state.workspace) as conn:
        review.declare_conflict(conn, session.actor(conn), k, record_id, reason)
    return redirect("/account")


@router.get("/review", response_class=HTMLResponse)
def queue(request: Request) -> Response:
    viewer = current_actor(request)
    if viewer.anonymous:
        return redirect("/signin?next=/review")
    with request.app.state.workspace.connect() as conn:
        rows = review.queue(conn, viewer)
        reviewers = _reviewers(conn)
    return page(
        request,
        "review_queue.html",
        rows=rows,
        reviewers=reviewers,
        policy=request.app.state.review_policy.describe(),
    )
