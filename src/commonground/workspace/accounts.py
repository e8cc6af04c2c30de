"""Accounts, organisations, sessions, API tokens, sign-in limits, password reset and email
verification.

Secrets the server hands out (session ids, API tokens, reset and verification links) are
random 256-bit values stored only as their SHA-256: a copy of the workspace lets no one in.
Every change is audited in its own transaction (see `audit.py`).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Row, func, select, update

from commonground.workspace import audit, outbox, passwords, two_step
from commonground.workspace.answers import ApiToken, Organisation, User
from commonground.workspace.audit import Actor, aware, now
from commonground.workspace.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFoundHere,
    TooManyAttempts,
    Unauthenticated,
)
from commonground.workspace.permissions import Action, Role, allowed
from commonground.workspace.store import writing
from commonground.workspace.tables import (
    api_tokens,
    memberships,
    one_time_tokens,
    organisations,
    sessions,
    sign_in_failures,
    users,
)

SESSION_LIFETIME = timedelta(hours=12)  # absolute: sign in again after this (ASVS 3.3.2)
SESSION_IDLE = timedelta(minutes=30)  # idle: a session unused this long is dead
TOKEN_DAYS = 90  # an API token's default lifetime; its owner may choose 1 to TOKEN_MAX_DAYS
TOKEN_MAX_DAYS = 365
ANONYMOUS_LIFETIME = timedelta(hours=2)  # the session that carries a sign-in form's token
TOUCH_EVERY = timedelta(seconds=60)
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_IP = 20
RESET_LIFETIME = timedelta(hours=1)
VERIFY_LIFETIME = timedelta(days=3)
RESEND_EVERY = timedelta(minutes=2)  # at most one reset or confirmation mail this often
SCOPES = ("read", "write")
ORGANISATION_KINDS = (
    "state",
    "un-agency",
    "regional-body",
    "civil-society",
    "city",
    "business",
    "academia",
    "other",
)
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
WRONG = "wrong email or password"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def normal_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not EMAIL.match(email):
        raise Invalid("an email address like name@example.org is expected", "email")
    return email


# --- users ----------------------------------------------------------------------------------


def create_user(
    conn: Connection,
    actor: Actor,
    email: str,
    password: str,
    role: Role | str = Role.contributor,
    display_name: str | None = None,
    organisation_ids: tuple[str, ...] = (),
    verified: bool = False,
) -> int:
    email = normal_email(email)
    try:
        role = Role(role)
    except ValueError:
        raise Invalid(f"role must be one of {', '.join(Role)}", "role") from None
    if display_name is not None and len(display_name) > 200:
        raise Invalid("the name may have at most 200 characters", "display_name")
    if conn.execute(select(users.c.id).where(users.c.email == email)).first() is not None:
        raise Conflict("an account with this email already exists", "email")
    at = now()
    values = {
        "email": email,
        "display_name": display_name,
        "password_hash": passwords.hash_password(password),
        "role": role.value,
        "created_at": at,
        "email_verified_at": at if verified else None,
    }
    user_id = int(conn.execute(users.insert().values(**values).returning(users.c.id)).scalar_one())
    audit.record(conn, actor, "user.create", f"user:{user_id}", None, {"id": user_id, **values})
    for organisation_id in organisation_ids:
        add_member(conn, actor, organisation_id, user_id, check=False)
    return user_id


def get_user(conn: Connection, user_id: int) -> Row[Any]:
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    if row is None:
        raise NotFoundHere(f"no account {user_id}")
    return row


def user_by_email(conn: Connection, email: str) -> Row[Any] | None:
    return conn.execute(select(users).where(users.c.email == email.strip().lower())).first()


def list_users(conn: Connection) -> list[User]:
    rows = conn.execute(select(users).order_by(users.c.id)).all()
    members = _memberships(conn)
    return [
        User(
            id=r.id,
            email=r.email,
            role=r.role,
            organisations=members.get(r.id, []),
            verified=r.email_verified_at is not None,
            disabled=r.disabled_at is not None,
            created_at=aware(r.created_at).isoformat(),
        )
        for r in rows
    ]


def _memberships(conn: Connection) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    query = select(memberships.c.user_id, memberships.c.organisation_id).order_by(
        memberships.c.organisation_id
    )
    for user_id, organisation_id in conn.execute(query):
        out.setdefault(user_id, []).append(organisation_id)
    return out


def user_organisations(conn: Connection, user_id: int) -> list[Organisation]:
    query = (
        select(organisations)
        .join(memberships, memberships.c.organisation_id == organisations.c.id)
        .where(memberships.c.user_id == user_id, organisations.c.deleted_at.is_(None))
        .order_by(organisations.c.name)
    )
    return [as_organisation(r) for r in conn.execute(query)]


UNCONFIRMED = (
    "confirm your email address first: open the link we sent to it (your account page"
    " sends a new one)"
)


def require(actor: Actor, action: Action) -> None:
    if actor.anonymous:
        raise Unauthenticated("sign in first")
    may(actor.role, action, actor.confirmed or actor.system)


def may(role: Role | str, action: Action, confirmed: bool) -> None:
    """403 when the role may not do this, or may only once its address is confirmed."""
    if not allowed(role, action):
        raise Forbidden(f"a {Role(role).value} may not {action.value}")
    if not allowed(role, action, confirmed):
        raise Forbidden(UNCONFIRMED)


def set_role(conn: Connection, actor: Actor, user_id: int, role: Role | str) -> None:
    require(actor, Action.administer)
    try:
        role = Role(role)
    except ValueError:
        raise Invalid(f"role must be one of {', '.join(Role)}", "role") from None
    before = get_user(conn, user_id)
    conn.execute(update(users).where(users.c.id == user_id).values(role=role.value))
    audit.record(
        conn,
        actor,
        "user.set_role",
        f"user:{user_id}",
        audit.snapshot(before),
        get_user_json(conn, user_id),
    )


def get_user_json(conn: Connection, user_id: int) -> dict[str, Any] | None:
    return audit.snapshot(get_user(conn, user_id))


def disable(conn: Connection, actor: Actor, user_id: int) -> None:
    """Disable an account: its sessions and tokens stop working at once."""
    require(actor, Action.administer)
    before = get_user(conn, user_id)
    conn.execute(update(users).where(users.c.id == user_id).values(disabled_at=now()))
    _revoke_everything(conn, user_id)
    audit.record(
        conn,
        actor,
        "user.disable",
        f"user:{user_id}",
        audit.snapshot(before),
        get_user_json(conn, user_id),
    )


def purge(conn: Connection, actor: Actor, user_id: int) -> None:
    """Erase a person's personal data (email, name, password) and disable the account; what
    they wrote stays, attributed to the account number. The purge itself is logged."""
    require(actor, Action.administer)
    before = get_user(conn, user_id)
    conn.execute(
        update(users)
        .where(users.c.id == user_id)
        .values(
            email=f"purged-{user_id}@invalid",
            display_name=None,
            password_hash=None,
            disabled_at=before.disabled_at or now(),
            purged_at=now(),
        )
    )
    two_step.forget(conn, user_id)
    _revoke_everything(conn, user_id)
    conn.execute(one_time_tokens.delete().where(one_time_tokens.c.user_id == user_id))
    conn.execute(sign_in_failures.delete().where(sign_in_failures.c.email == before.email))
    outbox.forget(conn, before.email)
    audit.record(
        conn,
        actor,
        "user.purge",
        f"user:{user_id}",
        audit.snapshot(before),
        get_user_json(conn, user_id),
    )


def _revoke_everything(conn: Connection, user_id: int) -> None:
    conn.execute(
        update(sessions)
        .where(sessions.c.user_id == user_id, sessions.c.revoked_at.is_(None))
        .values(revoked_at=now())
    )
    _revoke_tokens(conn, user_id)


def _revoke_tokens(conn: Connection, user_id: int) -> None:
    conn.execute(
        update(api_tokens)
        .where(api_tokens.c.user_id == user_id, api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now())
    )


# --- sign-in and sessions -------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """A server-side session: `user` is None before sign-in."""

    token: str
    csrf_token: str
    user: Row[Any] | None
    ip: str | None

    def actor(self, conn: Connection) -> Actor:
        if self.user is None:
            return Actor(None, Role.reader, ip=self.ip)
        return actor_for(conn, self.user, ip=self.ip)


def actor_for(
    conn: Connection,
    user: Row[Any],
    ip: str | None = None,
    token_id: int | None = None,
    scopes: frozenset[str] = frozenset(SCOPES),
) -> Actor:
    orgs = conn.execute(
        select(memberships.c.organisation_id).where(memberships.c.user_id == user.id)
    ).scalars()
    return Actor(
        user.id,
        Role(user.role),
        ip=ip,
        token_id=token_id,
        organisations=frozenset(orgs),
        email=user.email,
        scopes=scopes,
        confirmed=user.email_verified_at is not None,
    )


def new_session(
    conn: Connection, user_id: int | None, ip: str | None, user_agent: str | None
) -> Session:
    token, csrf, at = new_secret(), new_secret(), now()
    lifetime = SESSION_LIFETIME if user_id is not None else ANONYMOUS_LIFETIME
    conn.execute(
        sessions.insert().values(
            id_hash=digest(token),
            user_id=user_id,
            csrf_token=csrf,
            created_at=at,
            last_seen_at=at,
            expires_at=at + lifetime,
            ip=ip,
            user_agent=(user_agent or "")[:300],
        )
    )
    user = get_user(conn, user_id) if user_id is not None else None
    return Session(token, csrf, user, ip)


def load_session(engine: Engine, token: str | None, ip: str | None) -> Session | None:
    """The live session behind a cookie's value, or None (unknown, revoked, expired, idle, or
    its account disabled)."""
    if not token or len(token) > 100:
        return None
    with engine.connect() as conn:
        row = conn.execute(select(sessions).where(sessions.c.id_hash == digest(token))).first()
        if row is None or row.revoked_at is not None:
            return None
        at = now()
        if aware(row.expires_at) <= at or aware(row.last_seen_at) + SESSION_IDLE <= at:
            return None
        user = None
        if row.user_id is not None:
            user = get_user(conn, row.user_id)
            if user.disabled_at is not None:
                return None
    if at - aware(row.last_seen_at) > TOUCH_EVERY:
        with writing(engine) as conn:
            conn.execute(
                update(sessions).where(sessions.c.id_hash == row.id_hash).values(last_seen_at=at)
            )
    return Session(token, row.csrf_token, user, ip)


def _failures(conn: Connection, column: Any, value: str) -> tuple[int, datetime | None]:
    since = now() - FAILURE_WINDOW
    count, oldest = conn.execute(
        select(func.count(), func.min(sign_in_failures.c.at)).where(
            column == value, sign_in_failures.c.at > since
        )
    ).one()
    return int(count), oldest


def _check_limits(conn: Connection, email: str, ip: str) -> None:
    for column, value, limit, what in (
        (sign_in_failures.c.email, email, MAX_FAILURES_PER_ACCOUNT, "this account"),
        (sign_in_failures.c.ip, ip, MAX_FAILURES_PER_IP, "your address"),
    ):
        count, oldest = _failures(conn, column, value)
        if count >= limit and oldest is not None:
            wait = aware(oldest) + FAILURE_WINDOW - now()
            minutes = max(1, int(wait.total_seconds() // 60) + 1)
            raise TooManyAttempts(
                f"too many failed sign-ins for {what}: try again in {minutes} minute"
                f"{'s' if minutes > 1 else ''}, or reset your password",
                retry_after=int(wait.total_seconds()) + 1,
            )


def authenticate(engine: Engine, email: str, password: str, ip: str) -> Row[Any]:
    """The account with this email and password, counting failures per account and per
    address (in the workspace, so the limit holds across workers)."""
    email = email.strip().lower()[:254]
    with engine.connect() as conn:
        _check_limits(conn, email, ip)
        user = user_by_email(conn, email)
    stored = user.password_hash if user is not None else None
    if not passwords.verify(stored, password) or user is None:
        with writing(engine) as conn:
            conn.execute(sign_in_failures.insert().values(email=email, ip=ip, at=now()))
        raise Unauthenticated(WRONG)
    if user.disabled_at is not None:
        raise Forbidden("this account is disabled")
    if passwords.needs_rehash(user.password_hash):
        with writing(engine) as conn:
            conn.execute(
                update(users)
                .where(users.c.id == user.id)
                .values(password_hash=passwords.HASHER.hash(password))
            )
    return user


def second_step(engine: Engine, user: Row[Any], code: str | None, ip: str) -> None:
    """After the password, the code of an account with two-step sign-in; a wrong code
    counts as a failed sign-in, so codes cannot be guessed faster than passwords."""
    with writing(engine) as conn:
        accepted = two_step.accept(conn, user, code)
    if accepted:
        return
    with writing(engine) as conn:
        conn.execute(sign_in_failures.insert().values(email=user.email, ip=ip, at=now()))
    raise Unauthenticated(two_step.WRONG if code else two_step.ASK)


def _own_password(
    engine: Engine, user_id: int, password: str, ip: str, wrong: str, field: str
) -> Row[Any]:
    """A signed-in person's password checked again before a change that weakens or moves
    the account, counted as a sign-in so that it cannot be guessed here either."""
    with engine.connect() as conn:
        email = get_user(conn, user_id).email
    try:
        return authenticate(engine, email, password, ip)
    except Unauthenticated:
        raise Invalid(wrong, field) from None


def signed_in_user(
    engine: Engine, email: str, password: str, code: str | None, ip: str
) -> Row[Any]:
    """The account behind a sign-in: the password, then the code if it has two-step
    sign-in; the pages' sign-in and the API's token exchange both ask this."""
    user = authenticate(engine, email, password, ip)
    second_step(engine, user, code, ip)
    return user


def turn_off_two_step(engine: Engine, user_id: int, password: str, code: str, ip: str) -> None:
    """The owner turns two-step sign-in off with the password and a current code, so a
    session left open is not enough to weaken the account."""
    user = _own_password(engine, user_id, password, ip, "the password is wrong", "password")
    if not two_step.is_on(user):
        raise Conflict("two-step sign-in is not on for this account")
    try:
        second_step(engine, user, code, ip)
    except Unauthenticated as exc:
        raise Invalid(str(exc), "code") from None
    with writing(engine) as conn:
        two_step.turn_off(conn, actor_for(conn, user, ip=ip), user_id, "by the account's owner")
        _tell_two_step_off(conn, user.email)


def clear_two_step(conn: Connection, actor: Actor, user_id: int, reason: str) -> None:
    """An admin turns two-step sign-in off for someone who lost both the app and the
    recovery codes, after checking who they are; the owner is told."""
    require(actor, Action.administer)
    user = get_user(conn, user_id)
    if not two_step.is_on(user):
        raise Conflict(f"two-step sign-in is not on for account {user_id}")
    two_step.turn_off(conn, actor, user_id, reason_given(reason))
    _tell_two_step_off(conn, user.email)


def _tell_two_step_off(conn: Connection, email: str) -> None:
    outbox.queue(
        conn,
        email,
        "Two-step sign-in is off for your Common Ground account",
        "Two-step sign-in was just turned off for this account: the password alone signs"
        " in again. If it was not you, reset the password at once and tell the site's"
        " administrators.",
    )


def sign_in(
    engine: Engine,
    email: str,
    password: str,
    ip: str,
    user_agent: str | None,
    previous: str | None,
    code: str | None = None,
) -> Session:
    """Check the password (and the code, if the account has two-step sign-in), then end the
    session used before sign-in and start a new one (a session id known before sign-in is
    worth nothing after it)."""
    user = signed_in_user(engine, email, password, code, ip)
    with writing(engine) as conn:
        if previous:
            conn.execute(
                update(sessions)
                .where(sessions.c.id_hash == digest(previous))
                .values(revoked_at=now())
            )
        conn.execute(sign_in_failures.delete().where(sign_in_failures.c.email == user.email))
        session = new_session(conn, user.id, ip, user_agent)
        audit.record(conn, actor_for(conn, user, ip=ip), "session.sign_in", f"user:{user.id}")
    return session


def sign_out(conn: Connection, session: Session) -> None:
    conn.execute(
        update(sessions).where(sessions.c.id_hash == digest(session.token)).values(revoked_at=now())
    )
    if session.user is not None:
        audit.record(conn, session.actor(conn), "session.sign_out", f"user:{session.user.id}")


# --- API tokens -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MadeToken:
    """A token just made: `secret` is shown to its owner this once and never stored."""

    id: int
    secret: str
    expires_at: datetime


def create_token(
    conn: Connection,
    actor: Actor,
    name: str,
    scopes: tuple[str, ...] = SCOPES,
    days: int = TOKEN_DAYS,
) -> MadeToken:
    """A new API token for the actor's own account; the secret is returned once, never
    stored. Every token expires (`days` after it is made, at most a year), so a secret
    left in an old script or a leaked log stops working on its own."""
    if actor.user_id is None:
        raise Unauthenticated("sign in first")
    name = name.strip() or "token"
    if len(name) > 100:
        raise Invalid("a token's name may have at most 100 characters", "name")
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise Invalid(f"a token lives 1 to {TOKEN_MAX_DAYS} days, not {days}", "expires_in_days")
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown or not scopes:
        raise Invalid("scopes are read, or read and write", "scopes")
    scope_text = " ".join(s for s in SCOPES if s in scopes or s == "read")
    secret, at = "cg_" + new_secret(), now()
    expires_at = at + timedelta(days=days)
    values = {
        "user_id": actor.user_id,
        "token_hash": digest(secret),
        "name": name,
        "scopes": scope_text,
        "created_at": at,
        "expires_at": expires_at,
    }
    token_id = int(
        conn.execute(api_tokens.insert().values(**values).returning(api_tokens.c.id)).scalar_one()
    )
    audit.record(conn, actor, "token.create", f"token:{token_id}", None, {"id": token_id, **values})
    return MadeToken(token_id, secret, expires_at)


def token_actor(engine: Engine, secret: str, ip: str | None) -> Actor | None:
    """The account behind a bearer token, or None (unknown, revoked, expired, account
    disabled)."""
    if not secret or len(secret) > 100:
        return None
    with engine.connect() as conn:
        row = conn.execute(
            select(api_tokens).where(api_tokens.c.token_hash == digest(secret))
        ).first()
        if row is None or row.revoked_at is not None or _expired(row):
            return None
        user = get_user(conn, row.user_id)
        if user.disabled_at is not None:
            return None
        actor = actor_for(conn, user, ip=ip, token_id=row.id, scopes=frozenset(row.scopes.split()))
    at = now()
    if row.last_used_at is None or at - aware(row.last_used_at) > timedelta(seconds=10):
        with writing(engine) as conn:
            conn.execute(
                update(api_tokens).where(api_tokens.c.id == row.id).values(last_used_at=at)
            )
    return actor


def _expired(token: Row[Any]) -> bool:
    return token.expires_at is not None and aware(token.expires_at) <= now()


def list_tokens(conn: Connection, user_id: int) -> list[ApiToken]:
    query = select(api_tokens).where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.id)
    return [
        ApiToken(
            id=r.id,
            name=r.name,
            scopes=r.scopes.split(),
            created_at=aware(r.created_at).isoformat(),
            last_used_at=aware(r.last_used_at).isoformat() if r.last_used_at else None,
            expires_at=aware(r.expires_at).isoformat() if r.expires_at else None,
            expired=_expired(r),
            revoked=r.revoked_at is not None,
        )
        for r in conn.execute(query)
    ]


def revoke_token(conn: Connection, actor: Actor, token_id: int) -> None:
    row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
    if row is None or (row.user_id != actor.user_id and not allowed(actor.role, Action.administer)):
        raise NotFoundHere(f"no token {token_id} on this account")
    if row.revoked_at is not None:
        return
    conn.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(revoked_at=now()))
    after = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
    audit.record(
        conn, actor, "token.revoke", f"token:{token_id}", audit.snapshot(row), audit.snapshot(after)
    )


# --- password reset and email verification --------------------------------------------------


def _one_time(conn: Connection, user_id: int, purpose: str, lifetime: timedelta) -> str:
    secret, at = new_secret(), now()
    conn.execute(
        one_time_tokens.insert().values(
            token_hash=digest(secret),
            user_id=user_id,
            purpose=purpose,
            created_at=at,
            expires_at=at + lifetime,
        )
    )
    return secret


def _use_one_time(conn: Connection, secret: str, purpose: str) -> int:
    row = conn.execute(
        select(one_time_tokens).where(
            one_time_tokens.c.token_hash == digest(secret or ""),
            one_time_tokens.c.purpose == purpose,
        )
    ).first()
    if row is None or row.used_at is not None or aware(row.expires_at) <= now():
        raise Invalid("this link is not valid any more: ask for a new one", "token")
    conn.execute(
        update(one_time_tokens)
        .where(one_time_tokens.c.token_hash == row.token_hash)
        .values(used_at=now())
    )
    return int(row.user_id)


def _sent_lately(conn: Connection, user_id: int, purpose: str) -> datetime | None:
    """When the last link of this purpose went out, if within RESEND_EVERY: so that no one
    can fill a person's inbox by asking again and again."""
    last = conn.execute(
        select(func.max(one_time_tokens.c.created_at)).where(
            one_time_tokens.c.user_id == user_id, one_time_tokens.c.purpose == purpose
        )
    ).scalar()
    if last is not None and aware(last) + RESEND_EVERY > now():
        return aware(last)
    return None


