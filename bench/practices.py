"""Practices: quality of suggested objectives and of search, and search latency at 10,000.

1. Suggested objectives, precision@3, on a quarter of the seeded practices held out (their
   curated objectives as labels): a keyword baseline (objective titles only) against the
   TF-IDF suggester the API uses (titles plus the labelled practices), and, when the
   `wordllama` package is installed, its offline embeddings and a blend.
2. Search, nDCG@10 on the judged queries (facts/practices/search_queries.yaml): the database's
   full-text search alone against a hybrid (full-text score blended with embedding cosine),
   and the first page of the hybrid search the pages and the API answer.
3. Search latency (median, p95) at N synthetic practices made from the seeds' words, on SQLite
   and, with --pg-url, on PostgreSQL, keyword and (with wordllama) hybrid: a words query with
   facets, and a facet filter alone; the first search of a process (the facet index and the
   vectors read whole) and the first after a write of one practice (patched).

Prints figures, asserts nothing.

    .venv/bin/python bench/practices.py
    .venv/bin/python bench/practices.py --pg-url postgresql+psycopg://u:p@127.0.0.1/db --n 10000
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from sqlalchemy import Engine, create_engine, insert, text

from commonground.workspace import practice_seed, practice_semantic
from commonground.workspace.practice import Vocabulary, use_vocabulary
from commonground.workspace.practice_index import PRACTICE_FTS, Query, reindex_one, search, tags
from commonground.workspace.practice_suggest import label_documents, rank, tokens
from commonground.workspace.store import upgrade, workspace_engine, writing
from commonground.workspace.tables import practice_tags, practices, record_versions, records

REPO = Path(__file__).resolve().parents[1]
BUNDLE = Path(os.environ.get("COMMONGROUND_DATA") or REPO.parent / "shared" / "data")
QUERIES = REPO / "src/commonground/facts/practices/search_queries.yaml"


def objectives() -> dict[int, str]:
    with (BUNDLE / "gcm" / "gcm_objectives.csv").open(encoding="utf-8") as f:
        return {int(r["objective"]): r["title"] for r in csv.DictReader(f)}


def seeded(url: str, schema: str | None = None) -> Engine:
    engine = workspace_engine(url, schema)
    upgrade(engine)
    with writing(engine) as conn:
        report = practice_seed.import_practices(conn, practice_seed.read_seed())
    assert not report["refused"], report["refused"][:2]
    return engine


def text_of(item: dict[str, Any]) -> str:
    return " ".join(str(item.get(k) or "") for k in ("title", "summary", "description"))


def labels(item: dict[str, Any]) -> set[int]:
    o = item["gcm_objectives"]
    return {int(o["primary"]), *(int(n) for n in o.get("secondary") or [])}


def precision_at_3(ranked: list[int], truth: set[int]) -> float:
    return len([n for n in ranked[:3] if n in truth]) / 3


def ndcg_at_10(ranked: list[str], judged: dict[str, int]) -> float:
    dcg = sum((2 ** judged.get(s, 0) - 1) / math.log2(i + 2) for i, s in enumerate(ranked[:10]))
    ideal = sorted(judged.values(), reverse=True)[:10]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


class Embedder:
    """wordllama's offline embeddings (weights inside the wheel), or None if not installed."""

    def __init__(self) -> None:
        import wordllama
        from wordllama import WordLlama

        start = time.perf_counter()
        self.model = WordLlama.load(
            cache_dir=Path(wordllama.__file__).parent, disable_download=True
        )
        self.load_seconds = time.perf_counter() - start

    def __call__(self, texts: list[str]) -> np.ndarray:
        vectors = np.asarray(self.model.embed(texts), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


def suggestions(engine: Engine, items: list[dict[str, Any]], embed: Embedder | None) -> None:
    vocab = Vocabulary(objectives=objectives())
    held = [i for n, i in enumerate(sorted(items, key=lambda i: i["id"])) if n % 4 == 0]
    held_ids = {i["id"] for i in held}
    train = [i for i in items if i["id"] not in held_ids]
    with engine.connect() as conn:
        slugs = dict(conn.execute(text("SELECT slug, record_id FROM practices")).all())
        docs = label_documents(conn, vocab, exclude={slugs[s] for s in held_ids})["objective"]
    titles = {str(n): tokens(t) for n, t in vocab.objectives.items()}
    scores: dict[str, list[float]] = {"keyword baseline (titles)": [], "tf-idf labelled": []}
    if embed is not None:
        scores["wordllama"] = []
        scores["blend tf-idf + wordllama"] = []
        label_texts = {n: [t] for n, t in vocab.objectives.items()}
        for item in train:
            for n in labels(item):
                label_texts[n].append(text_of(item))
        centroids = {n: embed(ts).mean(axis=0) for n, ts in label_texts.items()}
        numbers = sorted(centroids)
        matrix = np.stack([centroids[n] / np.linalg.norm(centroids[n]) for n in numbers])
    for item in held:
        truth = labels(item)
        body = text_of(item)
        base = [int(r.id) for r in rank(titles, body, 23)]
        tfidf = rank(docs, body, 23)
        scores["keyword baseline (titles)"].append(precision_at_3(base, truth))
        scores["tf-idf labelled"].append(precision_at_3([int(r.id) for r in tfidf], truth))
        if embed is not None:
            cos = matrix @ embed([body])[0]
            semantic = [numbers[i] for i in np.argsort(-cos)]
            scores["wordllama"].append(precision_at_3(semantic, truth))
            t = {int(r.id): r.score for r in tfidf}
            tmax = max(t.values()) if t else 1.0
            blend = {
                n: 0.5 * t.get(n, 0.0) / tmax + 0.5 * float(c)
                for n, c in zip(numbers, cos, strict=True)
            }
            scores["blend tf-idf + wordllama"].append(
                precision_at_3(sorted(blend, key=lambda n: -blend[n]), truth)
            )
    print(f"\nSuggested objectives: precision@3 on {len(held)} held-out practices")
    for name, values in scores.items():
        print(f"  {name:28s} {statistics.mean(values):.3f}")


def search_quality(engine: Engine, items: list[dict[str, Any]], embed: Embedder | None) -> None:
    judged = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    ids = [i["id"] for i in items]
    doc_vectors = embed([text_of(i) for i in items]) if embed is not None else None
    results: dict[str, list[float]] = {"keyword (full text)": []}
    if embed is not None:
        results["semantic (wordllama)"] = []
        results["hybrid 0.5/0.5"] = []
    if practice_semantic.available():
        results["hybrid, as the pages rank"] = []
    with engine.connect() as conn:
        for q in judged:
            found = search(conn, Query(q["query"], limit=50)).results
            keyword = [r.slug for r in found]
            results["keyword (full text)"].append(ndcg_at_10(keyword, q["relevant"]))
            if embed is not None and doc_vectors is not None:
                cos = doc_vectors @ embed([q["query"]])[0]
                semantic = [ids[i] for i in np.argsort(-cos)]
                results["semantic (wordllama)"].append(ndcg_at_10(semantic, q["relevant"]))
                top = max((r.score for r in found), default=1.0) or 1.0
                kw = {r.slug: r.score / top for r in found}
                blend = {
                    s: 0.5 * kw.get(s, 0.0) + 0.5 * float(c) for s, c in zip(ids, cos, strict=True)
                }
                hybrid = sorted(blend, key=lambda s: -blend[s])
                results["hybrid 0.5/0.5"].append(ndcg_at_10(hybrid, q["relevant"]))
            if "hybrid, as the pages rank" in results:
                pages = practice_semantic.ranked_search(conn, Query(q["query"], limit=10), "hybrid")
                shown = [r.slug for r in pages.results]
                results["hybrid, as the pages rank"].append(ndcg_at_10(shown, q["relevant"]))
    print(f"\nSearch: nDCG@10 on {len(judged)} judged queries")
    for name, values in results.items():
        print(f"  {name:28s} {statistics.mean(values):.3f}")


def synthetic(engine: Engine, items: list[dict[str, Any]], n: int) -> None:
    """Add n practices made by mixing the seeds' sentences, straight into the tables."""
    rng = random.Random(7)
    words = [w for i in items for w in text_of(i).split()]
    with writing(engine) as conn:
        org = conn.execute(text("SELECT id FROM organisations LIMIT 1")).scalar_one()
        user = conn.execute(text("SELECT id FROM users LIMIT 1")).scalar_one()
        start = int(conn.execute(text("SELECT max(id) FROM records")).scalar_one()) + 1
        # each row moves the index's generation on, as the indexer does for every practice
        generation = int(conn.execute(text("SELECT max(generation) FROM practices")).scalar_one())
        now = datetime.now(UTC)
        for chunk in range(0, n, 1000):
            recs, versions, index, tag_rows, docs = [], [], [], [], []
            for k in range(chunk, min(n, chunk + 1000)):
                rid = start + k
                base = dict(rng.choice(items))
                base["title"] = " ".join(rng.sample(words, 8))
                base["summary"] = " ".join(rng.sample(words, 40))
                base["description"] = " ".join(rng.sample(words, 120))
                base.pop("id", None)
                recs.append({"id": rid, "kind": "practice", "organisation_id": org,
                             "created_by": user, "created_at": now, "latest_version": 1,
                             "published_version": 1})  # fmt: skip
                versions.append({"record_id": rid, "number": 1, "state": "published",
                                 "data": base, "author_id": user, "created_at": now,
                                 "extra_reviews": 0})  # fmt: skip
                index.append({"record_id": rid, "slug": f"synthetic-{k}", "published": True,
                              "generation": generation + 1 + k,
                              "title": base["title"], "summary": base["summary"]})  # fmt: skip
                tag_rows += [
                    {"record_id": rid, "facet": f, "value": v} for f, v in tags(conn, base)
                ]
                docs.append({"record_id": rid, "title": base["title"], "summary": base["summary"],
                             "description": base["description"], "organisations": "",
                             "places": " ".join(base.get("countries") or [])})  # fmt: skip
            conn.execute(insert(records), recs)
            conn.execute(insert(record_versions), versions)
            conn.execute(insert(practices), index)
            conn.execute(insert(practice_tags), tag_rows)
            PRACTICE_FTS.insert(conn, docs)
        if conn.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))


