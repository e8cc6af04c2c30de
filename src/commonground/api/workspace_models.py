"""What the workspace routes answer (accounts, organisations, reviewed records, review, the
audit log), as pydantic models, so that `/openapi.json` says what comes back.

The workspace hands out its organisations, accounts, tokens, reviews, queues and reviewed
records with their versions as models (workspace/answers.py) that the answers hold as they
are. FastAPI checks every answer against them. One model per thing that appears in
several answers: an organisation, an account, a record and its versions, a review, an
audit entry. A version's `data` is the record kind's own model (`GET /api/kinds` gives each
kind's JSON Schema), so here it is an object of fields.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from commonground.workspace.answers import (
    ApiToken,
    Assignment,
    Change,
    Organisation,
    PublishedRecord,
    Queued,
    Review,
    ReviewedRecord,
    State,
    Timestamp,
    User,
    Version,
)
from commonground.workspace.permissions import Role

__all__ = [
    "ApiToken",
    "Assignment",
    "Change",
    "Organisation",
    "PublishedRecord",
    "Queued",
    "Review",
    "ReviewedRecord",
    "State",
    "Timestamp",
    "User",
    "Version",
]


class Shape(BaseModel):
    """An answer that holds exactly the fields it names."""

    model_config = ConfigDict(extra="forbid")


class Ok(Shape):
    """A write that went through: nothing more to say."""

    ok: bool = True


class Message(Ok):
    message: str


# --- accounts and tokens --------------------------------------------------------------------


class NewToken(Ok):
    token: str = Field(description="The secret: shown this once, stored only as its hash")
    id: int
    scopes: list[str]
    expires_at: Timestamp = Field(description="From then on the token is refused")


class CallerToken(Shape):
    id: int | None
    scopes: list[str]


class Me(Ok):
    id: int
    email: str
    display_name: str | None
    role: Role
    email_verified: bool
    organisations: list[Organisation]
    token: CallerToken = Field(description="The token this request was sent with")


class Tokens(Ok):
    tokens: list[ApiToken]


class Revoked(Ok):
    revoked: int = Field(description="The id of the token revoked")


class Organisations(Ok):
    organisations: list[Organisation]


class OneOrganisation(Ok):
    organisation: Organisation


class Users(Ok):
    users: list[User]


# --- reviewed records -----------------------------------------------------------------------


class KindInfo(Shape):
    name: str
    label: str
    json_schema: dict[str, Any] = Field(
        alias="schema", description="The JSON Schema of a version's data"
    )
    markdown: list[str] = Field(description="Fields written in Markdown (rendered in `html`)")


class Kinds(Ok):
    kinds: list[KindInfo]


class OneRecord(Ok):
    record: ReviewedRecord


class Edited(OneRecord):
    version: int = Field(description="The version written: the draft, or a new one")


class PublishedRecords(Ok):
    records: list[PublishedRecord]


class Diff(Ok):
    changes: list[Change]


class Decided(Ok):
    state: State = Field(description="The version's state after this review")


class Queue(Ok):
    queue: list[Queued]


class Assignments(Ok):
    assignments: list[Assignment]


# --- the audit log --------------------------------------------------------------------------


class AuditEntry(Shape):
    """One write: who, when, from where, with which token, what, and the record before and
    after (without secrets or personal data)."""

    id: int
    at: Timestamp
    user_id: int | None = Field(description="null for the command line")
    ip: str | None
    token_id: int | None
    action: str
    record: str = Field(description="KIND:ID")
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditLog(Ok):
    entries: list[AuditEntry]
