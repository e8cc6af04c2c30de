"""Sign-in sessions for the pages: a server-side session in the workspace behind a cookie,
and a synchroniser token against cross-site request forgery on every form that changes
anything.

The cookie (`cg_session`) is HttpOnly, SameSite=Lax, Secure unless the site is served over
plain http to localhost (`COMMONGROUND_COOKIE_SECURE` = auto, true or false), and holds a
random 256-bit value whose SHA-256 is the session's key. A form carries the session's CSRF
token; a post is refused when the token is missing or wrong, or when the browser says the
request came from another site (Origin, Sec-Fetch-Site). Sign-in always starts a new session.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import Response

from commonground.workspace import accounts
from commonground.workspace.accounts import Session
from commonground.workspace.audit import check_write_rate
from commonground.workspace.errors import Forbidden, Unauthenticated
from commonground.workspace.permissions import Action
from commonground.workspace.store import writing

COOKIE = "cg_session"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
CSRF_FIELD = "csrf_token"
STALE_FORM = "this form has expired or did not come from this site: reload the page and try again"


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def cookie_secure(request: Request) -> bool:
    setting = str(getattr(request.app.state.settings, "cookie_secure", "auto")).lower()
    if setting in ("true", "1", "yes"):
        return True
    if setting in ("false", "0", "no"):
        return False
    return request.url.scheme == "https" or (request.url.hostname or "") not in LOCAL_HOSTS


def current(request: Request) -> Session | None:
    """The live session of this browser, if any (looked up once per request)."""
    if hasattr(request.state, "cg_session"):
        found: Session | None = request.state.cg_session
        return found
    found = accounts.load_session(
        request.app.state.workspace, request.cookies.get(COOKIE), client_ip(request)
    )
    request.state.cg_session = found
    return found


def ensure(request: Request) -> tuple[Session, bool]:
    """The browser's session, or a new anonymous one to carry a form's token; the flag says
    whether a cookie must be set."""
    found = current(request)
    if found is not None:
        return found, False
    with writing(request.app.state.workspace) as conn:
        made = accounts.new_session(
            conn, None, client_ip(request), request.headers.get("user-agent")
        )
    request.state.cg_session = made
    return made, True


def set_cookie(request: Request, response: Response, session: Session) -> None:
    max_age = int(
        (
            accounts.SESSION_LIFETIME if session.user is not None else accounts.ANONYMOUS_LIFETIME
        ).total_seconds()
    )
    response.set_cookie(
        COOKIE,
        session.token,
        max_age=max_age,
        httponly=True,
        secure=cookie_secure(request),
        samesite="lax",
        path="/",
    )


def clear_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        COOKIE, path="/", httponly=True, secure=cookie_secure(request), samesite="lax"
    )


def _same_origin(request: Request) -> bool:
    if request.headers.get("sec-fetch-site") == "cross-site":
        return False
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", request.url.netloc)


async def check_form(request: Request, session: Session | None) -> None:
    """Refuse a post whose CSRF token is not this session's, or that came from elsewhere."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    if (
        session is None
        or not isinstance(sent, str)
        or not hmac.compare_digest(sent.encode(), session.csrf_token.encode())
        or not _same_origin(request)
    ):
        raise Forbidden(STALE_FORM)


def page_requires(action: Action) -> Callable[[Request], Awaitable[Session]]:
    """A form's dependency: 401 without a signed-in session, 403 when the role may not, 403
    when the CSRF token is missing or wrong, 429 when the account has made its hour's writes
    (`Settings.writes_per_hour`, counted with the API's). Answers with the session."""

    async def dependency(request: Request) -> Session:
        session = current(request)
        if session is None or session.user is None:
            raise Unauthenticated("sign in first")
        accounts.may(session.user.role, action, session.user.email_verified_at is not None)
        await check_form(request, session)
        with request.app.state.workspace.connect() as conn:
            per_hour = request.app.state.settings.writes_per_hour
            check_write_rate(conn, session.actor(conn), per_hour)
        return session

    dependency.action = action  # type: ignore[attr-defined]  # read by the route-walking tests
    return dependency


async def public_form(request: Request) -> Session | None:
    """The forms anyone may send (sign in, sign up, reset): CSRF-checked all the same."""
    session = current(request)
    await check_form(request, session)
    return session


def form_context(session: Session) -> dict[str, Any]:
    return {"csrf_token": session.csrf_token, "csrf_field": CSRF_FIELD}
