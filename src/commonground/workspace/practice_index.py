"""The index of published practices: full text, facets and filters, kept current on every
write (the practice kind's `changed` hook runs in the writing transaction).

Full text is the database's own: an FTS5 table on SQLite (BM25, `snippet()`), a table with a
weighted `tsvector` and a GIN index on PostgreSQL (`ts_rank`, `ts_headline`). Both hold five
searched columns (title, summary, description, organisations, places) weighted in that order.
A query's words are matched as words or word starts ("moroc" finds Morocco), any of them, best
first. Facets are rows of `practice_tags` (one per facet and value), so a filter is an `IN`
and a count a `GROUP BY`, the same SQL on both backends.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    Float,
    Integer,
    Select,
    and_,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
)

from commonground.workspace.accounts import slugify
from commonground.workspace.practice import INDEXERS, ISO3, places, vocabulary, year
from commonground.workspace.tables import (
    organisations,
    practice_tags,
    practices,
    record_versions,
    records,
)

FTS = "practice_fts"
SEARCHED = ("title", "summary", "description", "organisations", "places")
WEIGHTS = (10.0, 5.0, 1.0, 3.0, 3.0)
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
OPEN, CLOSE = "\x02", "\x03"


def create_statements(dialect: str) -> list[str]:
    """The DDL of the full-text table (run by the migration)."""
    if dialect == "sqlite":
        columns = ", ".join(SEARCHED)
        return [
            f"CREATE VIRTUAL TABLE {FTS} USING fts5(record_id UNINDEXED, {columns},"
            " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
        ]
    weighted = " || ".join(
        f"setweight(to_tsvector('simple', coalesce({c}, '')), '{w}')"
        for c, w in zip(SEARCHED, "ABDCC", strict=True)
    )
    return [
        f"CREATE TABLE {FTS} (record_id INTEGER PRIMARY KEY,"
        + ", ".join(f" {c} TEXT NOT NULL DEFAULT ''" for c in SEARCHED)
        + f", document tsvector GENERATED ALWAYS AS ({weighted}) STORED)",
        f"CREATE INDEX ix_{FTS}_document ON {FTS} USING GIN (document)",
    ]


def drop_statements(dialect: str) -> list[str]:
    return [f"DROP TABLE {FTS}"]


def words(query: str) -> list[str]:
    """The words of a query that are searched (stop words left out, unless nothing else)."""
    found = _WORD.findall(query.lower())
    kept = [w for w in found if w not in STOP]
    return kept or found


# --- writing --------------------------------------------------------------------------------


def _published_data(conn: Connection, record_id: int) -> dict[str, Any] | None:
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


def tags(conn: Connection, data: dict[str, Any]) -> set[tuple[str, str]]:
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


def reindex_one(conn: Connection, record_id: int) -> None:
    """Make the index say what the record's published version says (or drop it)."""
    conn.execute(delete(practice_tags).where(practice_tags.c.record_id == record_id))
    conn.execute(text(f"DELETE FROM {FTS} WHERE record_id = :id"), {"id": record_id})
    data = _published_data(conn, record_id)
    found = conn.execute(select(practices.c.record_id).where(practices.c.record_id == record_id))
    if found.first() is None:
        conn.execute(
            insert(practices).values(
                record_id=record_id, slug=_new_slug(conn, record_id), published=False
            )
        )
    values: dict[str, Any] = {"published": data is not None}
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
            "id": record_id,
            "title": data["title"],
            "summary": data["summary"],
            "description": "\n".join(
                data.get(k) or "" for k in ("description", "results", "lessons", "thematic_area")
            ),
            "organisations": " ; ".join(names.get(o, o) for o in orgs),
            "places": " ; ".join(places(data)),
        }
        columns = ", ".join(("record_id", *SEARCHED))
        params = ", ".join((":id", *(f":{c}" for c in SEARCHED)))
        conn.execute(text(f"INSERT INTO {FTS} ({columns}) VALUES ({params})"), document)
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


def _match(dialect: str, query: str) -> str:
    found = words(query)
    if dialect == "sqlite":
        return " OR ".join(f'"{w}"*' for w in found)
    return " | ".join(f"{w}:*" for w in found)


def _ranked(conn: Connection, q: str) -> Select[Any]:
    """(record_id, rank) of the documents matching q, as a subquery-able select."""
    match = _match(conn.dialect.name, q)
    if conn.dialect.name == "sqlite":
        weights = ", ".join(str(w) for w in WEIGHTS)
        sql = text(
            f"SELECT record_id, -bm25({FTS}, 0, {weights}) AS rank FROM {FTS}"
            f" WHERE {FTS} MATCH :match"
        )
    else:
        sql = text(
            f"SELECT record_id, ts_rank(document, to_tsquery('simple', :match)) AS rank"
            f" FROM {FTS} WHERE document @@ to_tsquery('simple', :match)"
        )
    sub = sql.bindparams(match=match).columns(record_id=Integer, rank=Float).subquery("ranked")
    return select(sub.c.record_id, sub.c.rank)


