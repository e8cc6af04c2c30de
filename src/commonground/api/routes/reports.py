"""Review reports as JSON (`/api/reports/...`): the figures, their sources and the stamp
that the pages print as HTML and PDF (`/reports/...`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from commonground.analysis.reports import Report, review_report
from commonground.api.auth import WorkspaceRead
from commonground.api.deps import ConnDep, Today

router = APIRouter(tags=["follow-up"])


@router.get(
    "/reports/objective/{number}",
    response_model=Report,
    summary="Review report on one GCM objective",
)
def objective_report(
    conn: ConnDep, workspace: WorkspaceRead, today: Today, number: Annotated[int, Path(ge=1, le=23)]
) -> Report:
    return review_report(conn, workspace, "objective", str(number), today)


@router.get("/reports/country/{code}", response_model=Report, summary="Review report on a country")
def country_report(conn: ConnDep, workspace: WorkspaceRead, today: Today, code: str) -> Report:
    return review_report(conn, workspace, "country", code, today)


@router.get("/reports/forum/{forum_id}", response_model=Report, summary="Review report on a forum")
def forum_report(conn: ConnDep, workspace: WorkspaceRead, today: Today, forum_id: str) -> Report:
    return review_report(conn, workspace, "forum", forum_id, today)
