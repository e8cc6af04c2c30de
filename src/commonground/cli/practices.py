"""`commonground practices import | export | search | reindex | schema`: the repository of
practices in bulk, from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from commonground.analysis.practices import practice_vocabulary
from commonground.cli.workspace import DbOption, WorkspaceOption, fail, open_engine, settings_for
from commonground.domain.errors import CommonGroundError
from commonground.workspace import practice_index, practice_seed
from commonground.workspace.practice import Vocabulary, use_vocabulary
from commonground.workspace.store import writing

app = typer.Typer(help="Practices: import, export, search, reindex.", no_args_is_help=True)
console = Console()
FormatOption = Annotated[
    str | None, typer.Option("--format", help="json, yaml or csv (default: from the file name)")
]


def _vocabulary(db: str | None, workspace: str | None) -> Vocabulary:
    from commonground.evidence.store.session import connect

    try:
        with connect(settings_for(db, workspace)) as conn:
            vocab = practice_vocabulary(conn)
    except CommonGroundError as exc:
        fail(f"{exc} (build the evidence base first: commonground build)")
    use_vocabulary(vocab)
    return vocab


def _format(path: Path | None, given: str | None) -> str:
    if given:
        if given not in ("json", "yaml", "csv"):
            fail(f"--format is json, yaml or csv, not {given!r}")
        return given
    suffix = path.suffix.lower().lstrip(".") if path else "json"
    return {"yml": "yaml"}.get(suffix, suffix if suffix in ("json", "yaml", "csv") else "json")


@app.command("import")
def import_(
    file: Annotated[
        Path | None,
        typer.Argument(help="JSON, YAML or CSV; default: the curated seed; - for stdin"),
    ] = None,
    fmt: FormatOption = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Publish practices as imported records, idempotent by id; a practice someone has edited
    since its import is kept as it is.

    Example: commonground practices import          (the curated seed)
             commonground practices import mine.csv
    """
    if file is None:
        text, fmt, source = (
            practice_seed.SEED.read_text(encoding="utf-8"),
            "yaml",
            "facts/practices/practices.yaml",
        )
    elif str(file) == "-":
        text, fmt, source = sys.stdin.read(), fmt or "json", "standard input"
    else:
        if not file.exists():
            fail(f"no file {file}")
        text, fmt, source = file.read_text(encoding="utf-8"), _format(file, fmt), file.name
    vocab = _vocabulary(db, workspace)
    engine = open_engine(db, workspace)
    try:
        items = practice_seed.parse(text, fmt)
        with writing(engine) as conn:
            report = practice_seed.import_practices(
                conn, items, vocab, f"commonground practices import {source}"
            )
    except CommonGroundError as exc:
        fail(str(exc))
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        counted = (
            ("created", len(report.created)),
            ("updated", len(report.updated)),
            ("unchanged", len(report.unchanged)),
            ("kept", len(report.kept)),
            ("refused", len(report.refused)),
        )
        console.print(
            ", ".join(f"{n} {k}" for k, n in counted)
            + f"; {len(report.organisations)} new organisations"
        )
        for slug in report.kept:
            console.print(f"  kept {escape(slug)}: edited since its import")
        for r in report.refused:
            console.print(f"  [red]refused[/] item {r.item} {escape(r.id)}: {escape(r.error)}")
    if report.refused:
        raise typer.Exit(2)


@app.command()
def export(
    file: Annotated[
        Path | None, typer.Argument(help="Where to write; default: standard output")
    ] = None,
    fmt: FormatOption = None,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Write every published practice (JSON or CSV), the format `import` reads.

    Example: commonground practices export practices.csv
    """
    fmt = _format(file, fmt)
    engine = open_engine(db, workspace)
    try:
        with engine.connect() as conn:
            items = practice_seed.export_practices(conn)
    finally:
        engine.dispose()
    if fmt == "csv":
        out = practice_seed.to_csv(items)
    else:
        out = json.dumps(items, indent=2, ensure_ascii=False) + "\n"
    if file is None:
        typer.echo(out, nl=False)
    else:
        file.write_text(out, encoding="utf-8")
        console.print(f"{len(items)} practices written to {file}")


@app.command()
def search(
    q: Annotated[str, typer.Argument(help="Words to find")],
    objective: Annotated[list[str] | None, typer.Option(help="GCM objective number")] = None,
    country: Annotated[list[str] | None, typer.Option(help="ISO3 code")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 10,
    db: DbOption = None,
    workspace: WorkspaceOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Full-text search of the published practices, best first.

    Example: commonground practices search "seasonal workers" --country AUS
    """
    filters = tuple((f, tuple(v)) for f, v in (("objective", objective), ("country", country)) if v)
    engine = open_engine(db, workspace)
    try:
        with engine.connect() as conn:
            found = practice_index.search(conn, practice_index.Query(q, filters, limit=limit))
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps(found.model_dump(), indent=2, ensure_ascii=False))
        return
    console.print(f"{found.total} practices")
    for r in found.results:
        console.print(f"{r.score:8.3f}  {escape(r.slug)}  {escape(r.title)}")


@app.command()
def reindex(db: DbOption = None, workspace: WorkspaceOption = None) -> None:
    """Rebuild the search index and facets of every practice (after a restore or a build).

    Example: commonground practices reindex
    """
    _vocabulary(db, workspace)
    engine = open_engine(db, workspace)
    try:
        with writing(engine) as conn:
            n = practice_index.reindex_all(conn)
    finally:
        engine.dispose()
    console.print(f"{n} practices reindexed")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the import and export format.

    Example: commonground practices schema > practice.schema.json
    """
    typer.echo(json.dumps(practice_seed.json_schema(), indent=2, ensure_ascii=False))
