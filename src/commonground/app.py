"""The one application factory: the JSON API under /api and the pages beside it.

Both read the evidence base through the same engine and the same analysis functions; the
API is installed first so that the pages' error handlers can hand API paths back to it. The
workspace (what people write) has its own engine, `app.state.workspace`; the app refuses to
start on a workspace at an older revision (`commonground workspace upgrade`).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlalchemy import Engine

from commonground import __version__, api, web
from commonground.analysis.practices import practice_vocabulary
from commonground.api.limits import BodyLimit, SecurityHeaders
from commonground.evidence.store.session import served_engine
from commonground.settings import Settings, load_settings
from commonground.workspace import practice_seed
from commonground.workspace.policy import parse_policy
from commonground.workspace.practice import use_vocabulary
from commonground.workspace.store import open_workspace, writing


def seed_practices(engine: Engine, workspace: Engine) -> dict[str, Any] | None:
    """On the first run, publish the curated practices (facts/practices/practices.yaml) as
    imported records; once any practice has been imported this does nothing."""
    with workspace.connect() as conn:
        if practice_seed.seeded(conn):
            return None
    with engine.connect() as conn:
        vocab = practice_vocabulary(conn)
    use_vocabulary(vocab)
    with writing(workspace) as ws:
        return practice_seed.import_practices(
            ws, practice_seed.read_seed(), vocab, "first run: facts/practices/practices.yaml"
        )


def create_app(settings: Settings | None = None, pg_schema: str | None = None) -> FastAPI:
    settings = settings or load_settings()
    app = FastAPI(
        title="Common Ground",
        version=__version__,
        description="Global migration governance and the evidence behind it. Every"
        " figure names its source and edition.",
    )
    app.state.engine = served_engine(settings, pg_schema)
    app.state.settings = settings
    app.state.review_policy = parse_policy(settings.review_policy)
    app.state.workspace = open_workspace(settings)  # refuses an old revision
    if settings.seed_practices:
        seed_practices(app.state.engine, app.state.workspace)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    api.install(app)
    web.install(app)
    return app
