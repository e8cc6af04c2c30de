"""Search every kind of entity by name, code or alias, ranked for a search box.

The build writes one document per entity into the database's full-text index
(evidence.store.search_index); a query finds the documents holding each of its words, or a
word starting with it, and ranks them by their best name: an exact match first, then a name
starting with the query, then a word of a name starting with it, then a name holding it. The
full-text rank orders hits that score the same. A new kind is added in search_index.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection

from commonground.evidence.countries import normalise
from commonground.evidence.store.search_index import SEARCH, Name, read_names

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


def search(conn: Connection, text: str, limit: int = 20) -> dict[str, Any]:
    """Hits across every kind, best first; an empty query finds nothing."""
    query = normalise(text)
    rows = SEARCH.search(conn, query) if query else []
    ranked = sorted(
        ((_hit(query, row), float(row.rank)) for row in rows),
        key=lambda pair: (-pair[0].score, -pair[1], pair[0].label),
    )
    hits = [hit for hit, _ in ranked]
    return {
        "query": text,
        "total": len(hits),
        "hits": [asdict(h) for h in hits[:limit]],
        "kinds": sorted({h.kind for h in hits}),
    }