def request_reset(conn: Connection, email: str, base_url: str, ip: str | None = None) -> None:
    """Queue a reset link if the account exists and none went out in the last minutes; the
    answer is the same either way."""
    user = user_by_email(conn, email)
    if user is None or user.disabled_at is not None or _sent_lately(conn, user.id, "reset"):
        return
    secret = _one_time(conn, user.id, "reset", RESET_LIFETIME)
    outbox.queue(
        conn,
        user.email,
        "Reset your Common Ground password",
        "Someone asked to reset the password of this account. To choose a new password,"
        f" open this link within an hour:\n\n{base_url}/reset/confirm?token={secret}\n\n"
        "If it was not you, ignore this message: the password stays as it is.",
    )
    audit.record(
        conn, Actor(user.id, Role(user.role), ip=ip), "user.reset_requested", f"user:{user.id}"
    )


def reset_password(conn: Connection, secret: str, password: str, ip: str | None = None) -> int:
    """Set a new password from a reset link; every session and API token of the account
    ends, since whoever knew the old password may have made them."""
    passwords.check_new(password)
    user_id = _use_one_time(conn, secret, "reset")
    conn.execute(
        update(users)
        .where(users.c.id == user_id)
        .values(password_hash=passwords.hash_password(password))
    )
    _revoke_everything(conn, user_id)
    user = get_user(conn, user_id)
    audit.record(
        conn, Actor(user_id, Role(user.role), ip=ip), "user.reset_password", f"user:{user_id}"
    )
    return user_id


