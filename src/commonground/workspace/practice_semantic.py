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
from sqlalchemy import Connection

from commonground.workspace.practice_facets import Stamp, changed_since, kept_current
from commonground.workspace.practice_index import Query, filtered, search, snippets
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
    stamp: Stamp
    ids: list[int]
    slugs: list[str]
    titles: list[str]
    matrix: Matrix


_CACHE: dict[str, Vectors] = {}


def vectors(conn: Connection) -> Vectors:
    """The published practices' vectors (title and summary). A write re-embeds only the
    practices it reindexed (their generation moved, as for the facet index)."""

    def current(now: Stamp, prior: Vectors | None, since: int | None) -> Vectors:
        columns = (practices.c.slug, practices.c.title, practices.c.summary)
        rows = conn.execute(changed_since(since, *columns)).all()
        changed = {r.record_id for r in rows}
        kept = [i for i, key in enumerate(prior.ids) if key not in changed] if prior else []
        new = [r for r in rows if r.published]
        parts = [prior.matrix[kept]] if prior is not None and kept else []
        if new:
            parts.append(embed([f"{r.title}. {r.summary}" for r in new]))

        def column(held_as: str, read_as: str) -> list[Any]:
            old = [getattr(prior, held_as)[i] for i in kept] if prior else []
            return old + [getattr(r, read_as) for r in new]

        return Vectors(
            now,
            column("ids", "record_id"),
            column("slugs", "slug"),
            column("titles", "title"),
            np.vstack(parts) if parts else np.zeros((0, 1), np.float32),
        )

    return kept_current(conn, _CACHE, current)


def nearest(
    conn: Connection,
    text: str,
    k: int = 10,
    exclude: int | None = None,
    among: set[int] | None = None,
) -> list[dict[str, Any]]:
    """The k published practices closest to a text (of those `among`, when given): only the
    k best are sorted, not every practice."""
    held = vectors(conn)
    if not held.ids:
        return []
    cos = held.matrix @ embed([text])[0]
    ids = np.asarray(held.ids, dtype=np.int64)
    allowed = ids != (exclude if exclude is not None else -1)
    if among is not None:
        allowed &= np.isin(ids, np.fromiter(among, dtype=np.int64, count=len(among)))
    candidates = np.flatnonzero(allowed)
    if len(candidates) > k:
        candidates = candidates[np.argpartition(-cos[candidates], k - 1)[:k]]
    order = candidates[np.argsort(-cos[candidates], kind="stable")].tolist()
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
    keyword = search(conn, replace(query, limit=50, offset=0), with_snippets=False)
    near = nearest(conn, query.q, 50, among=filtered(conn, query))
    ranked = blend(keyword["results"], near)
    page = ranked[query.offset : query.offset + query.limit]
    shown = snippets(conn, {r["id"]: r["summary"] for r in page}, query.q)
    return {
        "total": len(ranked),
        "results": [{**r, "snippet": shown.get(r["id"])} for r in page],
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
