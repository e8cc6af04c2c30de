"""The JSON API under /api: its routers and its one error shape, installed on the app."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from commonground import __version__
from commonground.api import auth, errors
from commonground.api.routes import (
    accounts,
    actors,
    analysis,
    countries,
    evidence,
    forums,
    gcm,
    instruments,
    meetings,
    pillars,
    practices,
    records,
    search,
    sources,
    vocabularies,
    votes,
)


def install(app: FastAPI) -> None:
    """Add the API's routes and JSON error handlers to `app`."""
    errors.install(app)
    auth.install_errors(app)
    for module in (sources, countries, evidence, instruments, votes, gcm, search):
        app.include_router(module.router, prefix="/api")
    for module in (actors, forums, meetings, pillars, vocabularies):
        app.include_router(module.router, prefix="/api")
    app.include_router(analysis.router, prefix="/api")
    for module in (accounts, records, practices):  # the workspace
        app.include_router(module.router, prefix="/api")

    @app.get("/api", tags=["meta"], summary="What this API offers")
    def index() -> dict[str, Any]:
        return {
            "ok": True,
            "name": "Common Ground",
            "version": __version__,
            "openapi": "/openapi.json",
            "docs": "/docs",
        }
