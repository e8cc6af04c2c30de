"""Sign up, sign in, sign out, password reset, email verification and the account page
(organisations, API tokens, one's records and reviews)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from commonground.web import session as web_session
from commonground.web.routing import page_router
from commonground.web.workspace_pages import page, redirect, safe_next
from commonground.workspace import accounts, review, two_step
from commonground.workspace.accounts import Session
from commonground.workspace.audit import Actor, aware
from commonground.workspace.errors import Invalid, WorkspaceError
from commonground.workspace.permissions import Action, Role, allowed
from commonground.workspace.store import writing

router = page_router()
PublicForm = Annotated[Session | None, Depends(web_session.public_form)]
AccountForm = Annotated[Session, Depends(web_session.page_requires(Action.account))]
Proposer = Annotated[Session, Depends(web_session.page_requires(Action.propose_organisation))]
Text = Annotated[str, Form(max_length=300)]
Password = Annotated[str, Form(max_length=1024)]


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/signup", response_class=HTMLResponse)
def signup_page(request: Request) -> HTMLResponse:
    return page(request, "signup.html", form={})


@router.post("/signup", response_class=HTMLResponse)
def signup(
    request: Request,
    _: PublicForm,
    email: Text,
    password: Password,
    password_again: Password,
    display_name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    engine = request.app.state.workspace
    values = {"email": email, "display_name": display_name}
    try:
        if password != password_again:
            raise Invalid("the two passwords differ", "password_again")
        with writing(engine) as conn:
            user_id = accounts.create_user(
                conn,
                Actor(None, Role.reader, ip=web_session.client_ip(request)),
                email,
                password,
                Role.contributor,
                display_name.strip() or None,
            )
            accounts.request_verification(conn, user_id, _base(request))
    except WorkspaceError as exc:
        return page(request, "signup.html", exc.status, form=values, error=str(exc))
    return _signed_in(request, email, password, "/account?welcome=1")


def _signed_in(
    request: Request, email: str, password: str, target: str, code: str | None = None
) -> Response:
    previous = request.cookies.get(web_session.COOKIE)
    made = accounts.sign_in(
        request.app.state.workspace,
        email,
        password,
        web_session.client_ip(request),
        request.headers.get("user-agent"),
        previous,
        code,
    )
    response = redirect(target)
    web_session.set_cookie(request, response, made)
    return response


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, next: str | None = None) -> HTMLResponse:
    return page(request, "signin.html", next=safe_next(next), email="")


@router.post("/signin", response_class=HTMLResponse)
def signin(
    request: Request,
    _: PublicForm,
    email: Text,
    password: Password,
    next: Annotated[str, Form(max_length=300)] = "/account",
    code: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    try:
        return _signed_in(request, email, password, safe_next(next), code.strip() or None)
    except WorkspaceError as exc:
        return page(
            request, "signin.html", exc.status, next=safe_next(next), email=email, error=str(exc)
        )


@router.post("/signout")
def signout(request: Request, session: AccountForm) -> Response:
    with writing(request.app.state.workspace) as conn:
        accounts.sign_out(conn, session)
    response = redirect("/")
    web_session.clear_cookie(request, response)
    return response


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, welcome: int = 0) -> Response:
    return account_page(request, welcome=bool(welcome))


def account_page(request: Request, status_code: int = 200, **extra: Any) -> Response:
    """The account page, with a message, an error or what a form just made (a token's
    secret, recovery codes) shown once."""
    session = web_session.current(request)
    if session is None or session.user is None:
        return redirect("/signin?next=/account")
    with request.app.state.workspace.connect() as conn:
        user = accounts.get_user(conn, session.user.id)  # as a form of this request left it
        organisations = accounts.user_organisations(conn, user.id)
        tokens = accounts.list_tokens(conn, user.id)
        codes_left = two_step.recovery_codes_left(conn, user.id)
        mine = review.records_of(conn, frozenset(o.id for o in organisations))
        assigned = review.assignments_of(conn, user.id)
    return page(
        request,
        "account.html",
        status_code,
        organisations=organisations,
        tokens=tokens,
        token_days=(30, accounts.TOKEN_DAYS, accounts.TOKEN_MAX_DAYS),
        two_step_on=two_step.is_on(user),
        two_step_since=aware(user.totp_enabled_at) if user.totp_enabled_at else None,
        enrolment=two_step.enrolment(user.totp_pending, user.email)
        if user.totp_pending and not two_step.is_on(user)
        else None,
        recovery_codes_left=codes_left,
        records=mine,
        assigned=assigned,
        kinds=review.KINDS,
        organisation_kinds=accounts.ORGANISATION_KINDS,
        confirmed=user.email_verified_at is not None,
        may_moderate=allowed(user.role, Action.moderate),
        may_propose=allowed(
            user.role, Action.propose_organisation, user.email_verified_at is not None
        ),
        **extra,
    )


@router.post("/account/tokens", response_class=HTMLResponse)
def new_token(
    request: Request,
    session: AccountForm,
    name: Annotated[str, Form(max_length=100)] = "api",
    write: Annotated[bool, Form()] = False,
    days: Annotated[int, Form(ge=1, le=accounts.TOKEN_MAX_DAYS)] = accounts.TOKEN_DAYS,
) -> Response:
    scopes = ("read", "write") if write else ("read",)
    try:
        with writing(request.app.state.workspace) as conn:
            made = accounts.create_token(conn, session.actor(conn), name, scopes, days)
    except WorkspaceError as exc:
        return account_page(request, exc.status, error=str(exc))
    return account_page(request, new_token=made.secret)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: int, session: AccountForm) -> Response:
    with writing(request.app.state.workspace) as conn:
        accounts.revoke_token(conn, session.actor(conn), token_id)
    return redirect("/account")


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    session: AccountForm,
    current_password: Password,
    password: Password,
    password_again: Password,
) -> Response:
    assert session.user is not None
    try:
        if password != password_again:
            raise Invalid("the two new passwords differ", "password_again")
        accounts.change_password(
            request.app.state.workspace,
            session.user.id,
            current_password,
            password,
            web_session.client_ip(request),
            keep=session.token,
        )
    except WorkspaceError as exc:
        return account_page(request, exc.status, error=str(exc))
    return account_page(request, message="Password changed: every other session has ended.")


@router.post("/account/confirm", response_class=HTMLResponse)
def resend_confirmation(request: Request, session: AccountForm) -> Response:
    assert session.user is not None
    try:
        with writing(request.app.state.workspace) as conn:
            accounts.request_verification(conn, session.user.id, _base(request))
    except WorkspaceError as exc:
        return account_page(request, exc.status, error=str(exc))
    return account_page(request, message="A new link is on its way to your address.")


@router.post("/account/organisations", response_class=HTMLResponse)
def propose_organisation(
    request: Request,
    session: Proposer,
    name: Text,
    kind: Annotated[str, Form(max_length=32)] = "other",
) -> Response:
    try:
        with writing(request.app.state.workspace) as conn:
            accounts.create_organisation(conn, session.actor(conn), name, kind)
    except WorkspaceError as exc:
        return account_page(request, exc.status, error=str(exc))
    return redirect("/account")


@router.get("/reset", response_class=HTMLResponse)
def reset_page(request: Request) -> HTMLResponse:
    return page(request, "reset.html")


@router.post("/reset", response_class=HTMLResponse)
def reset(request: Request, _: PublicForm, email: Text) -> HTMLResponse:
    with writing(request.app.state.workspace) as conn:
        accounts.request_reset(conn, email, _base(request), web_session.client_ip(request))
    return page(request, "reset.html", sent=True)


@router.get("/reset/confirm", response_class=HTMLResponse)
def reset_confirm_page(request: Request, token: str = "") -> HTMLResponse:
    return page(request, "reset.html", token=token[:100])


@router.post("/reset/confirm", response_class=HTMLResponse)
def reset_confirm(
    request: Request,
    _: PublicForm,
    token: Annotated[str, Form(max_length=100)],
    password: Password,
) -> Response:
    try:
        with writing(request.app.state.workspace) as conn:
            accounts.reset_password(conn, token, password, web_session.client_ip(request))
    except WorkspaceError as exc:
        return page(request, "reset.html", exc.status, token=token, error=str(exc))
    return page(
        request,
        "signin.html",
        next="/account",
        email="",
        message="Password changed: sign in with it.",
    )


@router.get("/verify", response_class=HTMLResponse)
def verify(request: Request, token: str = "") -> HTMLResponse:
    try:
        with writing(request.app.state.workspace) as conn:
            accounts.verify_email(conn, token[:100], web_session.client_ip(request))
    except WorkspaceError as exc:
        return page(
            request,
            "message.html",
            exc.status,
            with_form=False,
            title="Link not valid",
            text=str(exc),
        )
    return page(
        request,
        "message.html",
        with_form=False,
        title="Address confirmed",
        text="Thank you: your email address is confirmed.",
    )
