"""`commonground report objective|country|forum KEY --pdf FILE`: a review report written as
PDF (and, with `--html FILE`, as the HTML document the PDF is laid out from)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from commonground.analysis.clock import utc_today
from commonground.analysis.reports import ReportKind, review_report
from commonground.cli.workspace import DbOption, WorkspaceOption, open_engine
from commonground.domain.errors import CommonGroundError
from commonground.evidence.store.session import connect
from commonground.settings import load_settings

app = typer.Typer(help="Review reports per GCM objective, country or forum, as PDF or HTML.")
console = Console()
PdfOption = Annotated[Path | None, typer.Option("--pdf", help="Write the report as PDF here")]
HtmlOption = Annotated[Path | None, typer.Option("--html", help="Write the report as HTML here")]


def _write(
    kind: ReportKind,
    key: str,
    pdf: Path | None,
    html: Path | None,
    db: str | None,
    workspace: str | None,
) -> None:
    from commonground.web.reports import report_document, report_pdf

    if pdf is None and html is None:
        console.print("[red]say where to write the report: --pdf FILE or --html FILE[/]")
        raise typer.Exit(2)
    engine = open_engine(db, workspace)
    try:
        with connect(load_settings(None, db)) as conn, engine.connect() as ws:
            report = review_report(conn, ws, kind, key, utc_today())
    except CommonGroundError as exc:
        console.print(f"[red]{escape(str(exc))}[/]", highlight=False)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    if html is not None:
        html.write_text(report_document(report), encoding="utf-8")
        console.print(f"wrote {escape(str(html))}")
    if pdf is not None:
        pdf.write_bytes(report_pdf(report))
        console.print(f"wrote {escape(str(pdf))}")


@app.command("objective")
def objective(
    number: Annotated[int, typer.Argument(min=1, max=23, help="GCM objective, 1 to 23")],
    pdf: PdfOption = None,
    html: HtmlOption = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """The review report on one GCM objective.

    Example: commonground report objective 5 --pdf objective-5.pdf
    """
    _write("objective", str(number), pdf, html, db, workspace)


@app.command("country")
def country(
    code: Annotated[str, typer.Argument(help="ISO3, ISO2, M49 code or name")],
    pdf: PdfOption = None,
    html: HtmlOption = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """The review report on one country.

    Example: commonground report country MAR --pdf morocco.pdf
    """
    _write("country", code, pdf, html, db, workspace)


@app.command("forum")
def forum(
    forum_id: Annotated[str, typer.Argument(help="A forum id, like gfmd")],
    pdf: PdfOption = None,
    html: HtmlOption = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """The review report on one forum and its meetings.

    Example: commonground report forum gfmd --pdf gfmd.pdf
    """
    _write("forum", forum_id, pdf, html, db, workspace)
