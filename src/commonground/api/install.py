"""The JSON API under /api: its routers and its one error shape, installed on the app."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlalchemy import select

from commonground import __version__
from commonground.api import auth, errors, http
from commonground.api.deps import ConnDep
from commonground.api.envelopes import WORKSPACE_STATUSES, ApiIndex, error_responses
from commonground.api.routes import (
    accounts,
    actors,
    analysis,
    countries,
    documents,
    evidence,
    forums,
    gcm,
    instruments,
    meetings,
    pillars,
    pledges,
    practices,
    records,
    reports,
    search,
    sources,
    vocabularies,
    votes,
)
from commonground.evidence.store.session import BUILD_ID
from commonground.evidence.store.tables import build_info


def install(app: FastAPI) -> None:
    """Add the API's routes and JSON error handlers to `app`."""
    errors.install(app)
    auth.install_errors(app)
    http.install(app)
    for module in (sources, countries, evidence, instruments, votes, gcm, search):
        app.include_router(module.router, prefix="/api")
    for module in (actors, forums, meetings, pillars, vocabularies):
        app.include_router(module.router, prefix="/api")
    app.include_router(analysis.router, prefix="/api")
    for module in (accounts, records, practices, pledges, documents, reports):  # the workspace
        app.include_router(
            module.router, prefix="/api", responses=error_responses(*WORKSPACE_STATUSES)
        )

    @app.get(
        "/api",
        tags=["meta"],
        response_model=ApiIndex,
        responses=error_responses(),
        summary="What this API offers, and the build it serves",
    )
    def index(conn: ConnDep) -> dict[str, Any]:
        held = dict(conn.execute(select(build_info.c.key, build_info.c.value)).all())
        return {
            "ok": True,
            "name": "Common Ground",
            "version": __version__,
            "openapi": "/openapi.json",
            "docs": "/docs",
            "build": {
                "id": held.get(BUILD_ID),
                "built_at": held.get("built_at"),
                "version": held.get("version"),
            },
        }
