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

from sqlalchemy import Connection, text

from commonground.fulltext import FullTextIndex, highlight

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


def search_documents(conn: Connection, query: str, limit: int = 10) -> dict[str, Any]:
    """Documents whose title or passages hold every word of `query` (as words or word
    starts), best first, each with its best passages: their text and a snippet with the
    matched words marked."""
    match = DOCUMENT_FTS.match(conn.dialect.name, query)
    if match is None:
        return {"total": 0, "documents": []}
    sql = text(
        f"WITH hits AS ({DOCUMENT_FTS.ranked_sql(conn.dialect.name)})"
        " SELECT hits.document_id, p.ordinal, hits.rank, d.title, d.date, d.publisher,"
        " p.page, p.text FROM hits"
        " JOIN documents d ON d.id = hits.document_id"
        " JOIN passages p ON p.document_id = hits.document_id"
        " AND p.ordinal = CAST(hits.ordinal AS INTEGER)"  # stored as text on PostgreSQL
        " ORDER BY hits.rank DESC, hits.document_id DESC, p.ordinal"
    )
    found: dict[int, dict[str, Any]] = {}
    for row in conn.execute(sql, {"match": match}):
        document_id = int(row.document_id)
        doc = found.get(document_id)
        if doc is None:
            doc = found[document_id] = {
                "id": document_id,
                "title": row.title,
                "date": row.date,
                "publisher": row.publisher,
                "passages_matched": 0,
                "passages": [],
            }
        doc["passages_matched"] += 1
        if len(doc["passages"]) < PASSAGES_SHOWN:
            doc["passages"].append(
                {
                    "ordinal": int(row.ordinal),
                    "page": row.page,
                    "text": row.text,
                    "snippet": _snippet(row.text, query),
                }
            )
    return {"total": len(found), "documents": list(found.values())[:limit]}
