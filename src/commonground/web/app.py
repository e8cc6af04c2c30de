"""Mount the pages on the application that already serves the API."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from commonground.web import assets, docs, errors
from commonground.web.routes import (
    account,
    actors,
    corridors,
    countries,
    documents,
    follow_up,
    forums,
    gcm,
    home,
    instruments,
    meetings,
    north_south,
    pledge_pages,
    pledges,
    practice_analyses,
    practices,
    records,
    reports,
    search,
    sources,
    states,
    two_step_pages,
)


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=assets.STATIC_DIR), name="static")
    app.include_router(assets.router)
    app.include_router(home.data)
    app.include_router(docs.router)
    for module in (
        home,
        countries,
        instruments,
        forums,
        meetings,
        actors,
        gcm,
        corridors,
        north_south,
        search,
        sources,
        states,
        pledges,  # the dashboard, before /pledges/{record_id}
        follow_up,  # /pledges, /recommendations, /completion
        pledge_pages,
        reports,
        account,  # the workspace's pages
        two_step_pages,
        practices,
        practice_analyses,
        records,
        documents,
    ):
        app.include_router(module.router)
    errors.install(app)
