"""Two-step sign-in: a time-based code (RFC 6238) from an authenticator app, or a
single-use recovery code, on top of the password (ASVS 2.8).

The secret has to be read back to check a code, so unlike a password it is stored as it is;
whoever can read the workspace database can read it, and backups carry it. A code is
accepted once: the time step it belongs to is kept, and a code of that step or an earlier
one is refused, so a code seen over a shoulder cannot be replayed within its 30 seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

import pyotp
import segno
from sqlalchemy import Connection, Row, func, select, update

from commonground.workspace import audit
from commonground.workspace.audit import Actor, now
from commonground.workspace.errors import Conflict, Invalid
from commonground.workspace.tables import recovery_codes, users

ISSUER = "Common Ground"
RECOVERY_CODES = 10
DRIFT_STEPS = 1  # a code from the step before or after is still good (clocks drift)
ASK = (
    "this account uses two-step sign-in: enter the 6-digit code from your authenticator"
    " app, or one of your recovery codes"
)
WRONG = "the code is wrong or was used already: enter the current code from your app"


@dataclass(frozen=True)
class Enrolment:
    """What the owner copies into an authenticator app: the secret, as text, link and QR."""

    secret: str
    uri: str
    qr_svg: str


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _normal(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()[:32]


def is_on(user: Row[Any]) -> bool:
    return user.totp_secret is not None


def start(conn: Connection, user: Row[Any]) -> Enrolment:
    """A new secret waiting for its first code; nothing changes at sign-in until that code
    is confirmed, so a half-finished setup cannot lock anyone out."""
    if is_on(user):
        raise Conflict("two-step sign-in is already on for this account")
    secret = pyotp.random_base32()
    conn.execute(update(users).where(users.c.id == user.id).values(totp_pending=secret))
    return enrolment(secret, user.email)


def enrolment(secret: str, email: str) -> Enrolment:
    uri = pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)
    qr = segno.make(uri, error="m").svg_inline(scale=4, title="Scan with an authenticator app")
    return Enrolment(secret, uri, qr)


def confirm(conn: Connection, actor: Actor, user: Row[Any], code: str) -> list[str]:
    """Turn two-step sign-in on once the app shows a right code; returns the recovery
    codes, shown this once and stored only as hashes."""
    if user.totp_pending is None:
        raise Conflict("start setting up two-step sign-in first")
    step = _matching_step(user.totp_pending, code, after=-1)
    if step is None:
        raise Invalid(WRONG, "code")
    conn.execute(
        update(users)
        .where(users.c.id == user.id)
        .values(
            totp_secret=user.totp_pending,
            totp_pending=None,
            totp_enabled_at=now(),
            totp_last_step=step,
        )
    )
    codes = _new_recovery_codes(conn, user.id)
    audit.record(conn, actor, "user.two_step_on", f"user:{user.id}")
    return codes


def _new_recovery_codes(conn: Connection, user_id: int) -> list[str]:
    conn.execute(recovery_codes.delete().where(recovery_codes.c.user_id == user_id))
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODES)]
    conn.execute(
        recovery_codes.insert(),
        [
            {"user_id": user_id, "code_hash": _digest(_normal(c)), "created_at": now()}
            for c in codes
        ],
    )
    return codes


def turn_off(conn: Connection, actor: Actor, user_id: int, reason: str) -> None:
    """Two-step sign-in off: by its owner (who gave password and code) or by an admin for
    someone who lost both app and recovery codes; `reason` goes to the log."""
    forget(conn, user_id)
    audit.record(conn, actor, "user.two_step_off", f"user:{user_id}", None, {"reason": reason})


def forget(conn: Connection, user_id: int) -> None:
    conn.execute(
        update(users)
        .where(users.c.id == user_id)
        .values(totp_secret=None, totp_pending=None, totp_enabled_at=None, totp_last_step=None)
    )
    conn.execute(recovery_codes.delete().where(recovery_codes.c.user_id == user_id))


def accept(conn: Connection, user: Row[Any], code: str | None) -> bool:
    """True if the account needs no second step or `code` is a current app code not used
    before, or an unused recovery code (which is then spent)."""
    if not is_on(user):
        return True
    if not code:
        return False
    step = _matching_step(user.totp_secret, code, after=user.totp_last_step or -1)
    if step is not None:
        conn.execute(update(users).where(users.c.id == user.id).values(totp_last_step=step))
        return True
    spent = conn.execute(
        update(recovery_codes)
        .where(
            recovery_codes.c.user_id == user.id,
            recovery_codes.c.code_hash == _digest(_normal(code)),
            recovery_codes.c.used_at.is_(None),
        )
        .values(used_at=now())
    )
    return spent.rowcount == 1


def recovery_codes_left(conn: Connection, user_id: int) -> int:
    return int(
        conn.execute(
            select(func.count()).where(
                recovery_codes.c.user_id == user_id, recovery_codes.c.used_at.is_(None)
            )
        ).scalar_one()
    )


def _matching_step(secret: str, code: str, after: int) -> int | None:
    """The time step (of now, give or take DRIFT_STEPS) whose code `code` is, if it comes
    after `after`."""
    code = _normal(code)
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now())
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if step > after and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None
