"""Search every kind of entity by name, code or alias, ranked for a search box.

Each kind has one searcher: a function (conn, normalised query) -> scored hits. The governance
map adds its own kinds (forums, actors) by adding a searcher to SEARCHERS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, select

from commonground.evidence.countries import normalise
from commonground.evidence.store.governance_tables import actors, forums, meetings
from commonground.evidence.store.tables import area_aliases, areas, gcm_objectives, instruments


@dataclass(frozen=True)
class Hit:
    """One search result; `score` orders hits across kinds (higher first)."""

    kind: str
    id: str
    label: str
    detail: str
    score: int
    matched: str


Searcher = Callable[[Connection, str], list[Hit]]


def _score(query: str, text: str, exact: int) -> int:
    """How well one normalised text matches the query: exact, prefix, word prefix, inside."""
    if text == query:
        return exact
    if text.startswith(query):
        return exact - 20
    if any(word.startswith(query) for word in text.split()):
        return exact - 30
    if query in text:
        return exact - 40
    return 0


def search_areas(conn: Connection, query: str) -> list[Hit]:
    rows = conn.execute(
        select(
            areas.c.code, areas.c.name, areas.c.iso2, areas.c.m49, areas.c.region, areas.c.kind
        ).where(areas.c.kind.in_(("country", "territory")))
    ).all()
    aliases: dict[str, list[tuple[str, str]]] = {}
    for key, alias, code in conn.execute(
        select(area_aliases.c.key, area_aliases.c.alias, area_aliases.c.code)
    ):
        aliases.setdefault(str(code), []).append((str(key), str(alias)))
    upper = query.upper()
    hits: list[Hit] = []
    for code, name, iso2, m49, region, kind in rows:
        best, matched = 0, name
        if upper in (code, iso2) or (query.isdigit() and m49 is not None and int(query) == m49):
            best, matched = 100, upper
        else:
            best = _score(query, normalise(name), 95)
            for key, alias in aliases.get(code, []):
                score = _score(query, key, 90) - 5
                if score > best:
                    best, matched = score, alias
        if best > 0:
            detail = ", ".join(str(p) for p in (code, region or kind) if p)
            hits.append(Hit("country", str(code), str(name), detail, best, str(matched)))
    return hits


def search_instruments(conn: Connection, query: str) -> list[Hit]:
    hits = []
    for row in conn.execute(
        select(instruments.c.id, instruments.c.short_name, instruments.c.title)
    ):
        score = max(
            _score(query, normalise(row.short_name), 98),
            _score(query, normalise(row.title), 85),
        )
        if score > 0:
            hits.append(
                Hit("instrument", str(row.id), str(row.short_name), row.title, score, row.title)
            )
    return hits


def search_gcm(conn: Connection, query: str) -> list[Hit]:
    hits = []
    for number, title in conn.execute(select(gcm_objectives.c.number, gcm_objectives.c.title)):
        label = f"GCM objective {number}"
        score = max(_score(query, normalise(title), 80), _score(query, normalise(label), 80))
        if score > 0:
            hits.append(Hit("gcm_objective", str(number), label, title, score, title))
    return hits


def _best(query: str, exact: int, *texts: str | None) -> tuple[int, str]:
    """The best score over several names of one entity, and the name that matched."""
    best, matched = 0, ""
    for i, text in enumerate(t for t in texts if t):
        score = _score(query, normalise(text), exact - 5 * min(i, 1))
        if score > best:
            best, matched = score, text
    return best, matched


def search_forums(conn: Connection, query: str) -> list[Hit]:
    """Forums, processes, organs and regimes by short name, name or id (e.g. "gfmd")."""
    hits = []
    for row in conn.execute(select(forums.c.id, forums.c.short_name, forums.c.name, forums.c.kind)):
        score, matched = _best(query, 92, row.short_name, row.name, row.id.replace("-", " "))
        if score > 0:
            label = row.short_name or row.name
            detail = f"{row.kind.replace('_', ' ')} · {row.name}" if label != row.name else row.kind
            hits.append(Hit("forum", row.id, label, detail.replace("_", " "), score, matched))
    return hits


def search_actors(conn: Connection, query: str) -> list[Hit]:
    """Organisations (agencies, regional bodies, civil society) by acronym or name."""
    hits = []
    for row in conn.execute(select(actors.c.id, actors.c.short_name, actors.c.name, actors.c.kind)):
        score, matched = _best(query, 92, row.short_name, row.name, row.id)
        if score > 0:
            label = f"{row.name} ({row.short_name})" if row.short_name else row.name
            hits.append(Hit("actor", row.id, label, row.kind.replace("_", " "), score, matched))
    return hits


def search_meetings(conn: Connection, query: str) -> list[Hit]:
    """Meetings by name, place or year with place (e.g. "GFMD 2008", "Marrakech")."""
    hits = []
    rows = conn.execute(
        select(
            meetings.c.id, meetings.c.name, meetings.c.place, meetings.c.year, forums.c.short_name
        ).join(forums, forums.c.id == meetings.c.forum)
    )
    for row in rows:
        when = " ".join(str(p) for p in (row.short_name, row.year) if p)
        score, matched = _best(query, 75, row.name, when, row.place, row.id.replace("-", " "))
        if score > 0:
            detail = ", ".join(str(p) for p in (row.place, row.year) if p)
            hits.append(Hit("meeting", row.id, row.name, detail, score, matched))
    return hits


SEARCHERS: list[Searcher] = [
    search_areas,
    search_instruments,
    search_gcm,
    search_forums,
    search_actors,
    search_meetings,
]


def search(conn: Connection, text: str, limit: int = 20) -> dict[str, Any]:
    """Hits across every kind, best first; an empty query finds nothing."""
    query = normalise(text)
    hits: list[Hit] = []
    if query:
        for searcher in SEARCHERS:
            hits.extend(searcher(conn, query))
    hits.sort(key=lambda h: (-h.score, h.label))
    return {
        "query": text,
        "total": len(hits),
        "hits": [asdict(h) for h in hits[:limit]],
        "kinds": sorted({h.kind for h in hits}),
    }