def change_password(
    engine: Engine, user_id: int, current: str, new: str, ip: str, keep: str | None
) -> None:
    """Change a signed-in person's password, given the current one (counted as a sign-in,
    so it cannot be guessed through this form either). Every other session of the account
    ends (ASVS 3.3.3) and so does every API token, which whoever knew the old password
    could have made; the session `keep` (the one in use) goes on. The account's address is
    told, so that a change its owner did not make does not go unnoticed."""
    passwords.check_new(new)
    _own_password(engine, user_id, current, ip, "the current password is wrong", "current_password")
    with writing(engine) as conn:
        user = get_user(conn, user_id)
        conn.execute(
            update(users)
            .where(users.c.id == user_id)
            .values(password_hash=passwords.hash_password(new))
        )
        others = update(sessions).where(
            sessions.c.user_id == user_id, sessions.c.revoked_at.is_(None)
        )
        if keep:
            others = others.where(sessions.c.id_hash != digest(keep))
        conn.execute(others.values(revoked_at=now()))
        _revoke_tokens(conn, user_id)
        outbox.queue(
            conn,
            user.email,
            "Your Common Ground password was changed",
            "The password of this account was just changed; every other session of it has"
            " ended and its API tokens are revoked (make new ones on your account page). If it"
            " was not you, reset the password at once from the sign-in page and tell the"
            " site's administrators.",
        )
        audit.record(conn, actor_for(conn, user, ip=ip), "user.change_password", f"user:{user_id}")


