"""What the practice routes answer, as pydantic models, so `/openapi.json` describes each
response and schemathesis checks them (tests/api/test_schemathesis.py).

A practice is a reviewed record (api.workspace_models) with its stable id and URL; its
`data` follows the practice kind's model, whose JSON Schema `GET /api/practices/schema` gives.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from commonground.api.workspace_models import Ok, ReviewedRecord
from commonground.workspace.practice_calls import Call


class Open(BaseModel):
    """An object that may hold more fields than it names."""

    model_config = ConfigDict(extra="allow")


class Hit(Open):
    """One practice found: best first, with the matched words in <mark> in the snippet."""

    id: int
    slug: str
    title: str
    summary: str = ""
    score: float = Field(description="Full-text rank, or the hybrid blend of text and meaning")
    snippet: str | None = Field(None, description="HTML: the text around the matched words")
    keyword: float | None = Field(None, description="Hybrid: the full-text score, scaled to 1")
    similarity: float | None = Field(
        None, description="Hybrid: the embedding cosine, for the nearest practices (0 otherwise)"
    )


class FacetValue(BaseModel):
    value: str
    count: int = Field(
        description="Practices with this value, under every filter but this facet's own"
    )


class PracticeSearch(BaseModel):
    ok: bool = True
    q: str
    filters: dict[str, list[str]]
    mode: str = Field(description="hybrid or keyword: how the results were ranked")
    total: int
    limit: int
    offset: int
    next: str | None = Field(description="The URL of the next page, or null on the last")
    results: list[Hit]
    facets: dict[str, list[FacetValue]]


class Practice(ReviewedRecord):
    """A practice: a reviewed record with its stable id and its page."""

    slug: str = Field(description="The stable id in the practice's URL")
    url: str


class OnePractice(Ok):
    practice: Practice


class Edited(OnePractice):
    version: int = Field(description="The number of the version this change wrote")


class Similar(Open):
    id: int
    slug: str
    title: str
    similarity: float | None = Field(None, description="Embedding cosine, when installed")
    score: float | None = Field(None, description="Full-text rank, without embeddings")


class SimilarPractices(BaseModel):
    ok: bool = True
    similar: list[Similar]


class ContactRemoved(Ok):
    versions: int = Field(description="How many versions held a contact")


class Calls(BaseModel):
    ok: bool = True
    calls: list[Call]


class OneCall(BaseModel):
    ok: bool = True
    call: Call


class Suggested(Open):
    id: str
    score: float


class SuggestedObjective(Suggested):
    number: int
    title: str


class Suggestions(BaseModel):
    ok: bool = True
    objectives: list[SuggestedObjective]
    principles: list[Suggested]


class JsonSchema(Open):
    """A JSON Schema document (draft 2020-12)."""

    title: str
    type: str


class Export(BaseModel):
    ok: bool = True
    practices: list[dict[str, Any]] = Field(
        description="Every published practice in the import format, without contacts"
    )
