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

An index may instead search several columns, each with its weight in the rank (a title
above a description): `weighted=(("title", 10.0), ("summary", 5.0), ...)`. `ranked_sql` is
the one full-text query, as SQL a caller puts in a CTE and joins with its own filters, so a
search runs it once (`ranked` runs it and gives integer keys and ranks as two arrays);
`highlight` marks the matched words in a text for a snippet, the same on both backends.

The text is matched as it is given (lower case, accents removed on SQLite, no stemming), so a
caller normalises names the same way when it writes and when it searches. Index tables are
named `*_fts` (SQLite adds its own `*_fts_data`, `*_fts_idx`, ... beside them): migrations and
their checks leave those names to this module (`is_fulltext_table`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, RowMapping, text

SUFFIX = "_fts"
INFIXES = "infixes"  # the column of the inner parts of words, for an `infix` index
_SQLITE_SHADOWS = ("data", "idx", "content", "docsize", "config")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_WORD = re.compile(r"[^\W_]+")
PG_WEIGHTS = "ABCD"  # tsvector weights, most to least; ts_rank counts them 1.0, 0.4, 0.2, 0.1


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
    weighted: tuple[tuple[str, float], ...] = ()
    """Several searched columns with their weights; given, they replace `text`."""
    key_type: str = "TEXT"
    """The SQL type of the first stored column on PostgreSQL ("INTEGER PRIMARY KEY")."""
    prefix: str = "1 2 3"
    """The word-start lengths SQLite indexes for prefix queries."""
    rowid_key: bool = False
    """The first stored column is an integer that SQLite also keeps as the row's rowid, so a
    hit's key comes from the index itself instead of a read of each hit's row (at thousands
    of hits the difference is most of the query)."""
    ranked_by: tuple[str, ...] = ()
    """Weighted columns PostgreSQL ranks by, in a second, smaller tsvector beside the whole
    document: `ts_rank` reads every hit's vector, and the long columns' (a description at the
    lowest weight) cost most of that read for little of the rank. Matching still uses all."""

    def __post_init__(self) -> None:
        if not self.name.endswith(SUFFIX):
            raise ValueError(f"a full-text index is named *{SUFFIX}, not {self.name!r}")
        for column in (self.name, *self.stored, self.text, *(c for c, _ in self.weighted)):
            if not _NAME.fullmatch(column):
                raise ValueError(f"not a plain SQL name: {column!r}")
        if not set(self.ranked_by) <= {c for c, _ in self.weighted}:
            raise ValueError("ranked_by names weighted columns")
        if len({w for _, w in self.weighted}) > len(PG_WEIGHTS):
            raise ValueError(f"at most {len(PG_WEIGHTS)} different weights")

    @property
    def searched(self) -> tuple[str, ...]:
        """The columns matched: the text (and the inner parts of its words for `infix`), or
        the weighted columns."""
        if self.weighted:
            return tuple(c for c, _ in self.weighted)
        return (self.text, INFIXES) if self.infix else (self.text,)

    def _document(self, only: tuple[str, ...] = ()) -> str:
        """The tsvector PostgreSQL keeps of a row: each column at its weight's letter (of the
        `only` columns, when given)."""
        if not self.weighted:
            joined = " || ' ' || ".join(self.searched)
            return f"to_tsvector('simple', {joined})"
        levels = sorted({w for _, w in self.weighted}, reverse=True)
        return " || ".join(
            f"setweight(to_tsvector('simple', coalesce({c}, '')), '{PG_WEIGHTS[levels.index(w)]}')"
            for c, w in self.weighted
            if not only or c in only
        )

    def ranking_column(self) -> str | None:
        """The DDL of the PostgreSQL column `ranked_by` asks for (None without one)."""
        if not self.ranked_by:
            return None
        return f"ranking tsvector GENERATED ALWAYS AS ({self._document(self.ranked_by)}) STORED"

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.stored, *self.searched)

    def create_statements(self, dialect: str) -> list[str]:
        """The DDL that creates the index on `dialect` ("sqlite" or "postgresql")."""
        if dialect == "sqlite":
            columns = ", ".join([*(f"{c} UNINDEXED" for c in self.stored), *self.searched])
            return [
                f"CREATE VIRTUAL TABLE {self.name} USING fts5({columns},"
                f" tokenize = 'unicode61 remove_diacritics 2', prefix = '{self.prefix}')"
            ]
        stored = [f"{c} {self.key_type if i == 0 else 'TEXT'}" for i, c in enumerate(self.stored)]
        empty = " DEFAULT ''" if self.weighted else ""
        columns = ", ".join([*stored, *(f"{c} TEXT NOT NULL{empty}" for c in self.searched)])
        ranking = self.ranking_column()
        return [
            f"CREATE TABLE {self.name} ({columns}, document tsvector"
            f" GENERATED ALWAYS AS ({self._document()}) STORED"
            f"{', ' + ranking if ranking else ''})",
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
        columns = list(self.columns)
        values = [f":{c}" for c in columns]
        if self._keyed(conn.dialect.name):
            columns.append("rowid")
            values.append(f":{self.stored[0]}")
        names = ", ".join(columns)
        conn.execute(
            text(f"INSERT INTO {self.name} ({names}) VALUES ({', '.join(values)})"), list(rows)
        )

    def _keyed(self, dialect: str) -> bool:
        return self.rowid_key and dialect == "sqlite"

    def delete(self, conn: Connection, key: object) -> None:
        """Drop the documents whose first stored column is `key`."""
        column = "rowid" if self._keyed(conn.dialect.name) else self.stored[0]
        conn.execute(text(f"DELETE FROM {self.name} WHERE {column} = :key"), {"key": key})

    def match(self, dialect: str, query: str, every: bool = True) -> str | None:
        """The query's words as the database matches them, each as a word or a word start:
        all of them (`every`) or any; None when the query has no word."""
        found = words(query)
        if not found:
            return None
        if dialect == "sqlite":
            return (" " if every else " OR ").join(f'"{w}"*' for w in found)
        return (" & " if every else " | ").join(f"{w}:*" for w in found)

    def ranked_sql(self, dialect: str, key_only: bool = False) -> str:
        """The full-text query: the stored columns (or, `key_only`, the first as `key`) and
        `rank` (higher is better) of every document matching `:match` (from `match`), in no
        order. Callers put it in a CTE and join it with their own filters, so one search runs
        it once."""
        stored = ", ".join(self.stored)
        if dialect == "sqlite":
            if key_only:
                stored = f"{'rowid' if self.rowid_key else self.stored[0]} AS key"
            weights = ""
            if self.weighted:  # bm25 takes one weight per column, the stored ones first
                columns = ["0"] * len(self.stored) + [str(w) for _, w in self.weighted]
                weights = ", " + ", ".join(columns)
            return (
                f"SELECT {stored}, -bm25({self.name}{weights}) AS rank FROM {self.name}"
                f" WHERE {self.name} MATCH :match"
            )
        if key_only:
            stored = f"{self.stored[0]} AS key"
        vector = "ranking" if self.ranked_by else "document"
        return (
            f"SELECT {stored}, ts_rank({vector}, query) AS rank"
            f" FROM {self.name}, to_tsquery('simple', :match) AS query WHERE document @@ query"
        )

    def ranked(
        self, conn: Connection, match: str
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """The first stored column (an integer) and the rank of every document matching
        `match`, as two arrays in one row: thousands of hits come back as two lists instead of
        thousands of rows, which costs more than the match itself."""
        dialect = conn.dialect.name
        inner = self.ranked_sql(dialect, key_only=True)
        if dialect == "sqlite":
            # materialised: SQLite refuses bm25 inside an aggregate over a flattened subquery
            sql = (
                f"WITH hits AS MATERIALIZED ({inner})"
                " SELECT group_concat(key), group_concat(rank) FROM hits"
            )
            keys, ranks = conn.execute(text(sql), {"match": match}).one()
            if not keys:
                return np.zeros(0, np.int64), np.zeros(0, np.float64)
            return (
                np.fromstring(str(keys), dtype=np.int64, sep=","),
                np.fromstring(str(ranks), dtype=np.float64, sep=","),
            )
        sql = f"SELECT array_agg(key), array_agg(rank) FROM ({inner}) AS hits"
        keys, ranks = conn.execute(text(sql), {"match": match}).one()
        return np.asarray(keys or [], dtype=np.int64), np.asarray(ranks or [], dtype=np.float64)

    def search(self, conn: Connection, query: str, limit: int | None = None) -> list[RowMapping]:
        """Documents holding every word of `query` as a word or the start of one ("moroc"
        finds Morocco), best first; each row has the stored columns and `rank`."""
        match = self.match(conn.dialect.name, query)
        if match is None:
            return []
        tail = "" if limit is None else f" LIMIT {int(limit)}"
        sql = f"{self.ranked_sql(conn.dialect.name)} ORDER BY rank DESC{tail}"
        return list(conn.execute(text(sql), {"match": match}).mappings())


def _folded(value: str) -> str:
    """Lower case without accents, as the indexes match ("Côte" as "cote")."""
    if value.isascii():
        return value.lower()
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def highlight(value: str, query: str, around: int = 12) -> str | None:
    """HTML: the part of `value` around the first word the query matches (as a word or a
    word start), every matched word in <mark>, everything else escaped; None when no word
    matches."""
    wanted = tuple(_folded(w) for w in words(query))
    found = list(_WORD.finditer(value))
    hits = [i for i, m in enumerate(found) if _folded(m[0]).startswith(wanted)]
    if not wanted or not hits:
        return None
    first = max(hits[0] - around // 3, 0)
    last = min(first + 2 * around, len(found)) - 1
    start, end = found[first].start(), found[last].end()
    out = ["…" if first > 0 else ""]
    cursor = start
    for i in hits:
        if first <= i <= last:
            m = found[i]
            out += [html.escape(value[cursor : m.start()]), f"<mark>{html.escape(m[0])}</mark>"]
            cursor = m.end()
    out += [html.escape(value[cursor:end]), "…" if last < len(found) - 1 else ""]
    return "".join(out)
