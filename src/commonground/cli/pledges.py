"""`commonground pledges import | export`: the curated pledges and recommendations in and out
of the workspace."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from commonground.cli.workspace import DbOption, WorkspaceOption, open_engine
from commonground.workspace.followup_seed import export_followup, import_followup

app = typer.Typer(help="Pledges and recommendations: import the curated ones, export all.")
console = Console()


@app.command("import")
def import_(db: DbOption = None, workspace: WorkspaceOption = None) -> None:
    """Publish the curated pledges and recommendations (facts/followup/) as imported records.
    Safe to repeat: records are found by their stable id, and one edited since is kept.

    Example: commonground pledges import
    """
    engine = open_engine(db, workspace)
    try:
        report = import_followup(engine)
    finally:
        engine.dispose()
    for kind, counts in (("pledges", report.pledges), ("recommendations", report.recommendations)):
        console.print(
            f"{kind}: {counts.created} created, {counts.updated} updated,"
            f" {counts.unchanged} unchanged, {len(counts.kept_edits)} kept as edited"
            + (f", {counts.updates} updates" if kind == "pledges" else "")
        )


@app.command("export")
def export(
    db: DbOption = None,
    workspace: WorkspaceOption = None,
    outfile: Annotated[Path | None, typer.Option("-o", "--outfile", help="Default: stdout")] = None,
) -> None:
    """Every published pledge (updates, status, flags) and recommendation, as JSON.

    Example: commonground pledges export -o followup.json
    """
    engine = open_engine(db, workspace)
    try:
        with engine.connect() as conn:
            data = export_followup(conn, datetime.now(UTC).date())
    finally:
        engine.dispose()
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    if outfile is None:
        sys.stdout.write(text)
    else:
        outfile.write_text(text, encoding="utf-8")
        console.print(
            f"wrote {len(data['pledges'])} pledges and {len(data['recommendations'])}"
            f" recommendations to {outfile}"
        )