def _timed(conn: Any, run: Any, case: Query) -> float:
    start = time.perf_counter()
    run(conn, case)
    return (time.perf_counter() - start) * 1000


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def latency(engine: Engine, label: str, repeat: int) -> None:
    """Keyword search (the API's mode=keyword) and, with wordllama, the hybrid search the
    pages use; the first search of a process (the facet index read whole) and the first after
    a real write of one practice (the index patched with what changed)."""
    judged = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    cases = [Query(q["query"]) for q in judged]
    cases += [Query(q["query"], (("objective", ("5",)),)) for q in judged[:8]]
    cases += [Query("", (("country", ("MAR",)),)), Query("", (("objective", ("23",)),))]
    runs: dict[str, Any] = {"keyword": search}
    if practice_semantic.available():
        runs["hybrid"] = lambda conn, case: practice_semantic.ranked_search(conn, case, "hybrid")
    with engine.connect() as conn:
        total = conn.execute(text("SELECT count(*) FROM practices")).scalar_one()
        cold = {name: _timed(conn, run, cases[0]) for name, run in runs.items()}
        for name, run in runs.items():
            times = [_timed(conn, run, case) for _ in range(repeat) for case in cases]
            print(
                f"  {label:10s} {name:7s} {total:6d} practices, {len(times)} searches:"
                f" median {statistics.median(times):6.1f} ms, p95 {_p95(times):6.1f} ms;"
                f" first search of the process {cold[name]:7.1f} ms"
            )
        one = conn.execute(text("SELECT max(record_id) FROM practices")).scalar_one()
    after: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(3):
        for name, run in runs.items():
            with writing(engine) as conn:
                reindex_one(conn, one)  # as a new version does: the index moves on
            with engine.connect() as conn:
                after[name].append(_timed(conn, run, cases[0]))
    for name, figures in after.items():
        print(
            f"  {label:10s} {name:7s} first search after a write of one practice:"
            f" median of 3 {statistics.median(figures):6.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", default=os.environ.get("COMMONGROUND_TEST_PG_URL"))
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    use_vocabulary(Vocabulary(objectives=objectives()))
    items = practice_seed.read_seed()
    try:
        embed: Embedder | None = Embedder()
        print(f"wordllama loaded offline in {embed.load_seconds:.1f} s")
    except ImportError:
        embed = None
        print("wordllama not installed: embedding rows skipped")
    with tempfile.TemporaryDirectory() as tmp:
        engine = seeded(f"sqlite:///{tmp}/bench.db")
        suggestions(engine, items, embed)
        search_quality(engine, items, embed)
        load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
        print(f"\nSearch latency at {args.n} synthetic practices (+ the seeds); load {load}")
        synthetic(engine, items, args.n)
        latency(engine, "SQLite", args.repeat)
        engine.dispose()
    if args.pg_url:
        schema = f"{os.environ.get('COMMONGROUND_TEST_PG_SCHEMA', 'cg')}_bench_practices"
        admin = create_engine(args.pg_url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine = seeded(args.pg_url, schema)
        synthetic(engine, items, args.n)
        latency(engine, "PostgreSQL", args.repeat)
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
