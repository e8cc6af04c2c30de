"""Review reports as pages (`/reports/objective/5`, `/reports/country/MAR`,
`/reports/forum/gfmd`), each also as PDF (`?format=pdf`) from the same templates."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from commonground.analysis.clock import today_of
from commonground.analysis.reports import ReportKind, review_report
from commonground.api.auth import WorkspaceRead
from commonground.api.deps import ConnDep
from commonground.web.links import api_links
from commonground.web.reports import report_pdf
from commonground.web.routing import page_router
from commonground.web.templating import render

router = page_router()
Format = Annotated[Literal["html", "pdf"], Query(description="html (the page) or pdf")]


def _answer(
    request: Request,
    conn: ConnDep,
    workspace: WorkspaceRead,
    kind: ReportKind,
    key: str,
    fmt: str,
    route: str,
    **params: str | int,
) -> Response:
    report = review_report(conn, workspace, kind, key, today_of(request.app.state))
    if fmt == "pdf":
        return Response(
            report_pdf(report),
            media_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="report-{kind}-{report.key}.pdf"'},
        )
    return render(
        request,
        "report.html",
        report=report,
        pdf=str(request.url.include_query_params(format="pdf")),
        api=api_links(request)(route, **params),
    )


@router.get("/reports/objective/{number}", response_class=HTMLResponse)
def objective_report(
    request: Request,
    conn: ConnDep,
    workspace: WorkspaceRead,
    number: Annotated[int, Path(ge=1, le=23)],
    format: Format = "html",
) -> Response:
    return _answer(
        request,
        conn,
        workspace,
        "objective",
        str(number),
        format,
        "objective_report",
        number=number,
    )


@router.get("/reports/country/{code}", response_class=HTMLResponse)
def country_report(
    request: Request, conn: ConnDep, workspace: WorkspaceRead, code: str, format: Format = "html"
) -> Response:
    return _answer(request, conn, workspace, "country", code, format, "country_report", code=code)


@router.get("/reports/forum/{forum_id}", response_class=HTMLResponse)
def forum_report(
    request: Request,
    conn: ConnDep,
    workspace: WorkspaceRead,
    forum_id: str,
    format: Format = "html",
) -> Response:
    return _answer(
        request, conn, workspace, "forum", forum_id, format, "forum_report", forum_id=forum_id
    )