def request_verification(conn: Connection, user_id: int, base_url: str) -> None:
    """Queue a link that confirms the account's address; until it is opened the account may
    only read and manage itself (`permissions.UNCONFIRMED`)."""
    user = get_user(conn, user_id)
    if user.email_verified_at is not None:
        raise Conflict("this address is already confirmed")
    sent = _sent_lately(conn, user_id, "verify")
    if sent is not None:
        wait = int((sent + RESEND_EVERY - now()).total_seconds()) + 1
        raise TooManyAttempts(
            f"a link went to {user.email} a moment ago: look for it, or ask again in"
            f" {wait} seconds",
            retry_after=wait,
        )
    secret = _one_time(conn, user_id, "verify", VERIFY_LIFETIME)
    outbox.queue(
        conn,
        user.email,
        "Confirm your email address for Common Ground",
        f"Open this link to confirm this address:\n\n{base_url}/verify?token={secret}\n",
    )


def verify_email(conn: Connection, secret: str, ip: str | None = None) -> int:
    user_id = _use_one_time(conn, secret, "verify")
    before = get_user(conn, user_id)
    conn.execute(update(users).where(users.c.id == user_id).values(email_verified_at=now()))
    audit.record(
        conn,
        Actor(user_id, Role(before.role), ip=ip),
        "user.verify_email",
        f"user:{user_id}",
        audit.snapshot(before),
        get_user_json(conn, user_id),
    )
    return user_id


