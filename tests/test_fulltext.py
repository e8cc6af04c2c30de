"""Full-text indexes behave the same on SQLite (FTS5) and PostgreSQL (tsvector, GIN)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from commonground.fulltext import FullTextIndex, infixes, is_fulltext_table, words
from commonground.sql import make_engine
from tests.conftest import scratch

INDEX = FullTextIndex("things_fts", stored=("id", "label"), infix=True)
THINGS = [
    {"id": "afg", "label": "Afghanistan", "text": "afghanistan afg"},
    {"id": "pak", "label": "Pakistan", "text": "pakistan islamic republic of pakistan pak"},
    {"id": "mar", "label": "Morocco", "text": "morocco kingdom of morocco mar"},
    {"id": "gfmd", "label": "GFMD", "text": "gfmd global forum on migration and development"},
]


@pytest.fixture
def index(backend: str, tmp_path: Path) -> Iterator[Engine]:
    """The index above, created and filled in a database of its own."""
    with scratch(backend, tmp_path, "fulltext") as target:
        if backend == "postgresql":
            admin = make_engine(target.settings.database_url)
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{target.schema}"'))
            admin.dispose()
        engine = target.engine()
        with engine.begin() as conn:
            for statement in INDEX.create_statements(conn.dialect.name):
                conn.execute(text(statement))
            INDEX.insert(conn, THINGS)
        yield engine
        engine.dispose()


def found(engine: Engine, query: str) -> list[str]:
    with engine.connect() as conn:
        return [row.id for row in INDEX.search(conn, query)]


def test_words_and_word_starts_match_best_first(index: Engine) -> None:
    assert found(index, "morocco") == ["mar"]
    assert found(index, "Moroc") == ["mar"]  # the start of a word, as a search box types
    assert found(index, "MAR") == ["mar"]
    assert set(found(index, "pak")) == {"pak"}
    assert found(index, "global mig") == ["gfmd"]  # every word must match
    assert found(index, "global morocco") == []
    assert found(index, "") == [] and found(index, "  ?!") == []


def test_inside_a_word_with_infix(index: Engine) -> None:
    assert set(found(index, "stan")) == {"afg", "pak"}
    assert found(index, "occo") == ["mar"]


def test_ranked_with_the_stored_columns(index: Engine) -> None:
    with index.connect() as conn:
        rows = INDEX.search(conn, "pakistan")
    assert [(r.id, r.label) for r in rows] == [("pak", "Pakistan")]
    assert rows[0].rank > 0


def test_the_tables_are_left_to_this_module(index: Engine) -> None:
    held = set(inspect(index).get_table_names())
    assert "things_fts" in held
    assert all(is_fulltext_table(t) for t in held)  # SQLite's shadow tables too


def test_names_and_words() -> None:
    assert words("Côte d'Ivoire, 504") == ["côte", "d", "ivoire", "504"]
    assert infixes("iran") == "an n ran"
    assert is_fulltext_table("search_fts_data") and not is_fulltext_table("areas")
    with pytest.raises(ValueError, match="named"):
        FullTextIndex("things", stored=("id",))
    with pytest.raises(ValueError, match="plain SQL name"):
        FullTextIndex("x_fts", stored=("id; drop",))
