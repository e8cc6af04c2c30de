"""What the workspace's functions hand to the layers above: organisations, accounts, API
tokens, reviews, the records on a reviewer's or a moderator's desk, and a reviewed record with
its versions as a viewer may see it.

Frozen pydantic models read by attribute, so that the API, the pages and the CLI read the
same fields by name; the API answers with them as they are (api/workspace_models.py).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from commonground.workspace.permissions import Role

Timestamp = Annotated[
    str, Field(description="UTC, ISO 8601", json_schema_extra={"format": "date-time"})
]
State = Annotated[
    str,
    Field(
        description="draft, submitted, in_review, published, returned or rejected",
        json_schema_extra={
            "enum": ["draft", "submitted", "in_review", "published", "returned", "rejected"]
        },
    ),
]


class Held(BaseModel):
    """A record that holds exactly the fields it names, and cannot be changed once made."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Organisation(Held):
    """An organisation people write for, and the actor of the map it is (once linked)."""

    id: str
    name: str
    kind: str
    actor_id: str | None
    linked: bool


class User(Held):
    """An account as an admin sees it."""

    id: int
    email: str
    role: Role
    organisations: list[str] = Field(description="The ids of the organisations it belongs to")
    verified: bool = Field(description="Whether the email address is confirmed")
    disabled: bool
    created_at: Timestamp


class ApiToken(Held):
    """An API token as its owner sees it: never its secret."""

    id: int
    name: str
    scopes: list[str]
    created_at: Timestamp
    last_used_at: Timestamp | None
    expires_at: Timestamp | None
    expired: bool
    revoked: bool


# --- review -----------------------------------------------------------------------------------


class Review(Held):
    """One reviewer's assignment to a version, and their decision once made."""

    id: int
    reviewer_id: int
    reviewer: str = Field(description="The reviewer's name, or email")
    internal: bool
    conflict: str | None = Field(description="The conflict of interest declared, if any")
    decision: str | None = Field(description="approve, return or reject; null until decided")
    comment: str | None
    decided_at: Timestamp | None


class Change(Held):
    field: str
    label: str
    lines: list[str] = Field(description="Unified diff lines (` `, `-`, `+`, `@@`)")


class Queued(Held):
    id: int
    kind: str
    ref: str
    title: str
    organisation_id: str
    version: int
    state: State
    submitted_at: Timestamp | None
    reviews: list[Review]


class Assignment(Held):
    ref: str
    kind: str
    id: int
    version: int
    title: str
    internal: bool


class OwnRecord(Held):
    """A record of one's organisations, with the state of its latest version."""

    id: int
    kind: str
    ref: str
    title: str
    state: State
    latest_version: int
    organisation_id: str


# --- reviewed records -------------------------------------------------------------------------

RecordData = dict[str, Any]
"""A version's data: the JSON object its authors wrote, as the kind's model validated it
(`Kind.model`; `GET /api/kinds` gives each kind's JSON Schema)."""

Fields = Annotated[
    RecordData, Field(description="The version's fields, as its kind's schema has them")
]


class Version(Held):
    """One numbered version of a record as a viewer may see it."""

    number: int
    state: State
    data: Fields
    html: dict[str, str] = Field(description="The Markdown fields as sanitised HTML")
    author_id: int | None
    created_at: Timestamp
    submitted_at: Timestamp | None
    decided_at: Timestamp | None
    reviews: list[Review] | None = Field(
        None, description="Only for its authors, its reviewers and moderators"
    )


class ReviewedRecord(Held):
    """A record as the caller may see it: readers get the published version; its
    organisation, its reviewers and moderators get every version with its reviews (left
    unset, and so out of the API's answer, for everyone else)."""

    id: int
    kind: str
    ref: str = Field(description="KIND:ID, as the audit log names it")
    organisation_id: str
    created_at: Timestamp
    published_version: int | None
    latest_version: int | None
    state: State
    title: str
    published: Version | None
    versions: list[Version]

    @property
    def latest(self) -> Version:
        """The newest version the viewer may see (there is always one: a record is either
        published or seen by one of its insiders, who see every version)."""
        return self.versions[-1]

    @property
    def shown(self) -> Version:
        """What a page shows first: the published version, else the newest one."""
        return self.published or self.latest


class PublishedRecord(Held):
    """A record in a list of published ones, with its published version's data."""

    id: int
    ref: str
    organisation_id: str
    title: str
    published_version: int
    data: Fields
