"""What practice search hands to the layers above: a hit, a facet value with its count, a page
of hits with the total and every facet, a practice like another, a suggested tag, and a
published practice with its facet values for the analyses.

Frozen pydantic models (answers.Held) read by attribute: the pages read them, and the API
answers with them as they are (api/practice_models.py), so a field's place here is its place
in the JSON.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from commonground.workspace.answers import Held

Score = Field(description="Full-text rank, or the hybrid blend of text and meaning")
Snippet = Field(description="HTML: the text around the matched words, each in <mark>")


class _Shown(Held):
    """A practice as a list shows it."""

    id: int
    slug: str
    title: str
    summary: str


class PracticeHit(_Shown):
    """A practice the words (or the filters alone) found: best first."""

    score: float = Score
    snippet: str | None = Snippet


class HybridHit(_Shown):
    """A practice hybrid search found: by its words, its meaning or both."""

    score: float = Score
    keyword: float = Field(description="The full-text score, scaled to the best")
    similarity: float = Field(
        description="The embedding cosine, for the nearest practices (0 otherwise)"
    )
    snippet: str | None = Snippet


class FacetCount(Held):
    value: str
    count: int = Field(
        description="Practices with this value, under every filter but this facet's own"
    )


Facets = dict[str, list[FacetCount]]
"""Each facet's values, most practices first (then by value)."""


class Page(Held):
    """One page of keyword search: its hits, how many there are in all, each facet's counts."""

    total: int
    results: list[PracticeHit]
    facets: Facets


class RankedPage(Held):
    """One page of search as the API and the pages answer it, with how it was ranked."""

    total: int
    results: list[PracticeHit] | list[HybridHit]
    facets: Facets
    mode: Literal["keyword", "hybrid"] = Field(
        description="hybrid or keyword: how the results were ranked"
    )


class SimilarPractice(Held):
    """A practice like another: by the embedding cosine where the model is installed, else
    by the full-text rank of its words (then with its summary and snippet, as a hit has)."""

    id: int
    slug: str
    title: str
    similarity: float | None = Field(None, description="Embedding cosine, when installed")
    score: float | None = Field(None, description="Full-text rank, without embeddings")
    summary: str | None = Field(None, exclude_if=lambda v: v is None)
    snippet: str | None = Field(None, exclude_if=lambda v: v is None)


class Suggested(Held):
    """A GCM objective (its number as text) or guiding principle a text is close to."""

    id: str
    score: float = Field(description="TF-IDF cosine of the text with the tag's description")


class SuggestedObjective(Suggested):
    number: int
    title: str


class Suggestions(Held):
    objectives: list[SuggestedObjective]
    principles: list[Suggested]


class PublishedPractice(Held):
    """A published practice with its facet values (facet: values), as the analyses read it."""

    id: int
    slug: str
    title: str
    tags: dict[str, list[str]]

    def tagged(self, facet: str) -> list[str]:
        return self.tags.get(facet, [])
