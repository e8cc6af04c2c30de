"""Pledges in the pages: register one (joint with partners, or matching another), read it
with its updates, status and flags, report progress, and confirm a fulfilment.

The forms call the same workspace functions as the API (`review.create`, `pledges.add_update`,
`pledges.confirm`), so a page refuses what the API refuses, with the same message; every form
carries the session's CSRF token (`page_requires`), and the roles are those of
`workspace/permissions.py`. "Today" for the flags and for an update's date is the app's clock.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from commonground.analysis.clock import today_of
from commonground.web import session as web_session
from commonground.web.routing import page_router
from commonground.web.workspace_pages import current_actor, page, redirect
from commonground.workspace import accounts, pledges, review
from commonground.workspace.accounts import Session
from commonground.workspace.answers import RecordData
from commonground.workspace.errors import WorkspaceError
from commonground.workspace.permissions import Action, allowed
from commonground.workspace.store import writing

router = page_router()
Writer = Annotated[Session, Depends(web_session.page_requires(Action.write))]
Moderator = Annotated[Session, Depends(web_session.page_requires(Action.moderate))]
WORDS = {"partners", "objectives", "principles", "actions", "countries", "corridors", "evidence"}
REQUIRED = {"title": "", "description": "", "kind": None}
MAX_ITEMS = 250


def _one(form: FormData, name: str) -> str:
    raw = form.get(name)
    return raw.strip() if isinstance(raw, str) else ""


def _items(form: FormData, name: str) -> list[str]:
    text = _one(form, name)
    parts = re.split(r"[\s,;]+", text) if name in WORDS else text.splitlines()
    return [p.strip() for p in parts if p.strip()][:MAX_ITEMS]


def pledge_data(form: FormData) -> RecordData:
    """The posted pledge form as a version's data: lists from lines (or words), empty fields
    left out; the model then checks every field, as it does for the API."""
    data: RecordData = {}
    for f in pledges.PLEDGE.fields:
        if f.widget == "lines":
            items = _items(form, f.name)
            if items:
                data[f.name] = items
        elif _one(form, f.name):
            data[f.name] = _one(form, f.name)
    for name, empty in REQUIRED.items():
        data.setdefault(name, empty)
    return data


def form_values(data: RecordData) -> dict[str, str]:
    """A pledge's data as the form shows it again."""
    return {
        f.name: "\n".join(str(v) for v in data.get(f.name) or [])
        if f.widget == "lines"
        else str(data.get(f.name) if data.get(f.name) is not None else "")
        for f in pledges.PLEDGE.fields
    }


def _form(
    request: Request,
    session: Session,
    data: RecordData,
    organisation_id: str = "",
    error: WorkspaceError | None = None,
) -> HTMLResponse:
    user_id = session.user.id if session.user else 0
    with request.app.state.workspace.connect() as conn:
        mine = accounts.user_organisations(conn, user_id)
        everyone = accounts.list_organisations(conn)
    return page(
        request,
        "pledge_form.html",
        error.status if error else 200,
        fields=pledges.PLEDGE.fields,
        kinds=pledges.KINDS_OF_PLEDGE,
        values=form_values(data),
        organisations=mine,
        chosen=organisation_id,
        partners=[o for o in everyone if o.id != organisation_id],
        error=str(error) if error else None,
        errors=error.errors if error else [],
    )


@router.get("/pledges/new", response_class=HTMLResponse)
def new_pledge_page(request: Request, matches: int | None = None) -> Response:
    session = web_session.current(request)
    if session is None or session.user is None:
        target = "/pledges/new" + (f"?matches={matches}" if matches else "")
        return redirect("/signin?" + urlencode({"next": target}))
    return _form(request, session, {"matches": matches} if matches else {})


@router.post("/pledges/new", response_class=HTMLResponse)
async def create_pledge(request: Request, session: Writer) -> Response:
    form = await request.form()
    organisation_id = _one(form, "organisation_id")[:64]
    data = pledge_data(form)
    try:
        with writing(request.app.state.workspace) as conn:
            actor = session.actor(conn)
            record_id = review.create(conn, actor, pledges.PLEDGE, organisation_id, data)
    except WorkspaceError as exc:
        return _form(request, session, data, organisation_id, exc)
    return redirect(f"/pledges/{record_id}")


def _pledge_page(
    request: Request, record_id: int, error: WorkspaceError | None = None
) -> HTMLResponse:
    viewer = current_actor(request)
    today = today_of(request.app.state)
    with request.app.state.workspace.connect() as conn:
        pledge = pledges.get(conn, record_id, viewer, today)
        names = {o.id: o.name for o in accounts.list_organisations(conn)}
    return page(
        request,
        "pledge.html",
        error.status if error else 200,
        with_form=not viewer.anonymous,
        pledge=pledge,
        shown=pledge.shown,
        latest=pledge.latest,
        names=names,
        today=today.isoformat(),
        statuses=pledges.STATUSES,
        is_pledger=pledge.organisation_id in viewer.organisations,
        signed_in=not viewer.anonymous,
        may_moderate=allowed(viewer.role, Action.moderate) and not viewer.anonymous,
        error=str(error) if error else None,
        errors=error.errors if error else [],
    )


@router.get("/pledges/{record_id}", response_class=HTMLResponse)
def pledge_page(request: Request, record_id: int) -> HTMLResponse:
    return _pledge_page(request, record_id)


@router.post("/pledges/{record_id}/submit", response_class=HTMLResponse)
def submit_pledge(request: Request, record_id: int, session: Writer) -> Response:
    try:
        with writing(request.app.state.workspace) as conn:
            review.submit(conn, session.actor(conn), pledges.PLEDGE, record_id)
    except WorkspaceError as exc:
        return _pledge_page(request, record_id, exc)
    return redirect(f"/pledges/{record_id}")


@router.post("/pledges/{record_id}/updates", response_class=HTMLResponse)
async def add_update(request: Request, record_id: int, session: Writer) -> Response:
    form = await request.form()
    body: RecordData = {
        "date": _one(form, "date"),
        "status": _one(form, "status"),
        "narrative": _one(form, "narrative"),
        "value": _one(form, "value") or None,
        "evidence": _items(form, "evidence"),
    }
    try:
        with writing(request.app.state.workspace) as conn:
            actor = session.actor(conn)
            pledges.add_update(conn, actor, record_id, body, today_of(request.app.state))
    except WorkspaceError as exc:
        return _pledge_page(request, record_id, exc)
    return redirect(f"/pledges/{record_id}#updates")


@router.post("/pledges/{record_id}/updates/{number}/confirm", response_class=HTMLResponse)
async def confirm(request: Request, record_id: int, number: int, session: Moderator) -> Response:
    form = await request.form()
    try:
        with writing(request.app.state.workspace) as conn:
            pledges.confirm(
                conn,
                session.actor(conn),
                record_id,
                number,
                _one(form, "decision"),
                _one(form, "note"),
            )
    except WorkspaceError as exc:
        return _pledge_page(request, record_id, exc)
    return redirect(f"/pledges/{record_id}#updates")
