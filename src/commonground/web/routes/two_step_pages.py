"""Two-step sign-in on the account page: set it up with an authenticator app, keep the
recovery codes, turn it off with the password and a code."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, Response

from commonground.web import session as web_session
from commonground.web.routes.account import AccountForm, Password, account_page
from commonground.web.routing import page_router
from commonground.workspace import accounts, two_step
from commonground.workspace.errors import WorkspaceError
from commonground.workspace.store import writing

router = page_router()
Code = Annotated[str, Form(max_length=32)]


@router.post("/account/two-step/start", response_class=HTMLResponse)
def start(request: Request, session: AccountForm) -> Response:
    assert session.user is not None
    try:
        with writing(request.app.state.workspace) as conn:
            two_step.start(conn, accounts.get_user(conn, session.user.id))
    except WorkspaceError as exc:
        return account_page(request, exc.status, error=str(exc))
    return account_page(request)


@router.post("/account/two-step/confirm", response_class=HTMLResponse)
def confirm(request: Request, session: AccountForm, code: Code) -> Response:
    assert session.user is not None
    try:
        with writing(request.app.state.workspace) as conn:
            user = accounts.get_user(conn, session.user.id)
            codes = two_step.confirm(conn, session.actor(conn), user, code)
    except WorkspaceError as exc:
        return account_page(request, exc.status, error=str(exc))
    return account_page(
        request,
        message="Two-step sign-in is on: from now on, sign in with a code from your app.",
        new_recovery_codes=codes,
    )


@router.post("/account/two-step/off", response_class=HTMLResponse)
def turn_off(request: Request, session: AccountForm, password: Password, code: Code) -> Response:
    assert session.user is not None
    try:
        accounts.turn_off_two_step(
            request.app.state.workspace,
            session.user.id,
            password,
            code,
            web_session.client_ip(request),
        )
    except WorkspaceError as exc:
        return account_page(request, exc.status, error=str(exc))
    return account_page(request, message="Two-step sign-in is off.")
