"""Fixtures: the whole bundle built once per backend, on SQLite and on a real PostgreSQL.

Every test that takes `conn`, `client` or `built` runs twice, once per backend. PostgreSQL
comes from COMMONGROUND_TEST_PG_URL (`make test` starts a local server and sets it); without
it the PostgreSQL runs are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine

from commonground.app import create_app
from commonground.evidence.build import build
from commonground.settings import Settings
from commonground.sql import drop_schemas, make_engine

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("COMMONGROUND_DATA") or REPO.parent / "shared" / "data")
PG_URL = os.environ.get("COMMONGROUND_TEST_PG_URL")
TEST_SCHEMA = os.environ.get("COMMONGROUND_TEST_PG_SCHEMA", "cg_test")
pytest_plugins = ["tests.workspace_fixtures"]


@dataclass(frozen=True)
class Built:
    """A database built from the whole bundle."""

    backend: str
    settings: Settings
    schema: str

    def engine(self) -> Engine:
        return make_engine(
            self.settings.database_url, None if self.backend == "sqlite" else self.schema
        )


def backend_settings(backend: str, tmp: Path) -> Settings:
    if backend == "sqlite":
        return Settings(DATA_DIR, f"sqlite:///{tmp / 'commonground.db'}")
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("COMMONGROUND_TEST_PG_URL is not set: CI must test on PostgreSQL")
        pytest.skip("PostgreSQL not configured (set COMMONGROUND_TEST_PG_URL or run make test)")
    return Settings(DATA_DIR, PG_URL, workspace_schema=f"{TEST_SCHEMA}_workspace")


@contextmanager
def scratch(backend: str, tmp: Path, name: str) -> Iterator[Built]:
    """A database of a test's own, not yet built: a new SQLite file in `tmp`, or the
    PostgreSQL schema `<COMMONGROUND_TEST_PG_SCHEMA>_<name>`, dropped (with the copies a build
    makes beside it) before and after the test."""
    settings = backend_settings(backend, tmp)
    built = Built(backend, settings, f"{TEST_SCHEMA}_{name}")
    if backend == "sqlite":
        yield built
        return
    names = (built.schema, f"{built.schema}_building", f"{built.schema}_previous")
    drop_schemas(settings.database_url, *names)
    try:
        yield built
    finally:
        drop_schemas(settings.database_url, *names)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Each run starts from an empty shared test workspace on PostgreSQL, as on a new machine:
    one left by an earlier run may stand at an older revision than the code now needs."""
    if PG_URL:
        drop_schemas(PG_URL, f"{TEST_SCHEMA}_workspace")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Each backend in turn, for tests that make a database of their own (`scratch`)."""
    return str(request.param)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    backend = str(request.param)
    settings = backend_settings(backend, tmp_path_factory.mktemp(backend))
    build(settings, pg_schema=TEST_SCHEMA)
    return Built(backend, settings, TEST_SCHEMA)


@pytest.fixture(scope="session")
def engine(built: Built) -> Iterator[Engine]:
    engine = built.engine()
    yield engine
    engine.dispose()


@pytest.fixture
def conn(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        yield connection


@pytest.fixture(scope="session")
def client(built: Built) -> Iterator[TestClient]:
    app = create_app(built.settings, pg_schema=built.schema)
    with TestClient(app) as test_client:
        yield test_client
    app.state.evidence.dispose()
