"""The migrations are the schema: upgrading an empty database gives exactly the tables the
code defines, on SQLite and on PostgreSQL, and every build records the latest revision."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from commonground.evidence.store.migrate import MIGRATIONS, include_name, schema, upgrade
from commonground.evidence.store.search_index import SEARCH
from commonground.fulltext import is_fulltext_table
from commonground.sql import make_engine
from tests.conftest import TEST_SCHEMA, Built, backend_settings


@pytest.fixture(params=["sqlite", "postgresql"])
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database: a new SQLite file, or a new PostgreSQL schema."""
    settings = backend_settings(str(request.param), tmp_path)
    if request.param == "sqlite":
        engine = make_engine(settings.database_url)
        yield engine
        engine.dispose()
        return
    scratch = f"{TEST_SCHEMA}_migrations"
    admin = make_engine(settings.database_url)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{scratch}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{scratch}"'))
    engine = make_engine(settings.database_url, scratch)
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{scratch}" CASCADE'))
    admin.dispose()


def head() -> str:
    return str(ScriptDirectory(str(MIGRATIONS)).get_current_head())


def test_upgrade_gives_exactly_the_tables_the_code_defines(empty: Engine) -> None:
    upgrade(empty)
    with empty.connect() as conn:
        opts = {"compare_type": True, "include_name": include_name}
        context = MigrationContext.configure(conn, opts=opts)
        assert compare_metadata(context, schema()) == []
        assert context.get_current_revision() == head()
        held = set(inspect(conn).get_table_names())
    defined = {t for t in held if not is_fulltext_table(t)}
    assert defined == set(schema().tables) | {"alembic_version"}
    assert {"flow_totals", "flow_area_totals", "migrant_stock", "roles"} <= held
    assert SEARCH.name in held  # the full-text index the revisions create by hand


def test_a_build_is_at_the_latest_revision(built: Built) -> None:
    engine = built.engine()
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head()
    engine.dispose()
