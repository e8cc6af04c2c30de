"""Who is calling the API: `Authorization: Bearer TOKEN`, or no one.

The API reads no cookie, so a page cannot be made to write through it on a visitor's
behalf (no CSRF surface); the pages have their own sessions and tokens (`web/session.py`).
`requires(action)` is the one dependency every write route declares: 401 without a valid
token, 403 when the role may not, or when the token is read-only, 429 when the account has
made its hour's writes (`Settings.writes_per_hour`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Connection, Engine

from commonground.api.errors import error_body
from commonground.workspace.accounts import may, token_actor
from commonground.workspace.audit import ANONYMOUS, Actor, check_write_rate
from commonground.workspace.errors import (
    Forbidden,
    TooManyAttempts,
    Unauthenticated,
    WorkspaceError,
)
from commonground.workspace.permissions import Action
from commonground.workspace.policy import ReviewPolicy


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def workspace_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.workspace
    return engine


def review_policy(request: Request) -> ReviewPolicy:
    policy: ReviewPolicy = request.app.state.review_policy
    return policy


def _actor(request: Request) -> Actor:
    header = request.headers.get("authorization")
    if header is None:
        return ANONYMOUS
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Unauthenticated("send Authorization: Bearer TOKEN (POST /api/auth/token makes one)")
    actor = token_actor(workspace_engine(request), secret.strip(), client_ip(request))
    if actor is None:
        raise Unauthenticated("this token is unknown or revoked")
    return actor


def limit_writes(request: Request, actor: Actor) -> None:
    """429 with `Retry-After` once the account has made its hour's writes."""
    with workspace_engine(request).connect() as conn:
        check_write_rate(conn, actor, request.app.state.settings.writes_per_hour)


def requires(action: Action, write: bool = True) -> Callable[[Request], Actor]:
    """A dependency that answers with the caller, or 401/403."""

    def dependency(request: Request) -> Actor:
        actor = _actor(request)
        if actor.anonymous:
            raise Unauthenticated("sign in: send Authorization: Bearer TOKEN")
        may(actor.role, action, actor.confirmed)
        if write and "write" not in actor.scopes:
            raise Forbidden("this token is read-only: make one with the write scope")
        if write:
            limit_writes(request, actor)
        return actor

    dependency.action = action  # type: ignore[attr-defined]  # read by the route-walking tests
    dependency.__name__ = f"requires_{action.name}"
    return dependency


def _read_conn(request: Request) -> Iterator[Connection]:
    """The workspace, read: what it answers changes between builds (and with the app's
    clock), so the answer carries no build ETag and the response cache does not keep it."""
    request.state.etag = None
    with workspace_engine(request).connect() as conn:
        yield conn


Viewer = Annotated[Actor, Depends(_actor)]
Workspace = Annotated[Engine, Depends(workspace_engine)]
WorkspaceRead = Annotated[Connection, Depends(_read_conn)]
Policy = Annotated[ReviewPolicy, Depends(review_policy)]

# The callers that routes declare, one alias a permission (`workspace/permissions.py`):
# `...Reading` ones may use a read-only token.
Writer = Annotated[Actor, Depends(requires(Action.write))]
Reviewer = Annotated[Actor, Depends(requires(Action.review))]
ReviewerReading = Annotated[Actor, Depends(requires(Action.review, write=False))]
Moderator = Annotated[Actor, Depends(requires(Action.moderate))]
ModeratorReading = Annotated[Actor, Depends(requires(Action.moderate, write=False))]
Deleter = Annotated[Actor, Depends(requires(Action.delete))]
AuditReader = Annotated[Actor, Depends(requires(Action.read_audit, write=False))]
AccountHolder = Annotated[Actor, Depends(requires(Action.account))]
AccountHolderReading = Annotated[Actor, Depends(requires(Action.account, write=False))]
Proposer = Annotated[Actor, Depends(requires(Action.propose_organisation))]
OrganisationManager = Annotated[Actor, Depends(requires(Action.manage_organisations))]
Administrator = Annotated[Actor, Depends(requires(Action.administer))]
AdministratorReading = Annotated[Actor, Depends(requires(Action.administer, write=False))]


def install_errors(app: FastAPI) -> None:
    @app.exception_handler(WorkspaceError)
    async def _workspace(_: Request, exc: WorkspaceError) -> JSONResponse:
        headers: dict[str, Any] = {}
        if isinstance(exc, Unauthenticated):
            headers["WWW-Authenticate"] = "Bearer"
        if isinstance(exc, TooManyAttempts):
            headers["Retry-After"] = str(exc.retry_after)
        return JSONResponse(
            error_body(exc.status, str(exc), exc.errors), exc.status, headers=headers
        )
