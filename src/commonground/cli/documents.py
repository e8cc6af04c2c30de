"""`commonground ingest FILE` and `commonground documents list | show | export-facts`:
documents read into the map from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from commonground.analysis.documents.export import export_rows, write_csv
from commonground.analysis.documents.ingest import ingest as run_ingest
from commonground.cli.workspace import (
    DbOption,
    WorkspaceOption,
    fail,
    open_engine,
    opened,
    settings_for,
)
from commonground.domain.errors import CommonGroundError
from commonground.workspace import documents
from commonground.workspace.audit import COMMAND_LINE
from commonground.workspace.document_answers import StoredDocument
from commonground.workspace.documents import Metadata

app = typer.Typer(
    help="Documents read into the map: list, show, export facts.", no_args_is_help=True
)
console = Console()


def ingest(
    file: Annotated[Path, typer.Argument(help="A PDF, HTML, Markdown or UTF-8 text file")],
    title: Annotated[str | None, typer.Option(help="The document's title")] = None,
    publisher: Annotated[str | None, typer.Option(help="Who published it")] = None,
    date: Annotated[str | None, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD")] = None,
    url: Annotated[str | None, typer.Option(help="Where it is published")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Read a document into the workspace: its text, passages, the mentions of what the map
    knows and the facts it proposes, each with its span and its comparison with the map.
    The same file again is the document already stored.

    Example: commonground ingest report.pdf --title "GFMD 2010 report" --url https://gfmd.org/...
    """
    from commonground.evidence.store.session import connect

    if fmt not in ("table", "json"):
        fail(f"--format is table or json, not {fmt!r}")
    if not file.is_file():
        fail(f"no file {file}")
    data = file.read_bytes()
    engine = open_engine(db, workspace)
    meta = Metadata(title, publisher, date, url, file.name)
    try:
        with connect(settings_for(db, workspace)) as evidence:
            stored = run_ingest(evidence, engine, COMMAND_LINE, data, meta)
        with engine.connect() as conn:
            doc = documents.document_json(conn, stored.id)
    except CommonGroundError as exc:
        fail(f"{exc}; nothing was stored")
    finally:
        engine.dispose()
    if fmt == "json":
        shown = doc.model_dump(exclude={"text"})
        json.dump({"duplicate": stored.duplicate, "document": shown}, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return
    _print_document(doc, stored.duplicate)


def _print_document(doc: StoredDocument, duplicate: bool) -> None:
    said = "already stored as" if duplicate else "stored as"
    console.print(
        f"{escape(doc.title)}: {said} document {doc.id} ({len(doc.passages)} passages,"
        f" {len(doc.mentions)} mentions, {len(doc.proposals)} proposed facts)"
    )
    kinds: dict[str, int] = {}
    for m in doc.mentions:
        kinds[m.kind] = kinds.get(m.kind, 0) + 1
    console.print("Mentions: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    if doc.proposals:
        table = Table("#", "kind", "fact", "against the map")
        for p in doc.proposals:
            table.add_row(str(p.ordinal), p.kind, escape(p.fact.statement), p.comparison)
        console.print(table)


@app.command("list")
def list_documents(db: DbOption = None, workspace: WorkspaceOption = None) -> None:
    """The documents in the workspace, newest first.

    Example: commonground documents list
    """
    with opened(db, workspace) as engine, engine.connect() as conn:
        rows = documents.list_documents(conn, limit=1000)
    table = Table("id", "title", "date", "type", "pages")
    for r in rows:
        table.add_row(str(r.id), escape(r.title), r.date or "", r.media_type, str(r.pages or ""))
    console.print(table)


@app.command("export-facts")
def export_facts(
    target: Annotated[
        str, typer.Argument(help="meetings, roles or instrument_actions (facts/governance/)")
    ],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="CSV file; - for stdout")] = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """The accepted facts from documents as rows of a facts/governance/ file, each citing its
    document and the words it rests on, for a maintainer to move into the repository.

    Example: commonground documents export-facts roles -o roles-from-documents.csv
    """
    with opened(db, workspace) as engine, engine.connect() as conn:
        header, rows = export_rows(conn, target)
    if out is None or str(out) == "-":
        write_csv(sys.stdout, header, rows)
    else:
        with out.open("w", newline="", encoding="utf-8") as handle:
            write_csv(handle, header, rows)
        console.print(f"{len(rows)} rows written to {out}")