# --- organisations --------------------------------------------------------------------------


def as_organisation(row: Row[Any]) -> Organisation:
    """The record of an organisations row."""
    return Organisation(
        id=row.id,
        name=row.name,
        kind=row.kind,
        actor_id=row.actor_id,
        linked=row.actor_id is not None,
    )


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:64].strip("-")
    return slug or "organisation"


def create_organisation(
    conn: Connection,
    actor: Actor,
    name: str,
    kind: str = "other",
    actor_id: str | None = None,
    organisation_id: str | None = None,
    join: bool = True,
) -> str:
    """A new organisation. Anyone who may write may propose one (and joins it); only a
    moderator links it to an actor of the map."""
    require(actor, Action.propose_organisation)
    name = name.strip()
    if not name or len(name) > 300:
        raise Invalid("an organisation's name has 1 to 300 characters", "name")
    if kind not in ORGANISATION_KINDS:
        raise Invalid(f"kind must be one of {', '.join(ORGANISATION_KINDS)}", "kind")
    if actor_id is not None:
        require(actor, Action.manage_organisations)
        _check_actor_id(actor_id)
    base = organisation_id or slugify(name)
    if not SLUG.match(base):
        raise Invalid("an organisation id is lower-case letters, digits and dashes", "id")
    oid, n = base, 1
    while conn.execute(select(organisations.c.id).where(organisations.c.id == oid)).first():
        if organisation_id is not None:
            raise Conflict(f"an organisation {oid!r} already exists", "id")
        n += 1
        oid = f"{base[:60]}-{n}"
    values = {
        "id": oid,
        "name": name,
        "kind": kind,
        "actor_id": actor_id,
        "created_by": actor.user_id,
        "created_at": now(),
    }
    conn.execute(organisations.insert().values(**values))
    audit.record(conn, actor, "organisation.create", f"organisation:{oid}", None, values)
    if join and actor.user_id is not None:
        add_member(conn, actor, oid, actor.user_id, check=False)
    return oid


