"""The search index: one document per entity a search box can find, written by the build.

Each document keeps what a hit shows (kind, id, label, detail) and the entity's names, each
normalised (commonground.evidence.countries.normalise) with the score an exact match earns:
codes (ISO3, ISO2, M49) match only whole, names and aliases also by their start, a word's
start or a part. The database's full-text index (commonground.fulltext) finds the documents
holding the words of a query; analysis.search ranks them by those names.

A new kind is one more function in DOCUMENTS, returning its documents.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from commonground.evidence.countries import normalise
from commonground.evidence.store.governance_tables import actors, forums, meetings
from commonground.evidence.store.tables import area_aliases, areas, gcm_objectives, instruments
from commonground.fulltext import FullTextIndex

SEARCH = FullTextIndex("search_fts", stored=("kind", "id", "label", "detail", "names"), infix=True)


@dataclass(frozen=True)
class Name:
    """One name of an entity: its normalised text, the score of an exact match, the name as
    shown, and whether only a whole match counts (codes)."""

    key: str
    exact: int
    shown: str
    whole_only: bool = False


@dataclass
class Document:
    kind: str
    id: str
    label: str
    detail: str
    names: list[Name] = field(default_factory=list)

    def add(self, text: str | None, exact: int, *, whole_only: bool = False) -> None:
        key = normalise(text) if text else ""
        if key:
            self.names.append(Name(key, exact, str(text), whole_only))

    def row(self) -> dict[str, str]:
        names = [[n.key, n.exact, n.shown, n.whole_only] for n in self.names]
        return {
            "kind": self.kind,
            "id": self.id,
            "label": self.label,
            "detail": self.detail,
            "names": json.dumps(names, ensure_ascii=False),
            "text": " ".join(dict.fromkeys(n.key for n in self.names)),
        }


def read_names(value: str) -> list[Name]:
    """The names of a stored document."""
    return [Name(str(k), int(e), str(s), bool(w)) for k, e, s, w in json.loads(value)]


def area_documents(conn: Connection) -> list[Document]:
    """Countries and territories by ISO3, ISO2 or M49 code, name, or any spelling a source uses."""
    aliases: dict[str, list[str]] = {}
    for alias, code in conn.execute(
        select(area_aliases.c.alias, area_aliases.c.code).order_by(area_aliases.c.key)
    ):
        aliases.setdefault(str(code), []).append(str(alias))
    docs = []
    for row in conn.execute(
        select(areas.c.code, areas.c.name, areas.c.iso2, areas.c.m49, areas.c.region, areas.c.kind)
        .where(areas.c.kind.in_(("country", "territory")))
        .order_by(areas.c.code)
    ):
        detail = ", ".join(str(p) for p in (row.code, row.region or row.kind) if p)
        doc = Document("country", row.code, row.name, detail)
        for code in (row.code, row.iso2, None if row.m49 is None else str(row.m49)):
            doc.add(code, 100, whole_only=True)
        doc.add(row.name, 95)
        for alias in aliases.get(row.code, []):
            doc.add(alias, 85)
        docs.append(doc)
    return docs


def instrument_documents(conn: Connection) -> list[Document]:
    docs = []
    for row in conn.execute(
        select(instruments.c.id, instruments.c.short_name, instruments.c.title).order_by(
            instruments.c.id
        )
    ):
        doc = Document("instrument", row.id, row.short_name, row.title)
        doc.add(row.short_name, 98)
        doc.add(row.title, 85)
        docs.append(doc)
    return docs


def gcm_documents(conn: Connection) -> list[Document]:
    docs = []
    for number, title in conn.execute(
        select(gcm_objectives.c.number, gcm_objectives.c.title).order_by(gcm_objectives.c.number)
    ):
        label = f"GCM objective {number}"
        doc = Document("gcm_objective", str(number), label, title)
        doc.add(title, 80)
        doc.add(label, 80)
        docs.append(doc)
    return docs


def _named(doc: Document, exact: int, *names: str | None) -> Document:
    """The first name given earns `exact`, the others 5 less (short name, then full name)."""
    for i, name in enumerate(n for n in names if n):
        doc.add(name, exact - 5 * min(i, 1))
    return doc


def forum_documents(conn: Connection) -> list[Document]:
    """Forums, processes, organs and regimes by short name, name or id (e.g. "gfmd")."""
    docs = []
    for row in conn.execute(
        select(forums.c.id, forums.c.short_name, forums.c.name, forums.c.kind).order_by(forums.c.id)
    ):
        label = row.short_name or row.name
        kind = row.kind.replace("_", " ")
        detail = f"{kind} · {row.name}" if label != row.name else kind
        doc = Document("forum", row.id, label, detail)
        docs.append(_named(doc, 92, row.short_name, row.name, row.id.replace("-", " ")))
    return docs


def actor_documents(conn: Connection) -> list[Document]:
    """Organisations (agencies, regional bodies, civil society) by acronym or name."""
    docs = []
    for row in conn.execute(
        select(actors.c.id, actors.c.short_name, actors.c.name, actors.c.kind).order_by(actors.c.id)
    ):
        label = f"{row.name} ({row.short_name})" if row.short_name else row.name
        doc = Document("actor", row.id, label, row.kind.replace("_", " "))
        docs.append(_named(doc, 92, row.short_name, row.name, row.id))
    return docs


def meeting_documents(conn: Connection) -> list[Document]:
    """Meetings by name, place or forum and year (e.g. "GFMD 2008", "Marrakech")."""
    docs = []
    for row in conn.execute(
        select(
            meetings.c.id, meetings.c.name, meetings.c.place, meetings.c.year, forums.c.short_name
        )
        .join(forums, forums.c.id == meetings.c.forum)
        .order_by(meetings.c.id)
    ):
        when = " ".join(str(p) for p in (row.short_name, row.year) if p)
        detail = ", ".join(str(p) for p in (row.place, row.year) if p)
        doc = Document("meeting", row.id, row.name, detail)
        docs.append(_named(doc, 75, row.name, when, row.place, row.id.replace("-", " ")))
    return docs


DOCUMENTS: list[Callable[[Connection], list[Document]]] = [
    area_documents,
    instrument_documents,
    gcm_documents,
    forum_documents,
    actor_documents,
    meeting_documents,
]


def index_search(conn: Connection) -> int:
    """Write the search index from the tables just loaded (in the build's transaction)."""
    rows = [doc.row() for documents in DOCUMENTS for doc in documents(conn)]
    SEARCH.insert(conn, rows)
    return len(rows)
