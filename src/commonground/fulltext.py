"""Full-text search on both backends: SQLite's FTS5 and PostgreSQL's tsvector with a GIN index.

A full-text index is a table of documents: a few stored columns (ids, labels) and one text
column that is searched by words and word prefixes, best match first. This module holds every
difference between the two databases, so a store declares an index once and a migration
creates it with `op.execute` (FTS5 virtual tables are not SQLAlchemy tables):

    PRACTICES = FullTextIndex("practice_fts", stored=("id", "title"))
    for statement in PRACTICES.create_statements(op.get_bind().dialect.name):
        op.execute(statement)
    PRACTICES.insert(conn, [{"id": "p1", "title": "...", "text": "words to search"}])
    PRACTICES.search(conn, "labour mig")   # rows of p1 and others, best first, with `rank`

The text is matched as it is given (lower case, accents removed on SQLite, no stemming), so a
caller normalises names the same way when it writes and when it searches. Index tables are
named `*_fts` (SQLite adds its own `*_fts_data`, `*_fts_idx`, ... beside them): migrations and
their checks leave those names to this module (`is_fulltext_table`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, RowMapping, text

SUFFIX = "_fts"
INFIXES = "infixes"  # the column of the inner parts of words, for an `infix` index
_SQLITE_SHADOWS = ("data", "idx", "content", "docsize", "config")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_WORD = re.compile(r"[^\W_]+")


def is_fulltext_table(name: str) -> bool:
    """True for an index table of this module or one SQLite keeps for it."""
    if name.endswith(SUFFIX):
        return True
    head, _, shadow = name.rpartition("_")
    return shadow in _SQLITE_SHADOWS and head.endswith(SUFFIX)


def words(query: str) -> list[str]:
    """The words of a query, as the index matches them."""
    return _WORD.findall(query.lower())


def infixes(text: str) -> str:
    """Every part of each word of `text` that starts inside it: "iran" gives "ran an n"."""
    parts = {word[i:] for word in words(text) for i in range(1, len(word))}
    return " ".join(sorted(parts))


@dataclass(frozen=True)
class FullTextIndex:
    """A searchable table: `stored` columns come back with each hit, `text` is searched."""

    name: str
    stored: tuple[str, ...]
    text: str = "text"
    infix: bool = False  # also find a query inside a word ("stan" finds Afghanistan)

    def __post_init__(self) -> None:
        if not self.name.endswith(SUFFIX):
            raise ValueError(f"a full-text index is named *{SUFFIX}, not {self.name!r}")
        for column in (self.name, *self.stored, self.text):
            if not _NAME.fullmatch(column):
                raise ValueError(f"not a plain SQL name: {column!r}")

    @property
    def searched(self) -> tuple[str, ...]:
        """The columns matched: the text, and the inner parts of its words for `infix`."""
        return (self.text, INFIXES) if self.infix else (self.text,)

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.stored, *self.searched)

    def create_statements(self, dialect: str) -> list[str]:
        """The DDL that creates the index on `dialect` ("sqlite" or "postgresql")."""
        if dialect == "sqlite":
            columns = ", ".join([*(f"{c} UNINDEXED" for c in self.stored), *self.searched])
            return [
                f"CREATE VIRTUAL TABLE {self.name} USING fts5({columns},"
                " tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
            ]
        columns = ", ".join(
            [*(f"{c} TEXT" for c in self.stored), *(f"{c} TEXT NOT NULL" for c in self.searched)]
        )
        searched = " || ' ' || ".join(self.searched)
        return [
            f"CREATE TABLE {self.name} ({columns}, document tsvector"
            f" GENERATED ALWAYS AS (to_tsvector('simple', {searched})) STORED)",
            f"CREATE INDEX ix_{self.name}_document ON {self.name} USING GIN (document)",
        ]

    def drop_statements(self, dialect: str) -> list[str]:
        return [f"DROP TABLE {self.name}"]

    def insert(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Add documents: each row gives every stored column and the text."""
        if not rows:
            return
        if self.infix:
            rows = [{**row, INFIXES: infixes(str(row[self.text]))} for row in rows]
        names = ", ".join(self.columns)
        values = ", ".join(f":{c}" for c in self.columns)
        conn.execute(text(f"INSERT INTO {self.name} ({names}) VALUES ({values})"), list(rows))

    def search(self, conn: Connection, query: str, limit: int | None = None) -> list[RowMapping]:
        """Documents holding every word of `query` as a word or the start of one ("moroc"
        finds Morocco), best first; each row has the stored columns and `rank`."""
        found = words(query)
        if not found:
            return []
        stored = ", ".join(self.stored)
        tail = "" if limit is None else f" LIMIT {int(limit)}"
        if conn.dialect.name == "sqlite":
            match = " ".join(f'"{w}"*' for w in found)
            sql = (
                f"SELECT {stored}, -bm25({self.name}) AS rank FROM {self.name}"
                f" WHERE {self.name} MATCH :match ORDER BY bm25({self.name}){tail}"
            )
        else:
            match = " & ".join(f"{w}:*" for w in found)
            sql = (
                f"SELECT {stored}, ts_rank(document, query) AS rank"
                f" FROM {self.name}, to_tsquery('simple', :match) AS query"
                f" WHERE document @@ query ORDER BY rank DESC{tail}"
            )
        return list(conn.execute(text(sql), {"match": match}).mappings())