def matching(conn: Connection, query: Query) -> Select[Any]:
    """The ids of the published practices a query finds (no order)."""
    ids = select(practices.c.record_id).where(practices.c.published.is_(True))
    for facet, values in query.filters:
        if values:
            ids = ids.where(
                practices.c.record_id.in_(
                    select(practice_tags.c.record_id).where(
                        practice_tags.c.facet == facet, practice_tags.c.value.in_(values)
                    )
                )
            )
    if query.year_from is not None:
        ids = ids.where(
            or_(practices.c.end_year.is_(None), practices.c.end_year >= query.year_from)
        )
    if query.year_to is not None:
        ids = ids.where(practices.c.start_year <= query.year_to)
    if words(query.q):
        ranked = _ranked(conn, query.q).subquery()
        ids = ids.where(practices.c.record_id.in_(select(ranked.c.record_id)))
    return ids


def search(conn: Connection, query: Query) -> dict[str, Any]:
    """One page of results (best first when there are words, by title otherwise), the total,
    facet counts over every result, and a highlighted snippet per hit."""
    ids = matching(conn, query).subquery()
    total = int(conn.execute(select(func.count()).select_from(ids)).scalar_one())
    page = select(practices.c.record_id, practices.c.slug, practices.c.title, practices.c.summary)
    if words(query.q):
        ranked = _ranked(conn, query.q).subquery()
        page = (
            page.join(ranked, ranked.c.record_id == practices.c.record_id)
            .add_columns(ranked.c.rank)
            .order_by(ranked.c.rank.desc(), practices.c.title)
        )
    else:
        page = page.add_columns(literal(0.0).label("rank")).order_by(practices.c.title)
    page = page.where(practices.c.record_id.in_(select(ids.c.record_id)))
    rows = conn.execute(page.limit(query.limit).offset(query.offset)).all()
    snippets = _snippets(conn, [r.record_id for r in rows], query.q) if words(query.q) else {}
    counts = conn.execute(
        select(practice_tags.c.facet, practice_tags.c.value, func.count().label("n"))
        .where(practice_tags.c.record_id.in_(select(ids.c.record_id)))
        .group_by(practice_tags.c.facet, practice_tags.c.value)
    ).all()
    facets: dict[str, list[dict[str, Any]]] = {f: [] for f in FACETS}
    for facet, value, n in counts:
        facets.setdefault(facet, []).append({"value": value, "count": int(n)})
    for values in facets.values():
        values.sort(key=lambda v: (-v["count"], v["value"]))
    return {
        "total": total,
        "results": [
            {
                "id": r.record_id,
                "slug": r.slug,
                "title": r.title,
                "summary": r.summary,
                "score": round(float(r.rank or 0), 6),
                "snippet": snippets.get(r.record_id),
            }
            for r in rows
        ],
        "facets": facets,
    }


def _snippets(conn: Connection, ids: list[int], q: str) -> dict[int, str]:
    """HTML: the text around the matched words, each in <mark>, everything else escaped."""
    if not ids:
        return {}
    match = _match(conn.dialect.name, q)
    marks = {"open": OPEN, "close": CLOSE}
    if conn.dialect.name == "sqlite":
        sql = text(
            f"SELECT record_id, snippet({FTS}, -1, :open, :close, '…', 24) AS s FROM {FTS}"
            f" WHERE {FTS} MATCH :match AND record_id IN ({', '.join(str(int(i)) for i in ids)})"
        )
    else:
        sql = text(
            f"SELECT record_id, ts_headline('simple', summary || ' ' || description,"
            f" to_tsquery('simple', :match), 'StartSel=' || :open || ', StopSel=' || :close"
            f" || ', MaxWords=30, MinWords=12') AS s"
            f" FROM {FTS} WHERE record_id IN ({', '.join(str(int(i)) for i in ids)})"
        )
    out = {}
    for record_id, snippet in conn.execute(sql, {"match": match, **marks}):
        escaped = html.escape(str(snippet or ""))
        out[int(record_id)] = escaped.replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
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


def published_rows(conn: Connection) -> list[dict[str, Any]]:
    """Every published practice with its facet values, for the analyses."""
    rows = conn.execute(
        select(practices.c.record_id, practices.c.slug, practices.c.title).where(
            practices.c.published.is_(True)
        )
    ).all()
    by_id: dict[int, dict[str, Any]] = {
        r.record_id: {"id": r.record_id, "slug": r.slug, "title": r.title, "tags": {}} for r in rows
    }
    for record_id, facet, value in conn.execute(
        select(practice_tags.c.record_id, practice_tags.c.facet, practice_tags.c.value)
    ):
        if record_id in by_id:
            by_id[record_id]["tags"].setdefault(facet, []).append(value)
    return list(by_id.values())
