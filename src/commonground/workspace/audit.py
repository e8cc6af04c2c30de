"""The audit log: every write records who, when, from where, with which token, what, and the
record before and after, in the same transaction as the write.

The app only ever inserts here; the database refuses UPDATE and DELETE (see
`audit_guard.py`). Snapshots leave out secrets and personal data (password hashes, emails,
names), so that purging a person never needs to rewrite the log: rows name people by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, overload

from pydantic import BaseModel
from sqlalchemy import Connection, Row, func, select

from commonground.workspace.errors import TooManyAttempts
from commonground.workspace.permissions import Role
from commonground.workspace.tables import audit_log

SECRET_FIELDS = frozenset(
    {
        "password_hash",
        "email",
        "display_name",
        "token_hash",
        "id_hash",
        "csrf_token",
        "totp_secret",
        "totp_pending",
        "code_hash",
    }
)


Snapshot = dict[str, Any]
"""A row as the log keeps it: JSON-ready, without secrets or personal data."""


def now() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """SQLite gives back naive datetimes: every time in the workspace is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Actor:
    """Who is writing: an account (or the command line), from where, with which token."""

    user_id: int | None
    role: Role
    ip: str | None = None
    token_id: int | None = None
    organisations: frozenset[str] = field(default_factory=frozenset)
    email: str | None = None
    scopes: frozenset[str] = frozenset({"read", "write"})
    system: bool = False  # the command line, run by whoever runs the server
    confirmed: bool = False  # the account's email address is confirmed (see permissions.py)

    @property
    def anonymous(self) -> bool:
        return self.user_id is None and not self.system


ANONYMOUS = Actor(None, Role.reader)
COMMAND_LINE = Actor(None, Role.admin, ip="command line", system=True)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(exclude_unset=True))
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in SECRET_FIELDS}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


@overload
def snapshot(row: Row[Any] | Snapshot) -> Snapshot: ...
@overload
def snapshot(row: None) -> None: ...
def snapshot(row: Row[Any] | Snapshot | None) -> Snapshot | None:
    """A row as JSON for the log, without secrets or personal data."""
    if row is None:
        return None
    mapping = dict(row._mapping) if isinstance(row, Row) else dict(row)
    result: Snapshot = _plain(mapping)
    return result


def record(
    conn: Connection,
    actor: Actor,
    action: str,
    target: str,
    before: Any = None,
    after: Any = None,
) -> None:
    """Append one entry; call it inside the write's own transaction."""
    conn.execute(
        audit_log.insert().values(
            at=now(),
            user_id=actor.user_id,
            ip=actor.ip,
            token_id=actor.token_id,
            action=action,
            record=target,
            before=_plain(before),
            after=_plain(after),
        )
    )


def check_write_rate(conn: Connection, actor: Actor, per_hour: int) -> None:
    """Refuse a write (429) from an account that made `per_hour` writes in the last hour.

    The writes are counted in the audit log, so the limit holds across server processes and
    counts what was written, not what was refused. Reads the newest `per_hour` rows of the
    account through its index, whatever the length of its history."""
    if actor.system or actor.user_id is None:
        return
    latest = (
        select(audit_log.c.at)
        .where(audit_log.c.user_id == actor.user_id)
        .order_by(audit_log.c.id.desc())
        .limit(per_hour)
        .subquery()
    )
    since = now() - timedelta(hours=1)
    count, oldest = conn.execute(
        select(func.count(), func.min(latest.c.at)).where(latest.c.at > since)
    ).one()
    if int(count) >= per_hour and oldest is not None:
        wait = max(1, int((aware(oldest) + timedelta(hours=1) - now()).total_seconds()) + 1)
        raise TooManyAttempts(
            f"this account has made {per_hour} changes in the last hour, the most an hour"
            f" allows: try again in {max(1, wait // 60)} minutes",
            retry_after=wait,
        )


def entries(
    conn: Connection, target: str | None = None, user_id: int | None = None, limit: int = 500
) -> list[dict[str, Any]]:
    """The log of one record (`KIND:ID`) or of one person, oldest first."""
    query = select(audit_log).order_by(audit_log.c.id).limit(limit)
    if target is not None:
        query = query.where(audit_log.c.record == target)
    if user_id is not None:
        query = query.where(audit_log.c.user_id == user_id)
    return [_plain({**r._mapping, "at": aware(r.at)}) for r in conn.execute(query)]
