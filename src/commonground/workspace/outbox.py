"""Mail the workspace sends (password reset, email verification), queued in the `outbox`
table in the same transaction as what caused it.

Without `COMMONGROUND_SMTP_URL` nothing leaves the machine: `commonground outbox` lists what
would be sent. With it (`smtp://user:password@host:587`, STARTTLS; `smtps://` for TLS from
the start), `commonground outbox --send` delivers what is queued with smtplib.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import Connection, Engine, select, update

from commonground.workspace.audit import aware, now
from commonground.workspace.store import writing
from commonground.workspace.tables import outbox


def queue(conn: Connection, to: str, subject: str, body: str) -> None:
    conn.execute(
        outbox.insert().values(to_address=to, subject=subject, body=body, created_at=now())
    )


def forget(conn: Connection, address: str) -> None:
    """A purged person's queued mail goes with them."""
    conn.execute(outbox.delete().where(outbox.c.to_address == address))


@dataclass(frozen=True)
class Mail:
    """A message in the outbox: to whom, what it says, when it was queued and sent (None: not
    yet), and the error of the last try to send it."""

    id: int
    to: str
    subject: str
    body: str
    created_at: datetime
    sent_at: datetime | None
    error: str | None


def messages(conn: Connection, unsent_only: bool = False) -> list[Mail]:
    """The outbox in the order the mail was queued (only what is still to send, if asked)."""
    query = select(outbox).order_by(outbox.c.id)
    if unsent_only:
        query = query.where(outbox.c.sent_at.is_(None))
    return [
        Mail(
            id=r.id,
            to=r.to_address,
            subject=r.subject,
            body=r.body,
            created_at=aware(r.created_at),
            sent_at=aware(r.sent_at) if r.sent_at else None,
            error=r.error,
        )
        for r in conn.execute(query)
    ]


def send_pending(engine: Engine, smtp_url: str, sender: str) -> tuple[int, int]:
    """Send every unsent message; returns (sent, failed). A failure is kept with its error
    and tried again next time."""
    with engine.connect() as conn:
        pending = messages(conn, unsent_only=True)
    if not pending:
        return 0, 0
    parts = urlsplit(smtp_url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError("COMMONGROUND_SMTP_URL must start with smtp:// or smtps://")
    host, port = parts.hostname or "localhost", parts.port
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if parts.scheme == "smtps":
        client = smtplib.SMTP_SSL(host, port or 465, context=context, timeout=30)
    else:
        client = smtplib.SMTP(host, port or 587, timeout=30)
    sent = failed = 0
    with client:
        if parts.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls(context=context)
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        for m in pending:
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = sender, m.to, m.subject
            message.set_content(m.body)
            try:
                client.send_message(message)
            except smtplib.SMTPException as exc:
                failed += 1
                values: dict[str, Any] = {"error": f"{type(exc).__name__}: {exc}"}
            else:
                sent += 1
                values = {"sent_at": now(), "error": None}
            with writing(engine) as conn:
                conn.execute(update(outbox).where(outbox.c.id == m.id).values(**values))
    return sent, failed
