"""What every page of the workspace shares: the signed-in person, the form token, strict
headers (a Content-Security-Policy with no inline script, no caching of personal pages)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from commonground.web import session as web_session
from commonground.web.templating import render
from commonground.workspace.accounts import Session
from commonground.workspace.audit import ANONYMOUS, Actor

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def page(
    request: Request,
    template: str,
    status_code: int = 200,
    with_form: bool = True,
    **context: Any,
) -> HTMLResponse:
    """Render a workspace page; with a form, make sure the browser has a session whose token
    the form carries."""
    made = False
    session: Session | None = web_session.current(request)
    if with_form:
        session, made = web_session.ensure(request)
    if session is not None:
        context.update(web_session.form_context(session))
    context.setdefault("user", session.user if session is not None else None)
    context.setdefault("charts", False)
    response = render(request, template, status_code=status_code, **context)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Cache-Control"] = "no-store"
    if made and session is not None:
        web_session.set_cookie(request, response, session)
    return response


def current_actor(request: Request) -> Actor:
    """Who is looking: the signed-in person with their role and organisations, or anyone."""
    session = web_session.current(request)
    if session is None or session.user is None:
        return ANONYMOUS
    with request.app.state.workspace.connect() as conn:
        return session.actor(conn)


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def safe_next(target: str | None) -> str:
    """Only a path on this site: no open redirect through ?next=."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/account"
    return target
