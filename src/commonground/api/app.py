"""The web application: the JSON API under /api (and, as they land, the pages)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from commonground import __version__, web
from commonground.api import errors
from commonground.api.routes import (
    actors,
    analysis,
    countries,
    evidence,
    forums,
    gcm,
    instruments,
    meetings,
    pillars,
    population,
    search,
    sources,
    vocabularies,
    votes,
)
from commonground.settings import Settings, load_settings
from commonground.store.session import served_engine


def create_app(settings: Settings | None = None, pg_schema: str | None = None) -> FastAPI:
    settings = settings or load_settings()
    app = FastAPI(
        title="Common Ground",
        version=__version__,
        description="Global migration governance and the evidence behind it. Every"
        " figure names its source and edition.",
    )
    app.state.engine = served_engine(settings, pg_schema)
    errors.install(app)
    for module in (sources, countries, evidence, population, instruments, votes, gcm, search):
        app.include_router(module.router, prefix="/api")
    for module in (actors, forums, meetings, pillars, vocabularies):
        app.include_router(module.router, prefix="/api")
    app.include_router(analysis.router, prefix="/api")

    @app.get("/api", tags=["meta"], summary="What this API offers")
    def index() -> dict[str, Any]:
        return {
            "ok": True,
            "name": "Common Ground",
            "version": __version__,
            "openapi": "/openapi.json",
            "docs": "/docs",
        }

    web.install(app)
    return app