def _check_actor_id(actor_id: str) -> None:
    if not SLUG.match(actor_id):
        raise Invalid("an actor id of the map is expected, like iom or gfmd", "actor_id")


def get_organisation(conn: Connection, organisation_id: str) -> Row[Any]:
    row = conn.execute(select(organisations).where(organisations.c.id == organisation_id)).first()
    if row is None or row.deleted_at is not None:
        raise NotFoundHere(f"no organisation {organisation_id!r}")
    return row


def list_organisations(conn: Connection) -> list[Organisation]:
    query = (
        select(organisations)
        .where(organisations.c.deleted_at.is_(None))
        .order_by(organisations.c.name)
    )
    return [as_organisation(r) for r in conn.execute(query)]


def link_organisation(conn: Connection, actor: Actor, organisation_id: str, actor_id: str) -> None:
    require(actor, Action.manage_organisations)
    _check_actor_id(actor_id)
    before = get_organisation(conn, organisation_id)
    conn.execute(
        update(organisations).where(organisations.c.id == organisation_id).values(actor_id=actor_id)
    )
    audit.record(
        conn,
        actor,
        "organisation.link",
        f"organisation:{organisation_id}",
        audit.snapshot(before),
        audit.snapshot(get_organisation(conn, organisation_id)),
    )


