"""Search reads the full-text index the build writes: names, codes, aliases, acronyms, ids
and places, best first, and the start of a word for a search box."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, func, select, text

from commonground.analysis.search import search
from commonground.evidence.store.governance_tables import actors, forums, meetings
from commonground.evidence.store.search_index import SEARCH
from commonground.evidence.store.tables import areas, gcm_objectives, instruments


def first(conn: Connection, query: str) -> tuple[str, str]:
    hit = search(conn, query).hits[0]
    return hit.kind, hit.id


def test_the_build_indexes_every_entity(conn: Connection) -> None:
    held = conn.execute(text(f"SELECT count(*) FROM {SEARCH.name}")).scalar_one()
    countries = select(func.count()).where(areas.c.kind.in_(("country", "territory")))
    expected = sum(
        conn.execute(q).scalar_one()
        for q in (
            countries,
            select(func.count()).select_from(instruments),
            select(func.count()).select_from(gcm_objectives),
            select(func.count()).select_from(forums),
            select(func.count()).select_from(actors),
            select(func.count()).select_from(meetings),
        )
    )
    assert held == expected


@pytest.mark.parametrize(
    ("query", "kind", "ident"),
    [
        ("MAR", "country", "MAR"),  # ISO3
        ("ma", "country", "MAR"),  # ISO2
        ("504", "country", "MAR"),  # M49
        ("Morocco", "country", "MAR"),
        ("moroc", "country", "MAR"),  # the start of a name, as it is typed
        ("South Korea", "country", "KOR"),  # a spelling a source uses
        ("turkey", "country", "TUR"),
        ("cote d", "country", "CIV"),
        ("Côte d'Ivoire", "country", "CIV"),
        ("ICMW", "instrument", "icmw"),
        ("decent work", "gcm_objective", "6"),
        ("gfmd", "forum", "gfmd"),
        ("colombo", "forum", "colombo-process"),
        ("rabat", "forum", "rabat-process"),
        ("IOM", "actor", "iom"),
        ("Marrakech", "meeting", "gcm-marrakech-2018"),  # a place
        ("GFMD 2008", "meeting", "gfmd-2008"),  # a forum and a year
    ],
)
def test_the_best_hit_first(conn: Connection, query: str, kind: str, ident: str) -> None:
    assert first(conn, query) == (kind, ident)


def test_exact_before_start_before_inside(conn: Connection) -> None:
    result = search(conn, "niger", limit=10)
    ids = [h.id for h in result.hits]
    assert ids[:2] == ["NER", "NGA"]  # Niger, then Nigeria
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    inside = search(conn, "stan", limit=100).hits  # inside a name: Afghanistan, Pakistan
    assert {"AFG", "PAK", "KAZ"} <= {h.id for h in inside}


def test_nothing_for_nothing(conn: Connection) -> None:
    assert search(conn, "").total == 0
    assert search(conn, "zzzzqqq").total == 0
    assert search(conn, "'; drop table areas; --").total == 0
