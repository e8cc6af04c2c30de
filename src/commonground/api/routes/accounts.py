"""Accounts through the API: tokens, who am I, organisations, and what an admin does.

Every write runs in one workspace transaction with its audit entry (`writing`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from commonground.api.auth import Viewer, Workspace, WorkspaceRead, client_ip, requires
from commonground.api.workspace_models import (
    Me,
    Message,
    NewToken,
    Ok,
    OneOrganisation,
    Organisations,
    Revoked,
    Tokens,
    Users,
)
from commonground.workspace import accounts
from commonground.workspace.audit import Actor
from commonground.workspace.errors import Unauthenticated
from commonground.workspace.permissions import Action
from commonground.workspace.store import writing

router = APIRouter(tags=["accounts"])


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TokenRequest(Strict):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)
    name: str = Field("api", max_length=100)
    scopes: list[str] = Field(["read", "write"], max_length=2)


class OrganisationIn(Strict):
    name: str = Field(max_length=300)
    kind: str = Field("other", max_length=32)
    id: str | None = Field(None, max_length=64)
    actor_id: str | None = Field(None, max_length=64)


class LinkIn(Strict):
    actor_id: str = Field(max_length=64)


class MemberIn(Strict):
    user_id: int


class RoleIn(Strict):
    role: str = Field(max_length=16)


class ReasonIn(Strict):
    reason: str = Field(max_length=2000)


class EmailIn(Strict):
    email: str = Field(max_length=254)


class ResetIn(Strict):
    token: str = Field(max_length=100)
    password: str = Field(max_length=1024)


@router.post(
    "/auth/token",
    response_model=NewToken,
    summary="Exchange email and password for an API token (shown once)",
)
def make_token(body: TokenRequest, request: Request, engine: Workspace) -> dict[str, Any]:
    user = accounts.authenticate(engine, body.email, body.password, client_ip(request))
    with writing(engine) as conn:
        actor = accounts.actor_for(conn, user, ip=client_ip(request))
        token_id, secret = accounts.create_token(conn, actor, body.name, tuple(body.scopes))
    return {"ok": True, "token": secret, "id": token_id, "scopes": body.scopes}


@router.get(
    "/me", response_model=Me, summary="The account behind the token: email, role, organisations"
)
def me(viewer: Viewer, conn: WorkspaceRead) -> dict[str, Any]:
    if viewer.anonymous or viewer.user_id is None:
        raise Unauthenticated("send Authorization: Bearer TOKEN (POST /api/auth/token makes one)")
    user = accounts.get_user(conn, viewer.user_id)
    return {
        "ok": True,
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "email_verified": user.email_verified_at is not None,
        "organisations": accounts.user_organisations(conn, user.id),
        "token": {"id": viewer.token_id, "scopes": sorted(viewer.scopes)},
    }


@router.get(
    "/me/tokens", response_model=Tokens, summary="The account's API tokens (never their secrets)"
)
def my_tokens(
    actor: Annotated[Actor, Depends(requires(Action.account, write=False))], conn: WorkspaceRead
) -> dict[str, Any]:
    assert actor.user_id is not None
    return {"ok": True, "tokens": accounts.list_tokens(conn, actor.user_id)}


@router.delete(
    "/me/tokens/{token_id}",
    response_model=Revoked,
    summary="Revoke a token: refused at once from then on",
)
def revoke(
    token_id: int,
    actor: Annotated[Actor, Depends(requires(Action.account))],
    engine: Workspace,
) -> dict[str, Any]:
    with writing(engine) as conn:
        accounts.revoke_token(conn, actor, token_id)
    return {"ok": True, "revoked": token_id}


@router.post(
    "/auth/password-reset",
    response_model=Message,
    summary="Send a reset link (the same answer for any email)",
)
def password_reset(body: EmailIn, request: Request, engine: Workspace) -> dict[str, Any]:
    with writing(engine) as conn:
        accounts.request_reset(
            conn, body.email, str(request.base_url).rstrip("/"), client_ip(request)
        )
    return {"ok": True, "message": "if an account has this address, a reset link is on its way"}


@router.post(
    "/auth/password-reset/confirm",
    response_model=Message,
    summary="Choose a new password with a reset link's token",
)
def password_reset_confirm(body: ResetIn, request: Request, engine: Workspace) -> dict[str, Any]:
    with writing(engine) as conn:
        accounts.reset_password(conn, body.token, body.password, client_ip(request))
    return {"ok": True, "message": "password changed; every session of the account has ended"}


@router.get(
    "/organisations",
    response_model=Organisations,
    summary="The workspace's organisations and the map actors they are",
)
def organisations(conn: WorkspaceRead) -> dict[str, Any]:
    return {"ok": True, "organisations": accounts.list_organisations(conn)}


@router.post(
    "/organisations",
    response_model=OneOrganisation,
    summary="Propose an organisation (a moderator links it to the map)",
)
def create_organisation(
    body: OrganisationIn,
    actor: Annotated[Actor, Depends(requires(Action.propose_organisation))],
    engine: Workspace,
) -> dict[str, Any]:
    with writing(engine) as conn:
        oid = accounts.create_organisation(
            conn, actor, body.name, body.kind, body.actor_id, body.id
        )
        return {
            "ok": True,
            "organisation": accounts._organisation(accounts.get_organisation(conn, oid)),
        }


@router.post(
    "/organisations/{organisation_id}/link",
    response_model=Ok,
    summary="Link an organisation to a map actor",
)
def link(
    organisation_id: str,
    body: LinkIn,
    actor: Annotated[Actor, Depends(requires(Action.manage_organisations))],
    engine: Workspace,
) -> dict[str, Any]:
    with writing(engine) as conn:
        accounts.link_organisation(conn, actor, organisation_id, body.actor_id)
    return {"ok": True}


@router.post("/organisations/{organisation_id}/members", response_model=Ok, summary="Add a member")
def add_member(
    organisation_id: str,
    body: MemberIn,
    actor: Annotated[Actor, Depends(requires(Action.manage_organisations))],
    engine: Workspace,
) -> dict[str, Any]:
    with writing(engine) as conn:
        accounts.add_member(conn, actor, organisation_id, body.user_id)
    return {"ok": True}


@router.delete(
    "/organisations/{organisation_id}/members/{user_id}",
    response_model=Ok,
    summary="Remove a member",
)
def remove_member(
    organisation_id: str,
    user_id: int,
    actor: Annotated[Actor, Depends(requires(Action.manage_organisations))],
    engine: Workspace,
) -> dict[str, Any]:
    with writing(engine) as conn:
        accounts.remove_member(conn, actor, organisation_id, user_id)
    return {"ok": True}


@router.post(
    "/organisations/{organisation_id}/delete",
    response_model=Ok,
    summary="Soft-delete, with a reason",
)
def delete_organisation(
    organisation_id: str,
    body: ReasonIn,
    actor: Annotated[Actor, Depends(requires(Action.delete))],
    engine: Workspace,
) -> dict[str, Any]:
    with writing(engine) as conn:
        accounts.delete_organisation(conn, actor, organisation_id, body.reason)
    return {"ok": True}


@router.get("/users", response_model=Users, summary="Every account (admins)")
def users(
    actor: Annotated[Actor, Depends(requires(Action.administer, write=False))], conn: WorkspaceRead
) -> dict[str, Any]:
    return {"ok": True, "users": accounts.list_users(conn)}


@router.post("/users/{user_id}/role", response_model=Ok, summary="Set an account's role (admins)")
def set_role(
    user_id: int,
    body: RoleIn,
    actor: Annotated[Actor, Depends(requires(Action.administer))],
    engine: Workspace,
) -> dict[str, Any]:
    with writing(engine) as conn:
        accounts.set_role(conn, actor, user_id, body.role)
    return {"ok": True}


@router.post(
    "/users/{user_id}/disable",
    response_model=Ok,
    summary="Disable an account: its sessions and tokens end",
)
def disable(
    user_id: int,
    actor: Annotated[Actor, Depends(requires(Action.administer))],
    engine: Workspace,
) -> dict[str, Any]:
    with writing(engine) as conn:
        accounts.disable(conn, actor, user_id)
    return {"ok": True}


@router.post(
    "/users/{user_id}/purge", response_model=Ok, summary="Erase a person's personal data (logged)"
)
def purge(
    user_id: int,
    actor: Annotated[Actor, Depends(requires(Action.administer))],
    engine: Workspace,
) -> dict[str, Any]:
    with writing(engine) as conn:
        accounts.purge(conn, actor, user_id)
    return {"ok": True}
