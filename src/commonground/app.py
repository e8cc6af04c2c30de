"""The one application factory: the JSON API under /api and the pages beside it.

Both read the evidence base through the same served database and the same analysis
functions; the API is installed first so that the pages' error handlers can hand API paths
back to it. The workspace (what people write) has its own engine, `app.state.workspace`; the
app refuses to start on a workspace at an older revision (`commonground workspace upgrade`).
`create_app()` without arguments reads its settings from the environment, so that
`uvicorn --factory commonground.app:create_app --workers N` (what `commonground serve
--workers N` runs) gives every worker the same databases.
"""

from __future__ import annotations

import logging

from fastapi import Depends, FastAPI
from sqlalchemy import Engine

from commonground import __version__, api, web
from commonground.analysis.clock import utc_today
from commonground.analysis.practices import practice_vocabulary
from commonground.api.deps import Gate
from commonground.api.http import valid_text
from commonground.api.limits import BodyLimit, SecurityHeaders
from commonground.evidence.build import clean_leftovers
from commonground.evidence.store.session import ServedDatabase
from commonground.settings import Settings, load_settings
from commonground.workspace import practice_seed
from commonground.workspace.policy import parse_policy
from commonground.workspace.practice import use_vocabulary
from commonground.workspace.stamp_watch import StampWatch
from commonground.workspace.store import open_workspace, writing


def seed_practices(engine: Engine, workspace: Engine) -> practice_seed.PracticeImport | None:
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


log = logging.getLogger("commonground")


def create_app(settings: Settings | None = None, pg_schema: str | None = None) -> FastAPI:
    settings = settings or load_settings()
    app = FastAPI(
        title="Common Ground",
        version=__version__,
        description="Global migration governance and the evidence behind it. Every"
        " figure names its source and edition.",
        dependencies=[Depends(valid_text)],
        docs_url=None,
        redoc_url=None,
    )
    for leftover in clean_leftovers(settings, pg_schema):
        log.warning("removed what an interrupted build left: %s", leftover)
    app.state.evidence = ServedDatabase(settings, pg_schema, pool_size=settings.pool_size)
    app.state.gate = Gate(settings.pool_size, settings.queue_wait)
    app.state.settings = settings
    app.state.clock = utc_today  # the one clock (analysis.clock); tests set a fixed one
    app.state.review_policy = parse_policy(settings.review_policy)
    app.state.workspace = open_workspace(settings)  # refuses an old revision
    app.state.workspace_stamp = StampWatch(app.state.workspace)
    if settings.seed_practices:
        seed_practices(app.state.evidence.engine, app.state.workspace)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    api.install(app)
    web.install(app)
    return app
