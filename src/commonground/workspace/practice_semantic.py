"""Semantic search, similar practices and suggested objectives with offline embeddings.

The model is `wordllama` (MIT; its 256-dimension weights and tokenizer ship inside the
wheel, numpy only): it is loaded from the installed package with downloads disabled, so
nothing is fetched at run time. It is optional (`pip install 'commonground[semantic]'`):
without it `available()` is False and search stays keyword-only. The vectors of the
published practices are a numpy matrix over the rows, rebuilt when the index changes
(`bench/practices.py` measured this against the alternatives: see the README).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, func, select

from commonground.workspace.practice_index import Query, matching, search
from commonground.workspace.tables import practices

KEYWORD_WEIGHT = 0.5  # the blend bench/practices.py measured best of 0.3 / 0.5 / 0.7
Matrix = npt.NDArray[np.float32]


@cache
def _model() -> Any:
    import wordllama  # type: ignore[import-untyped]  # no type information shipped

    return wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )


def available() -> bool:
    try:
        _model()
    except (ImportError, FileNotFoundError):
        return False
    return True


def embed(texts: list[str]) -> Matrix:
    vectors = np.asarray(_model().embed(texts), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


@dataclass(frozen=True)
class Vectors:
    key: tuple[Any, ...]
    ids: list[int]
    slugs: list[str]
    titles: list[str]
    matrix: Matrix


_CACHE: dict[str, Vectors] = {}


def vectors(conn: Connection) -> Vectors:
    """The published practices' vectors (title and summary), kept until the index changes."""
    state = select(
        func.count(), func.max(practices.c.record_id), func.sum(practices.c.start_year)
    ).where(practices.c.published.is_(True))
    key = (*conn.execute(state).one(), str(conn.engine.url))
    cached = _CACHE.get("practices")
    if cached is not None and cached.key == key:
        return cached
    rows = conn.execute(
        select(practices.c.record_id, practices.c.slug, practices.c.title, practices.c.summary)
        .where(practices.c.published.is_(True))
        .order_by(practices.c.record_id)
    ).all()
    matrix = (
        embed([f"{r.title}. {r.summary}" for r in rows]) if rows else np.zeros((0, 1), np.float32)
    )
    found = Vectors(key, [r.record_id for r in rows], [r.slug for r in rows],
                    [r.title for r in rows], matrix)  # fmt: skip
    _CACHE["practices"] = found
    return found


def nearest(
    conn: Connection, text: str, k: int = 10, exclude: int | None = None
) -> list[dict[str, Any]]:
    held = vectors(conn)
    if not held.ids:
        return []
    cos = held.matrix @ embed([text])[0]
    order = [i for i in np.argsort(-cos) if held.ids[i] != exclude][:k]
    return [
        {
            "id": held.ids[i],
            "slug": held.slugs[i],
            "title": held.titles[i],
            "similarity": round(float(cos[i]), 4),
        }
        for i in order
    ]


def blend(keyword: list[dict[str, Any]], semantic: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keyword hits (scores scaled to the best) and semantic neighbours, one ranking."""
    top = max((r["score"] for r in keyword), default=0.0) or 1.0
    merged: dict[int, dict[str, Any]] = {}
    for r in keyword:
        merged[r["id"]] = {**r, "keyword": r["score"] / top, "similarity": 0.0}
    for r in semantic:
        entry = merged.setdefault(r["id"], {**r, "keyword": 0.0, "snippet": None, "summary": ""})
        entry["similarity"] = r["similarity"]
    for entry in merged.values():
        entry["score"] = round(
            KEYWORD_WEIGHT * entry["keyword"] + (1 - KEYWORD_WEIGHT) * entry["similarity"], 6
        )
    return sorted(merged.values(), key=lambda e: -e["score"])


def ranked_search(conn: Connection, query: Query, mode: str) -> dict[str, Any]:
    """Full-text search, blended with semantic neighbours in hybrid mode."""
    if mode != "hybrid" or not query.q.strip() or query.sort == "newest" or not available():
        return {**search(conn, query), "mode": "keyword"}
    keyword = search(conn, replace(query, limit=50, offset=0))
    allowed = set(conn.execute(matching(conn, replace(query, q=""))).scalars())
    near = [r for r in nearest(conn, query.q, 100) if r["id"] in allowed][:50]
    ranked = blend(keyword["results"], near)
    return {
        "total": len(ranked),
        "results": ranked[query.offset : query.offset + query.limit],
        "facets": keyword["facets"],
        "mode": "hybrid",
    }


def similar_practices(
    conn: Connection, record_id: int, data: dict[str, Any], limit: int
) -> list[dict[str, Any]]:
    text = f"{data['title']}. {data['summary']}"
    if available():
        return nearest(conn, text, limit, exclude=record_id)
    found = search(conn, Query(q=text, limit=limit + 1))["results"]
    return [r for r in found if r["id"] != record_id][:limit]
