"""The index of published practices: full text, facets and filters, kept current on every
write (the practice kind's `changed` hook runs in the writing transaction).

Full text is the database's own, through commonground.fulltext: an FTS5 table on SQLite
(BM25), a table with a weighted `tsvector` and a GIN index on PostgreSQL (`ts_rank`). Both
hold five searched columns (title, summary, description, organisations, places), weighted in
that order. A query's words are matched as words or word starts ("moroc" finds Morocco), any
of them, best first. Facets are rows of `practice_tags` (one per facet and value), so a filter
is an `IN` and a count a `GROUP BY`, the same SQL on both backends.

A search runs the full-text query once; the filters, the total and every facet's counts are
then masks over the facet values held in memory (practice_facets). Facets are disjunctive:
the counts of a facet's values are taken with every other facet's filter applied but not its
own, so choosing one region still shows how many practices each other region would add.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypedDict

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import (
    Connection,
    and_,
    delete,
    func,
    insert,
    select,
)

from commonground.fulltext import FullTextIndex, highlight
from commonground.workspace.accounts import slugify
from commonground.workspace.answers import RecordData
from commonground.workspace.practice import INDEXERS, ISO3, places, vocabulary, year
from commonground.workspace.practice_facets import Mask, TagIndex, tag_index
from commonground.workspace.practice_hits import (
    FacetCount,
    Facets,
    Page,
    PracticeHit,
    PublishedPractice,
)
from commonground.workspace.tables import (
    organisations,
    practice_tags,
    practices,
    record_versions,
    records,
)

SEARCHED = ("title", "summary", "description", "organisations", "places")
WEIGHTS = (10.0, 5.0, 1.0, 3.0, 3.0)
PRACTICE_FTS = FullTextIndex(
    "practice_fts",
    stored=("record_id",),
    weighted=tuple(zip(SEARCHED, WEIGHTS, strict=True)),
    key_type="INTEGER PRIMARY KEY",
    prefix="2 3 4",
    rowid_key=True,
    ranked_by=("title", "summary", "organisations", "places"),
)
FACETS = (
    "objective",
    "principle",
    "region",
    "country",
    "type",
    "status",
    "org_kind",
    "period",
    "language",
    "sdg",
    "forum",
    "theme",
    "organisation",
    "meeting",
    "corridor",
)
STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "how",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "to",
        "with",
        "what",
        "which",
        "who",
        "where",
        "their",
        "its",
        "this",
        "these",
        "those",
    ]
)
_WORD = re.compile(r"[^\W_]+")


def create_statements(dialect: str) -> list[str]:
    """The DDL of the full-text table (run by the migration)."""
    return PRACTICE_FTS.create_statements(dialect)


def drop_statements(dialect: str) -> list[str]:
    return PRACTICE_FTS.drop_statements(dialect)


def words(query: str) -> list[str]:
    """The words of a query that are searched (stop words left out, unless nothing else)."""
    found = _WORD.findall(query.lower())
    kept = [w for w in found if w not in STOP]
    return kept or found


# --- writing --------------------------------------------------------------------------------


def _published_data(conn: Connection, record_id: int) -> RecordData | None:
    row = conn.execute(
        select(records.c.deleted_at, record_versions.c.data)
        .select_from(records)
        .join(
            record_versions,
            and_(
                record_versions.c.record_id == records.c.id,
                record_versions.c.number == records.c.published_version,
            ),
            isouter=True,
        )
        .where(records.c.id == record_id)
    ).first()
    if row is None or row.deleted_at is not None or row.data is None:
        return None
    return dict(row.data)


def tags(conn: Connection, data: RecordData) -> set[tuple[str, str]]:
    """The facet values of one version's data."""
    vocab = vocabulary()
    out: set[tuple[str, str]] = set()
    objectives = data.get("gcm_objectives") or {}
    for n in [objectives.get("primary"), *(objectives.get("secondary") or [])]:
        if n is not None:
            out.add(("objective", str(n)))
    out |= {("principle", p) for p in data.get("guiding_principles") or []}
    out |= {("sdg", s) for s in data.get("sdg_targets") or []}
    out |= {("language", lang) for lang in data.get("languages") or []}
    countries = set(data.get("countries") or [])
    for corridor in data.get("corridors") or []:
        countries |= {corridor[s] for s in ("origin", "destination") if ISO3.match(corridor[s])}
    out |= {("country", c) for c in countries}
    out |= {("region", r) for r in data.get("regions") or []}
    for c in countries:
        out |= {("region", r) for r in vocab.geography.get(c, ()) if r}
    if data.get("global"):
        out.add(("region", "Global"))
    for name in ("type", "status", "thematic_area"):
        if data.get(name):
            out.add(("theme" if name == "thematic_area" else name, str(data[name])))
    origin = data.get("origin") or {}
    if origin.get("forum"):
        out.add(("forum", origin["forum"]))
    if origin.get("meeting"):
        out.add(("meeting", origin["meeting"]))
    for corridor in data.get("corridors") or []:
        out.add(("corridor", f"{corridor['origin']}>{corridor['destination']}"))
    orgs = [*(data.get("lead_organisations") or []), *(data.get("partners") or [])]
    out |= {("organisation", o) for o in orgs}
    if orgs:
        kinds = conn.execute(
            select(organisations.c.kind).where(organisations.c.id.in_(orgs)).distinct()
        ).scalars()
        out |= {("org_kind", k) for k in kinds}
    start, end = year(data.get("start")), year(data.get("end"))
    if start is not None:
        last = end if end is not None else max(start, 2026)
        out |= {("period", f"{d}s") for d in range(start // 10 * 10, last // 10 * 10 + 1, 10)}
    return {(f, v[:120]) for f, v in out}


class _Indexed(TypedDict, total=False):
    """The columns of `practices` a reindex writes (the published version's, when there is one)."""

    published: bool
    generation: int
    title: str
    summary: str
    start_year: int | None
    end_year: int | None
    call_id: int | None


def reindex_one(conn: Connection, record_id: int) -> None:
    """Make the index say what the record's published version says (or drop it)."""
    conn.execute(delete(practice_tags).where(practice_tags.c.record_id == record_id))
    PRACTICE_FTS.delete(conn, record_id)
    data = _published_data(conn, record_id)
    found = conn.execute(select(practices.c.record_id).where(practices.c.record_id == record_id))
    if found.first() is None:
        conn.execute(
            insert(practices).values(
                record_id=record_id, slug=_new_slug(conn, record_id), published=False
            )
        )
    top = conn.execute(select(func.coalesce(func.max(practices.c.generation), 0))).scalar_one()
    values: _Indexed = {"published": data is not None, "generation": int(top) + 1}
    if data is not None:
        values |= {
            "title": data["title"],
            "summary": data["summary"],
            "start_year": year(data.get("start")),
            "end_year": year(data.get("end")),
            "call_id": (data.get("origin") or {}).get("call"),
        }
        rows = [
            {"record_id": record_id, "facet": f, "value": v} for f, v in sorted(tags(conn, data))
        ]
        if rows:
            conn.execute(insert(practice_tags), rows)
        orgs = [*data["lead_organisations"], *(data.get("partners") or [])]
        names = dict(
            conn.execute(
                select(organisations.c.id, organisations.c.name).where(organisations.c.id.in_(orgs))
            ).all()
        )
        document = {
            "record_id": record_id,
            "title": data["title"],
            "summary": data["summary"],
            "description": "\n".join(
                data.get(k) or "" for k in ("description", "results", "lessons", "thematic_area")
            ),
            "organisations": " ; ".join(names.get(o, o) for o in orgs),
            "places": " ; ".join(places(data)),
        }
        PRACTICE_FTS.insert(conn, [document])
    conn.execute(practices.update().where(practices.c.record_id == record_id).values(**values))


INDEXERS.append(reindex_one)


def _new_slug(conn: Connection, record_id: int) -> str:
    """A stable id made from the first version's title, unique among practices."""
    data = conn.execute(
        select(record_versions.c.data)
        .where(record_versions.c.record_id == record_id)
        .order_by(record_versions.c.number)
    ).scalar()
    base = slugify(str((data or {}).get("title") or "practice"))[:70].strip("-") or "practice"
    slug, n = base, 1
    while conn.execute(select(practices.c.slug).where(practices.c.slug == slug)).first():
        n += 1
        slug = f"{base}-{n}"
    return slug


def reindex_all(conn: Connection) -> int:
    """Rebuild the whole index from the records (after a restore, or a new vocabulary)."""
    ids = list(conn.execute(select(practices.c.record_id)).scalars())
    for record_id in ids:
        reindex_one(conn, record_id)
    return len(ids)


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A search: words, facet filters (any value within a facet, every facet), a period."""

    q: str = ""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    limit: int = 20
    offset: int = 0
    sort: str = "best"
    """"best" (best match first when there are words, then by title) or "newest" (the most
    recently added first, as the pages that list a country's or an objective's practices show)."""


def _match(conn: Connection, query: Query) -> str | None:
    """The query's words as the index matches them (any of them), None without words."""
    if not words(query.q):
        return None
    return PRACTICE_FTS.match(conn.dialect.name, " ".join(words(query.q)), every=False)


def _kept(index: TagIndex, query: Query) -> Mask:
    """The published practices inside the query's period."""
    kept = index.live.copy()
    if query.year_from is not None:
        kept &= np.isnan(index.end) | (index.end >= query.year_from)
    if query.year_to is not None:
        kept &= index.start <= query.year_to
    return kept


@dataclass(frozen=True)
class Matches:
    """Every practice a query finds, in the order keyword search shows them, over the facet
    index they were read from (so a caller can rank a part of them otherwise)."""

    index: TagIndex
    order: NDArray[np.int64]
    """The slots of the practices found: best match first when there are words, then by title
    (or newest first when asked)."""
    rank: NDArray[np.float64]
    """The full-text rank of each slot (0 for a practice the words do not match)."""
    matched: Mask | None
    """The slots the words match, None for a query without words."""
    allowed: Mask
    """The slots the query's period and filters keep, its words aside."""
    facets: Facets


def matches(conn: Connection, query: Query, index: TagIndex | None = None) -> Matches:
    """The practices a query finds and each facet's counts (disjunctive). The full-text query
    runs once and comes back as two arrays; filters and counts are masks over the facet index
    (practice_facets), this one when the caller has read it already."""
    index = tag_index(conn) if index is None else index
    kept = _kept(index, query)
    rank = np.zeros(len(index.ids))
    match = _match(conn, query)
    hit = None
    filters = [(f, v) for f, v in query.filters if v]
    masks = [index.having(f, v) for f, v in filters]
    allowed = kept.copy()
    for mask in masks:
        allowed &= mask
    if match is not None:
        keys, scores = PRACTICE_FTS.ranked(conn, match)
        at, known = index.positions(keys)
        hit = np.zeros(len(index.ids), dtype=bool)
        hit[at[known]] = True
        rank[at[known]] = scores[known]
        kept &= hit

    def but(skip: int | None) -> Mask:
        out = kept.copy()
        for i, mask in enumerate(masks):
            if i != skip:
                out &= mask
        return out

    every = but(None)
    counts = index.counts(every)
    for i, (facet, _) in enumerate(filters):
        counts[facet] = index.counts(but(i), facet).get(facet, {})
    chosen = np.flatnonzero(every)
    if query.sort == "newest":
        chosen = chosen[np.argsort(-index.ids[chosen], kind="stable")]
    else:
        chosen = chosen[np.lexsort((index.by_title[chosen], -rank[chosen]))]
    facets: Facets = {f: [] for f in FACETS}
    for facet, values in counts.items():
        facets[facet] = [
            FacetCount(value=v, count=n)
            for v, n in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
    return Matches(index, chosen, rank, hit, allowed, facets)


@dataclass(frozen=True)
class Shown:
    """What a page shows of a practice found."""

    slug: str
    title: str
    summary: str


def shown(conn: Connection, ids: list[int]) -> dict[int, Shown]:
    """What a page shows of these practices (slug, title, summary), by record id."""
    return {
        r.record_id: Shown(r.slug, r.title, r.summary)
        for r in conn.execute(
            select(practices.c.record_id, practices.c.slug, practices.c.title)
            .add_columns(practices.c.summary)
            .where(practices.c.record_id.in_(ids))
        )
    }


def search(conn: Connection, query: Query) -> Page:
    """One page of results (best first when there are words, by title otherwise, or newest
    first when asked), the total, each facet's counts (disjunctive), and a highlighted snippet
    per hit shown."""
    found = matches(conn, query)
    page = found.order[query.offset : query.offset + query.limit]
    ids = [int(found.index.ids[p]) for p in page]
    rows = shown(conn, ids)
    marked = {}
    if found.matched is not None:
        marked = snippets(conn, {i: r.summary for i, r in rows.items()}, query.q)
    return Page(
        total=len(found.order),
        results=[
            PracticeHit(
                id=record_id,
                slug=rows[record_id].slug,
                title=rows[record_id].title,
                summary=rows[record_id].summary,
                score=round(float(found.rank[p]), 6),
                snippet=marked.get(record_id),
            )
            for p, record_id in zip(page, ids, strict=True)
            if record_id in rows
        ],
        facets=found.facets,
    )


def snippets(conn: Connection, summaries: dict[int, str], q: str) -> dict[int, str]:
    """HTML for the hits shown: the summary or description around the query's words, each in
    <mark>, everything else escaped. The summaries are the ones the page already read; only
    the hits whose match lies further down read their published version (no second
    full-text query)."""
    q = " ".join(words(q))
    out = {}
    for record_id, summary in summaries.items():
        found = highlight(str(summary or ""), q)
        if found is not None:
            out[record_id] = found
    rest = [i for i in summaries if i not in out]
    if not rest:
        return out
    rows = conn.execute(
        select(records.c.id, record_versions.c.data)
        .join(
            record_versions,
            and_(
                record_versions.c.record_id == records.c.id,
                record_versions.c.number == records.c.published_version,
            ),
        )
        .where(records.c.id.in_(rest))
    )
    for record_id, data in rows:
        for name in ("description", "results", "lessons"):
            found = highlight(str((data or {}).get(name) or ""), q)
            if found is not None:
                out[int(record_id)] = found
                break
    return out


def slug_of(conn: Connection, record_id: int) -> str | None:
    found = conn.execute(select(practices.c.slug).where(practices.c.record_id == record_id))
    return found.scalar()


def record_for(conn: Connection, key: str) -> int | None:
    """The record id of a practice named by its slug or its number."""
    if key.isdigit():
        found = conn.execute(select(practices.c.record_id).where(practices.c.record_id == int(key)))
    else:
        found = conn.execute(select(practices.c.record_id).where(practices.c.slug == key))
    value = found.scalar()
    return None if value is None else int(value)


def published_rows(conn: Connection) -> list[PublishedPractice]:
    """Every published practice with its facet values, for the analyses."""
    rows = conn.execute(
        select(practices.c.record_id, practices.c.slug, practices.c.title).where(
            practices.c.published.is_(True)
        )
    ).all()
    tags: dict[int, dict[str, list[str]]] = {r.record_id: {} for r in rows}
    for record_id, facet, value in conn.execute(
        select(practice_tags.c.record_id, practice_tags.c.facet, practice_tags.c.value)
    ):
        if record_id in tags:
            tags[record_id].setdefault(facet, []).append(value)
    return [
        PublishedPractice(id=r.record_id, slug=r.slug, title=r.title, tags=tags[r.record_id])
        for r in rows
    ]
