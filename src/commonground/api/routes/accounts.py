"""Accounts through the API: tokens, who am I, organisations, and what an admin does.

Every write runs in one workspace transaction with its audit entry (`writing`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import Field

from commonground.api.auth import (
    AccountHolder,
    AccountHolderReading,
    Administrator,
    AdministratorReading,
    Deleter,
    OrganisationManager,
    Proposer,
    Viewer,
    Workspace,
    WorkspaceRead,
    client_ip,
)
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
from commonground.api.writes import Strict, written
from commonground.workspace import accounts
from commonground.workspace.errors import Unauthenticated
from commonground.workspace.store import writing

router = APIRouter(tags=["accounts"])


class TokenRequest(Strict):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)
    name: str = Field("api", max_length=100)
    scopes: list[str] = Field(["read", "write"], max_length=2)
    code: str | None = Field(
        None,
        max_length=32,
        description="With two-step sign-in on: the app's current code or a recovery code",
    )
    expires_in_days: int = Field(
        accounts.TOKEN_DAYS,
        ge=1,
        le=accounts.TOKEN_MAX_DAYS,
        description="How long the token works; after that it is refused like a revoked one",
    )


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


@router.post("/auth/token", summary="Exchange email and password for an API token (shown once)")
def make_token(body: TokenRequest, request: Request, engine: Workspace) -> NewToken:
    user = accounts.signed_in_user(engine, body.email, body.password, body.code, client_ip(request))
    with writing(engine) as conn:
        actor = accounts.actor_for(conn, user, ip=client_ip(request))
        made = accounts.create_token(
            conn, actor, body.name, tuple(body.scopes), body.expires_in_days
        )
    return NewToken(
        token=made.secret, id=made.id, scopes=body.scopes, expires_at=made.expires_at.isoformat()
    )


@router.get("/me", summary="The account behind the token: email, role, organisations")
def me(viewer: Viewer, conn: WorkspaceRead) -> Me:
    if viewer.anonymous or viewer.user_id is None:
        raise Unauthenticated("send Authorization: Bearer TOKEN (POST /api/auth/token makes one)")
    user = accounts.get_user(conn, viewer.user_id)
    return Me(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        email_verified=user.email_verified_at is not None,
        organisations=accounts.user_organisations(conn, user.id),
        token={"id": viewer.token_id, "scopes": sorted(viewer.scopes)},
    )


@router.get("/me/tokens", summary="The account's API tokens (never their secrets)")
def my_tokens(actor: AccountHolderReading, conn: WorkspaceRead) -> Tokens:
    assert actor.user_id is not None
    return Tokens(tokens=accounts.list_tokens(conn, actor.user_id))


@router.delete("/me/tokens/{token_id}", summary="Revoke a token: refused at once from then on")
def revoke(token_id: int, actor: AccountHolder, engine: Workspace) -> Revoked:
    with writing(engine) as conn:
        accounts.revoke_token(conn, actor, token_id)
    return Revoked(revoked=token_id)


@router.post("/auth/password-reset", summary="Send a reset link (the same answer for any email)")
def password_reset(body: EmailIn, request: Request, engine: Workspace) -> Message:
    with writing(engine) as conn:
        accounts.request_reset(
            conn, body.email, str(request.base_url).rstrip("/"), client_ip(request)
        )
    return Message(message="if an account has this address, a reset link is on its way")


@router.post(
    "/auth/password-reset/confirm", summary="Choose a new password with a reset link's token"
)
def password_reset_confirm(body: ResetIn, request: Request, engine: Workspace) -> Message:
    with writing(engine) as conn:
        accounts.reset_password(conn, body.token, body.password, client_ip(request))
    return Message(message="password changed; every session of the account has ended")


@router.get("/organisations", summary="The workspace's organisations and the map actors they are")
def organisations(conn: WorkspaceRead) -> Organisations:
    return Organisations(organisations=accounts.list_organisations(conn))


@router.post("/organisations", summary="Propose an organisation (a moderator links it to the map)")
def create_organisation(
    body: OrganisationIn, actor: Proposer, engine: Workspace
) -> OneOrganisation:
    with writing(engine) as conn:
        oid = accounts.create_organisation(
            conn, actor, body.name, body.kind, body.actor_id, body.id
        )
        row = accounts.get_organisation(conn, oid)
        return OneOrganisation(organisation=accounts.as_organisation(row))


@router.post("/organisations/{organisation_id}/link", summary="Link an organisation to a map actor")
def link(organisation_id: str, body: LinkIn, actor: OrganisationManager, engine: Workspace) -> Ok:
    return written(engine, accounts.link_organisation, actor, organisation_id, body.actor_id)


@router.post("/organisations/{organisation_id}/members", summary="Add a member")
def add_member(
    organisation_id: str, body: MemberIn, actor: OrganisationManager, engine: Workspace
) -> Ok:
    return written(engine, accounts.add_member, actor, organisation_id, body.user_id)


@router.delete("/organisations/{organisation_id}/members/{user_id}", summary="Remove a member")
def remove_member(
    organisation_id: str, user_id: int, actor: OrganisationManager, engine: Workspace
) -> Ok:
    return written(engine, accounts.remove_member, actor, organisation_id, user_id)


@router.post("/organisations/{organisation_id}/delete", summary="Soft-delete, with a reason")
def delete_organisation(
    organisation_id: str, body: ReasonIn, actor: Deleter, engine: Workspace
) -> Ok:
    return written(engine, accounts.delete_organisation, actor, organisation_id, body.reason)


@router.get("/users", summary="Every account (admins)")
def users(actor: AdministratorReading, conn: WorkspaceRead) -> Users:
    return Users(users=accounts.list_users(conn))


@router.post("/users/{user_id}/role", summary="Set an account's role (admins)")
def set_role(user_id: int, body: RoleIn, actor: Administrator, engine: Workspace) -> Ok:
    return written(engine, accounts.set_role, actor, user_id, body.role)


@router.post("/users/{user_id}/disable", summary="Disable an account: its sessions and tokens end")
def disable(user_id: int, actor: Administrator, engine: Workspace) -> Ok:
    return written(engine, accounts.disable, actor, user_id)


@router.post(
    "/users/{user_id}/two-step/off",
    summary="Turn an account's two-step sign-in off, for someone who lost app and codes (admins)",
)
def clear_two_step(user_id: int, body: ReasonIn, actor: Administrator, engine: Workspace) -> Ok:
    return written(engine, accounts.clear_two_step, actor, user_id, body.reason)


@router.post("/users/{user_id}/purge", summary="Erase a person's personal data (logged)")
def purge(user_id: int, actor: Administrator, engine: Workspace) -> Ok:
    return written(engine, accounts.purge, actor, user_id)
