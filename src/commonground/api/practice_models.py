"""What the practice routes answer, as pydantic models, so `/openapi.json` describes each
response and schemathesis checks them (tests/api/test_schemathesis.py).

Search hits, facet counts, similar practices and suggested tags are the workspace's own
records (workspace/practice_hits.py), held here as they are. A practice is a reviewed record
(api.workspace_models) with its stable id and URL; its `data` follows the practice kind's
model, whose JSON Schema `GET /api/practices/schema` gives.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from commonground.api.workspace_models import Ok, ReviewedRecord
from commonground.workspace.practice_calls import Call
from commonground.workspace.practice_hits import (
    Facets,
    HybridHit,
    PracticeHit,
    SimilarPractice,
    Suggested,
    SuggestedObjective,
)
from commonground.workspace.practice_seed import Exchanged


class Open(BaseModel):
    """An object that may hold more fields than it names."""

    model_config = ConfigDict(extra="allow")


class PracticeSearch(BaseModel):
    ok: bool = True
    q: str
    filters: dict[str, list[str]]
    mode: Literal["keyword", "hybrid"] = Field(
        description="hybrid or keyword: how the results were ranked"
    )
    total: int
    limit: int
    offset: int
    next: str | None = Field(description="The URL of the next page, or null on the last")
    results: list[PracticeHit] | list[HybridHit]
    facets: Facets


class Practice(ReviewedRecord):
    """A practice: a reviewed record with its stable id and its page."""

    slug: str = Field(description="The stable id in the practice's URL")
    url: str


class OnePractice(Ok):
    practice: Practice


class Edited(OnePractice):
    version: int = Field(description="The number of the version this change wrote")


class SimilarPractices(BaseModel):
    ok: bool = True
    similar: list[SimilarPractice]


class ContactRemoved(Ok):
    versions: int = Field(description="How many versions held a contact")


class Calls(BaseModel):
    ok: bool = True
    calls: list[Call]


class OneCall(BaseModel):
    ok: bool = True
    call: Call


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
    practices: list[Exchanged] = Field(
        description="Every published practice in the import format, without contacts"
    )
