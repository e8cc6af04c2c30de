"""The one application factory: the JSON API under /api and the pages beside it.

Both read the evidence base through the same engine and the same analysis functions; the
API is installed first so that the pages' error handlers can hand API paths back to it.
"""

from __future__ import annotations

from fastapi import FastAPI

from commonground import __version__, api, web
from commonground.evidence.store.session import served_engine
from commonground.settings import Settings, load_settings


def create_app(settings: Settings | None = None, pg_schema: str | None = None) -> FastAPI:
    settings = settings or load_settings()
    app = FastAPI(
        title="Common Ground",
        version=__version__,
        description="Global migration governance and the evidence behind it. Every"
        " figure names its source and edition.",
    )
    app.state.engine = served_engine(settings, pg_schema)
    api.install(app)
    web.install(app)
    return app
