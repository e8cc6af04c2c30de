"""Search every kind of entity by name, code or alias, ranked for a search box.

The build writes one document per entity into the database's full-text index
(evidence.store.search_index); a query finds the documents holding each of its words, or a
word starting with it, and ranks them by their best name: an exact match first, then a name
starting with the query, then a word of a name starting with it, then a name holding it. The
full-text rank orders hits that score the same. A new kind is added in search_index.

Documents read into the workspace are searched beside the entities (their own full-text
index, workspace.document_index): each document found comes with the passages that hold the
query, for the results to quote and link to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection

from commonground.evidence.countries import normalise
from commonground.evidence.store.search_index import SEARCH, Name, read_names
from commonground.workspace.document_index import (
    DocumentMatches,
    FoundDocument,
    Passage,
    search_documents,
)

# Points below an exact match for a name that starts with the query, has a word that does,
# or holds it; and below the least exact match for an entity whose names hold the query's
# words only apart (in another order, or across names), which ranks below all of those.
STARTS, WORD_STARTS, HOLDS, HOLDS_WORDS = 20, 30, 40, 60


@dataclass(frozen=True)
class Hit:
    """One search result; `score` orders hits across kinds (higher first)."""

    kind: str
    id: str
    label: str
    detail: str
    score: int
    matched: str


def score(query: str, name: Name) -> int:
    """How well one name matches the normalised query (0: not at all)."""
    if name.key == query:
        return name.exact
    if name.whole_only:
        return 0
    if name.key.startswith(query):
        return name.exact - STARTS
    if any(word.startswith(query) for word in name.key.split()):
        return name.exact - WORD_STARTS
    if query in name.key:
        return name.exact - HOLDS
    return 0


def _hit(query: str, row: Any) -> Hit:
    names = read_names(row.names)
    best = max(names, key=lambda n: score(query, n))
    points = score(query, best)
    if points == 0:
        best = names[0]
        points = min(n.exact for n in names) - HOLDS_WORDS
    return Hit(row.kind, row.id, row.label, row.detail, points, best.shown)


def document_href(document_id: int, passage: int | None = None) -> str:
    """The page of a document, at one of its passages."""
    return f"/documents/{document_id}" + (f"#passage-{passage}" if passage else "")


class PassageHit(Passage):
    """A passage of a document that holds the query, with the link to it."""

    href: str = Field(description="the document's page at this passage")


class DocumentHit(BaseModel):
    """A document that holds the query, with its passages and the link to it."""

    model_config = ConfigDict(frozen=True)

    id: int
    title: str
    date: str | None
    publisher: str | None
    passages_matched: int
    passages: list[PassageHit]
    href: str = Field(description="the document's page")


class SearchAnswer(BaseModel):
    """Hits across every kind, best first, and the documents holding the query."""

    model_config = ConfigDict(frozen=True)

    query: str
    total: int
    hits: list[Hit]
    kinds: list[str]
    document_total: int = Field(description="documents holding every word of the query")
    documents: list[DocumentHit]


def _linked(doc: FoundDocument) -> DocumentHit:
    passages = [
        PassageHit(**p.model_dump(), href=document_href(doc.id, p.ordinal)) for p in doc.passages
    ]
    return DocumentHit(
        **doc.model_dump(exclude={"passages"}), passages=passages, href=document_href(doc.id)
    )


def search(
    conn: Connection, text: str, limit: int = 20, workspace: Connection | None = None
) -> SearchAnswer:
    """Hits across every kind, best first, and (given the workspace) the documents holding
    the query with their passages; an empty query finds nothing."""
    query = normalise(text)
    rows = SEARCH.search(conn, query) if query else []
    ranked = sorted(
        ((_hit(query, row), float(row.rank)) for row in rows),
        key=lambda pair: (-pair[0].score, -pair[1], pair[0].label),
    )
    hits = [hit for hit, _ in ranked]
    found = DocumentMatches(total=0, documents=[])
    if workspace is not None and query:
        found = search_documents(workspace, text, limit)
    return SearchAnswer(
        query=text,
        total=len(hits),
        hits=hits[:limit],
        kinds=sorted({h.kind for h in hits}),
        document_total=found.total,
        documents=[_linked(d) for d in found.documents],
    )
