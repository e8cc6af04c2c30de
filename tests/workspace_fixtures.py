"""Fixtures for the workspace: a fresh workspace per test module on the backend of `built`
(a new SQLite file, or a new PostgreSQL schema named from COMMONGROUND_TEST_PG_SCHEMA), an
app and a client over it, and accounts made through the real account functions."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text

from commonground.app import create_app
from commonground.settings import Settings
from commonground.workspace import accounts
from commonground.workspace.audit import COMMAND_LINE
from commonground.workspace.store import open_workspace, writing
from tests.conftest import TEST_SCHEMA, Built

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def workspace_settings(built: Built, tmp: Any, name: str) -> Settings:
    """The built evidence base with a workspace of its own."""
    if built.backend == "sqlite":
        return replace(built.settings, workspace=f"sqlite:///{tmp / f'{name}.db'}")
    schema = f"{TEST_SCHEMA}_{name}_{os.getpid()}"
    admin = create_engine(built.settings.database_url)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()
    return replace(built.settings, workspace_schema=schema)


def drop_workspace(settings: Settings) -> None:
    if settings.workspace is None and not settings.database_url.startswith("sqlite"):
        admin = create_engine(settings.database_url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{settings.workspace_schema}" CASCADE'))
        admin.dispose()


@dataclass
class Workspace:
    """A fresh workspace beside the built evidence base."""

    backend: str
    built: Built
    settings: Settings
    engine: Engine
    _emails: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def organisation(self, name: str, actor_id: str | None = None) -> str:
        with writing(self.engine) as conn:
            return accounts.create_organisation(
                conn, COMMAND_LINE, name, "other", actor_id, join=False
            )

    def user(self, role: str = "contributor", *organisations: str, email: str | None = None) -> int:
        email = email or f"{role}{next(self._emails)}@example.org"
        with writing(self.engine) as conn:
            return accounts.create_user(
                conn, COMMAND_LINE, email, PASSWORD, role, None, organisations, verified=True
            )

    def email(self, user_id: int) -> str:
        with self.engine.connect() as conn:
            return str(accounts.get_user(conn, user_id).email)

    def token(self, user_id: int, scopes: tuple[str, ...] = ("read", "write")) -> str:
        with writing(self.engine) as conn:
            actor = accounts.actor_for(conn, accounts.get_user(conn, user_id))
            return accounts.create_token(conn, actor, "test", scopes).secret

    def rows(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, for comparisons."""
        from commonground.workspace.tables import metadata

        with self.engine.connect() as conn:
            return {
                t.name: sorted((tuple(r) for r in conn.execute(t.select())), key=lambda r: repr(r))
                for t in metadata.sorted_tables
            }


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def workspace(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    name = f"ws{next(_counter)}"
    settings = workspace_settings(built, tmp_path_factory.mktemp(name), name)
    engine = open_workspace(settings)
    yield Workspace(built.backend, built, settings, engine)
    engine.dispose()
    drop_workspace(settings)


@pytest.fixture(scope="module")
def ws_client(workspace: Workspace) -> Iterator[TestClient]:
    app = create_app(workspace.settings, pg_schema=workspace.built.schema)
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client
    app.state.evidence.dispose()
    app.state.workspace.dispose()


@pytest.fixture(scope="module")
def seeded_client(workspace: Workspace) -> Iterator[TestClient]:
    """An app over a fresh workspace, with the curated practices seeded on its first run."""
    app = create_app(replace(workspace.settings, seed_practices=True), workspace.built.schema)
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client
    app.state.evidence.dispose()
    app.state.workspace.dispose()
