"""What `documents.py` hands to the layers above when it reads documents back: a document in a
list, a document with its passages, mentions and proposed facts, and the documents that
mention a key of the map. The API answers with them as they are (api/routes/documents.py).
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from commonground.workspace.answers import Held, Timestamp

MapValues = dict[str, Any]
"""What the map holds for a proposed fact (field by field) and the sources it rests on."""


class DocumentSummary(Held):
    id: int
    title: str
    publisher: str | None
    date: str | None
    url: str | None
    media_type: str
    file_name: str | None
    size: int
    pages: int | None
    sha256: str
    created_at: Timestamp


class StoredPassage(Held):
    ordinal: int
    page: int | None
    start: int
    end: int
    text: str


class StoredMention(Held):
    """Words of the text (`start`-`end`) naming what the map knows (`key`) or a value."""

    passage: int
    start: int
    end: int
    surface: str
    kind: str
    key: str | None
    value: str | None


class ProposedFact(Held):
    """A fact as read from the text; what else its reader noted is left out."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    statement: str
    subject: str
    refs: list[str]
    details: dict[str, Any] = Field(description="The fact's values, by name")
    quote: str


class StoredProposal(Held):
    """A fact read from the text with its evidence span and how it compares with the map:
    `agrees` (with the stored values and sources in `stored`), `new` or `conflicts`."""

    ordinal: int
    passage: int
    start: int
    end: int
    kind: str
    fact: ProposedFact
    comparison: str
    stored: MapValues | None
    record_id: int | None


class StoredDocument(DocumentSummary):
    text: str
    passages: list[StoredPassage]
    mentions: list[StoredMention]
    proposals: list[StoredProposal]


class CitedPassage(Held):
    ordinal: int
    page: int | None
    text: str


class CitingDocument(Held):
    """A document that mentions a key, with (at most five of) the passages that do."""

    id: int
    title: str
    date: str | None
    passages: list[CitedPassage]