def add_member(
    conn: Connection, actor: Actor, organisation_id: str, user_id: int, check: bool = True
) -> None:
    if check:
        require(actor, Action.manage_organisations)
    get_organisation(conn, organisation_id)
    get_user(conn, user_id)
    exists = conn.execute(
        select(memberships).where(
            memberships.c.user_id == user_id, memberships.c.organisation_id == organisation_id
        )
    ).first()
    if exists is not None:
        return
    values = {"user_id": user_id, "organisation_id": organisation_id, "created_at": now()}
    conn.execute(memberships.insert().values(**values))
    audit.record(conn, actor, "membership.add", f"organisation:{organisation_id}", None, values)


def remove_member(conn: Connection, actor: Actor, organisation_id: str, user_id: int) -> None:
    require(actor, Action.manage_organisations)
    row = conn.execute(
        select(memberships).where(
            memberships.c.user_id == user_id, memberships.c.organisation_id == organisation_id
        )
    ).first()
    if row is None:
        raise NotFoundHere(f"account {user_id} is not a member of {organisation_id!r}")
    conn.execute(
        memberships.delete().where(
            memberships.c.user_id == user_id, memberships.c.organisation_id == organisation_id
        )
    )
    audit.record(
        conn, actor, "membership.remove", f"organisation:{organisation_id}", audit.snapshot(row)
    )


def delete_organisation(conn: Connection, actor: Actor, organisation_id: str, reason: str) -> None:
    require(actor, Action.delete)
    reason = reason_given(reason)
    before = get_organisation(conn, organisation_id)
    conn.execute(
        update(organisations)
        .where(organisations.c.id == organisation_id)
        .values(deleted_at=now(), delete_reason=reason)
    )
    after = conn.execute(select(organisations).where(organisations.c.id == organisation_id)).first()
    audit.record(
        conn,
        actor,
        "organisation.delete",
        f"organisation:{organisation_id}",
        audit.snapshot(before),
        audit.snapshot(after),
    )


def reason_given(reason: str) -> str:
    reason = reason.strip()
    if not reason or len(reason) > 2000:
        raise Invalid("say why, in 1 to 2,000 characters", "reason")
    return reason
