"""Semantic search, similar practices and suggested objectives with offline embeddings.

The model is `wordllama` (MIT; its 256-dimension weights and tokenizer ship inside the
wheel, numpy only): it is loaded from the installed package with downloads disabled, so
nothing is fetched at run time. It is optional (`pip install 'commonground[semantic]'`):
without it `available()` is False and search stays keyword-only. The vectors of the
published practices are a numpy matrix over the rows, rebuilt when the index changes
(`bench/practices.py` measured this against the alternatives: see the README).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection

from commonground.workspace.answers import RecordData
from commonground.workspace.practice_facets import (
    Mask,
    Stamp,
    changed_since,
    kept_current,
    stamp,
    tag_index,
)
from commonground.workspace.practice_hits import HybridHit, RankedPage, SimilarPractice
from commonground.workspace.practice_index import (
    Matches,
    Query,
    matches,
    search,
    shown,
    snippets,
    words,
)
from commonground.workspace.tables import practices

KEYWORD_WEIGHT = 0.5  # the blend bench/practices.py measured best of 0.3 / 0.5 / 0.7
WINDOW = 50  # keyword matches and nearest practices the blend ranks, before keyword order
Matrix = npt.NDArray[np.float32]
Slots = tuple[Matrix, "Mask"]
Scores = npt.NDArray[np.float64]
Ranked = tuple[npt.NDArray[np.int64], Scores, Scores, Scores]


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


@lru_cache(maxsize=512)
def query_vector(text: str) -> Matrix:
    """One text's vector, kept for the texts asked again (the next page, another facet)."""
    found: Matrix = embed([text])[0]
    found.flags.writeable = False
    return found


def cosines(matrix: Matrix, vector: Matrix) -> Matrix:
    """Each row's cosine with a vector (both normalised). `einsum` keeps this on one thread:
    the BLAS product spreads a 10,000 x 256 product over every core, which on shared cores
    made its slowest searches tens of milliseconds slower (bench/practices.py)."""
    found: Matrix = np.einsum("ij,j->i", matrix, vector)
    return found


@dataclass(frozen=True)
class Vectors:
    stamp: Stamp
    ids: list[int]
    slugs: list[str]
    titles: list[str]
    matrix: Matrix

    @cached_property
    def keys(self) -> npt.NDArray[np.int64]:
        """The record ids as an array, for the slots of the facet index."""
        return np.asarray(self.ids, dtype=np.int64)


_CACHE: dict[str, Vectors] = {}


def vectors(conn: Connection, now: Stamp | None = None) -> Vectors:
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

    return kept_current(conn, _CACHE, current, now)


def nearest(
    conn: Connection, text: str, k: int = 10, exclude: int | None = None
) -> list[SimilarPractice]:
    """The k published practices closest to a text: only the k best are sorted, not every
    practice."""
    held = vectors(conn)
    if not held.ids:
        return []
    cos = cosines(held.matrix, query_vector(text))
    candidates = np.flatnonzero(held.keys != (exclude if exclude is not None else -1))
    order = candidates[_best(cos[candidates], k)].tolist()
    return [
        SimilarPractice(
            id=held.ids[i],
            slug=held.slugs[i],
            title=held.titles[i],
            similarity=round(float(cos[i]), 4),
        )
        for i in order
    ]


def _best(scores: npt.NDArray[Any], k: int) -> npt.NDArray[np.int64]:
    """The places of the k highest scores, highest first (ties in place order): a partition
    finds them, and only they are sorted."""
    top = np.arange(len(scores))
    if len(scores) > k:
        top = np.sort(np.argpartition(-scores, k - 1)[:k])
    return top[np.argsort(-scores[top], kind="stable")]


def similarities(conn: Connection, found: Matches, text: str, now: Stamp) -> Slots:
    """The cosine of each slot of the facet index with a text (0 for a practice without a
    vector) and which slots have one."""
    held = vectors(conn, now)
    at, known = found.index.positions(held.keys)
    similarity = np.zeros(len(found.index.ids), dtype=np.float32)
    embedded = np.zeros(len(found.index.ids), dtype=bool)
    if held.ids:
        similarity[at[known]] = cosines(held.matrix, query_vector(text))[known]
        embedded[at[known]] = True
    return similarity, embedded


