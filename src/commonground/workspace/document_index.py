"""The full-text index of documents: one row per passage, holding the document's title and
the passage's words, so the site search finds a document by its title and by what it says,
and shows the passages that say it.

Full text is the database's own, through commonground.fulltext (FTS5 on SQLite, a weighted
`tsvector` with a GIN index on PostgreSQL); a title word counts ten times a word of the
passage. A document is indexed in the transaction that stores it, so the index never holds
half a document.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, text

from commonground.fulltext import FullTextIndex, highlight
from commonground.workspace.answers import Held

DOCUMENT_FTS = FullTextIndex(
    "document_fts",
    stored=("document_id", "ordinal"),
    weighted=(("title", 10.0), ("body", 1.0)),
    key_type="INTEGER",
)
PASSAGES_SHOWN = 3  # the best passages shown for each document found
SNIPPET = 240  # characters of a passage shown when only the title matched


def create_statements(dialect: str) -> list[str]:
    """The DDL of the index (run by the migration)."""
    return DOCUMENT_FTS.create_statements(dialect)


def drop_statements(dialect: str) -> list[str]:
    return DOCUMENT_FTS.drop_statements(dialect)


def index_document(
    conn: Connection, document_id: int, title: str, found: Sequence[tuple[int, str]]
) -> None:
    """Index a document's passages, given as (ordinal, text); call where it is stored."""
    DOCUMENT_FTS.insert(
        conn,
        [
            {"document_id": document_id, "ordinal": ordinal, "title": title, "body": body}
            for ordinal, body in found
        ],
    )


def _snippet(passage: str, query: str) -> str:
    """HTML: the passage around the words that matched (in <mark>), or its opening."""
    marked = highlight(passage, query)
    if marked is not None:
        return marked
    head = passage[:SNIPPET]
    return html.escape(head) + ("…" if len(passage) > SNIPPET else "")


class Passage(Held):
    """A passage of a document found: its text, and `snippet`, HTML of the words around the
    match with each matched word in <mark> (everything else escaped)."""

    ordinal: int
    page: int | None
    text: str
    snippet: str


class FoundDocument(Held):
    """A document whose title or passages hold the query, with its best passages."""

    id: int
    title: str
    date: str | None
    publisher: str | None
    passages_matched: int
    passages: list[Passage]


class DocumentMatches(Held):
    total: int
    documents: list[FoundDocument]


def search_documents(conn: Connection, query: str, limit: int = 10) -> DocumentMatches:
    """Documents whose title or passages hold every word of `query` (as words or word
    starts), best first, each with its best passages: their text and a snippet with the
    matched words marked."""
    match = DOCUMENT_FTS.match(conn.dialect.name, query)
    if match is None:
        return DocumentMatches(total=0, documents=[])
    sql = text(
        f"WITH hits AS ({DOCUMENT_FTS.ranked_sql(conn.dialect.name)})"
        " SELECT hits.document_id, p.ordinal, hits.rank, d.title, d.date, d.publisher,"
        " p.page, p.text FROM hits"
        " JOIN documents d ON d.id = hits.document_id"
        " JOIN passages p ON p.document_id = hits.document_id"
        " AND p.ordinal = CAST(hits.ordinal AS INTEGER)"  # stored as text on PostgreSQL
        " ORDER BY hits.rank DESC, hits.document_id DESC, p.ordinal"
    )
    rows: dict[int, list[Row[Any]]] = {}
    for row in conn.execute(sql, {"match": match}):
        rows.setdefault(int(row.document_id), []).append(row)
    documents = [
        FoundDocument(
            id=document_id,
            title=held[0].title,
            date=held[0].date,
            publisher=held[0].publisher,
            passages_matched=len(held),
            passages=[
                Passage(
                    ordinal=int(r.ordinal),
                    page=r.page,
                    text=r.text,
                    snippet=_snippet(r.text, query),
                )
                for r in held[:PASSAGES_SHOWN]
            ],
        )
        for document_id, held in list(rows.items())[:limit]
    ]
    return DocumentMatches(total=len(rows), documents=documents)