def hybrid_order(
    found: Matches, similarity: Matrix, embedded: Mask, window: int = WINDOW
) -> Ranked:
    """Every practice found, the blended window first: the `window` best keyword matches and
    the `window` nearest practices the filters keep (the words aside), ranked by the blend of
    the keyword score (scaled to the best) and the cosine of the nearest (0 for the others,
    which bench/practices.py measured a little better than every cosine); then every other
    keyword match, in keyword order. Returns the slots in that order and each slot's keyword
    share, the cosine counted and the blend."""
    top = float(found.rank[found.order[0]]) if len(found.order) else 0.0
    keyword = found.rank / (top or 1.0)
    near = np.flatnonzero(found.allowed & embedded)
    near = near[_best(similarity[near], window)]
    counted = np.zeros(len(similarity), dtype=np.float64)
    counted[near] = similarity[near]
    blended = KEYWORD_WEIGHT * keyword + (1 - KEYWORD_WEIGHT) * counted
    ranked = np.concatenate([found.order[:window], near])
    ranked = ranked[np.sort(np.unique(ranked, return_index=True)[1])]
    ranked = ranked[np.argsort(-blended[ranked], kind="stable")]
    inside = np.zeros(len(found.index.ids), dtype=bool)
    inside[ranked] = True
    order = np.concatenate([ranked, found.order[~inside[found.order]]])
    return order, keyword, counted, blended


def ranked_search(conn: Connection, query: Query, mode: str, window: int = WINDOW) -> RankedPage:
    """Full-text search, and in hybrid mode every match again with the blended window first
    (hybrid_order): the total counts every practice found, as keyword mode does, plus the
    nearest practices the words do not match, and the pages go through all of them."""
    if mode != "hybrid" or not words(query.q) or query.sort == "newest" or not available():
        keyword_page = search(conn, query)
        return RankedPage(
            total=keyword_page.total,
            results=keyword_page.results,
            facets=keyword_page.facets,
            mode="keyword",
        )
    now = stamp(conn)
    found = matches(conn, query, tag_index(conn, now))
    similarity, embedded = similarities(conn, found, query.q, now)
    order, keyword, counted, blended = hybrid_order(found, similarity, embedded, window)
    page = order[query.offset : query.offset + query.limit]
    ids = [int(found.index.ids[p]) for p in page]
    rows = shown(conn, ids)
    # only the words' matches can be highlighted; a neighbour by meaning shows its summary
    matched = found.matched if found.matched is not None else np.zeros(len(page), bool)
    marked = snippets(
        conn,
        {i: rows[i].summary for i, p in zip(ids, page, strict=True) if i in rows and matched[p]},
        query.q,
    )
    return RankedPage(
        total=len(order),
        results=[
            HybridHit(
                id=record_id,
                slug=rows[record_id].slug,
                title=rows[record_id].title,
                summary=rows[record_id].summary,
                score=round(float(blended[p]), 6),
                keyword=round(float(keyword[p]), 6),
                similarity=round(float(counted[p]), 4),
                snippet=marked.get(record_id),
            )
            for p, record_id in zip(page, ids, strict=True)
            if record_id in rows
        ],
        facets=found.facets,
        mode="hybrid",
    )


def similar_practices(
    conn: Connection, record_id: int, data: RecordData, limit: int
) -> list[SimilarPractice]:
    """The published practices closest to one practice's title and summary: by meaning where
    the model is installed, else by the full-text rank of those words."""
    text = f"{data['title']}. {data['summary']}"
    if available():
        return nearest(conn, text, limit, exclude=record_id)
    found = search(conn, Query(q=text, limit=limit + 1)).results
    return [
        SimilarPractice(
            id=r.id, slug=r.slug, title=r.title, score=r.score, summary=r.summary, snippet=r.snippet
        )
        for r in found
        if r.id != record_id
    ][:limit]
