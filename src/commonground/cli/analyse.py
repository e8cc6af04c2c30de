"""`commonground analyse <name>`: the analyses on the command line, as tables, JSON or CSV.

The commands are made from `analysis.registry`, as the API's routes are: each declared
parameter becomes an option (or a positional argument) with its default and help, and
the values are checked by the declaration before the analysis runs. `--format table` prints the
summary, every table and the sources; `json` prints the whole result; `csv` prints one table
(`--table`, default the main one) for a spreadsheet.
"""

from __future__ import annotations

import csv
import inspect
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from pydantic.fields import FieldInfo
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy import Connection

from commonground.analysis.declare import Declared, keyword_parameter
from commonground.analysis.registry import ANALYSES, TABLES
from commonground.analysis.result import Analysis
from commonground.domain.errors import CommonGroundError
from commonground.evidence.store.session import connect
from commonground.settings import DATABASE_ENV, load_settings

app = typer.Typer(help="Answer the questions users bring, from the built database.")
console = Console()


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


DbOption = Annotated[str | None, typer.Option("--db", help=f"SQLAlchemy URL [env {DATABASE_ENV}]")]
FormatOption = Annotated[Format, typer.Option("--format", help="table, json or csv")]
TableOption = Annotated[str | None, typer.Option("--table", help="Only this table")]


def _run(
    db: str | None, fmt: Format, table: str | None, query: Callable[[Connection], Analysis[Any]]
) -> None:
    try:
        with connect(load_settings(None, db)) as conn:
            result = query(conn)
            chosen = result.table(table)[0] if table or fmt == Format.csv else None
    except CommonGroundError as exc:
        console.print(f"[red]{exc}[/]", highlight=False)
        raise typer.Exit(1) from None
    if fmt == Format.json:
        sys.stdout.write(json.dumps(result.as_dict(), default=str, indent=2) + "\n")
    elif fmt == Format.csv:
        assert chosen is not None
        rows = result.tables[chosen]
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else [])
        writer.writeheader()
        writer.writerows(rows)
    else:
        _print(result, chosen)


def _print(result: Analysis[Any], only: str | None) -> None:
    summary = Table(title=f"{result.name}: summary", show_header=False)
    for key, value in result.summary.figures().items():
        summary.add_row(key, _cell(value))
    console.print(summary)
    for name, rows in result.tables.items():
        if only is not None and name != only:
            continue
        table = Table(title=f"{name} ({len(rows)} rows)")
        for column in list(rows[0]) if rows else []:
            table.add_column(column, overflow="fold")
        for row in rows[:50]:
            table.add_row(*(_cell(v) for v in row.values()))
        console.print(table)
        if len(rows) > 50:
            console.print(f"… {len(rows) - 50} more rows: use --format csv --table {name}")
    for line in result.warnings:
        console.print(f"[yellow]warning:[/] {line}")
    for line in result.method:
        console.print(f"[dim]method: {line}[/]")
    for s in result.sources:
        console.print(f"[dim]source {s.id}: {s.reference()}[/]")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 10 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        return f"{value:,}"  # years and small counts stay as they are
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _run_declared(declared: Declared[Any, Any], values: dict[str, Any]) -> None:
    fmt, table, db = values.pop("fmt"), values.pop("table"), values.pop("db")
    try:
        params = declared.params.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(
            f"--{'.'.join(str(p) for p in e['loc']).replace('_', '-')}: {e['msg']}"
            for e in exc.errors()
        )
        console.print(f"[red]{escape(problems)}[/]", highlight=False)
        raise typer.Exit(2) from None
    if not declared.uses_workspace:
        _run(db, fmt, table, lambda conn: declared.execute(conn, params))
        return
    from commonground.cli.workspace import open_engine

    engine = open_engine(db, None)
    try:
        with engine.connect() as workspace:
            _run(db, fmt, table, lambda conn: declared.execute(conn, params, workspace))
    finally:
        engine.dispose()


def _option(name: str, field: FieldInfo, positional: bool) -> inspect.Parameter:
    flag = "--" + name.replace("_", "-")
    marker = (
        typer.Argument(help=field.description)
        if positional
        else typer.Option(flag, help=field.description)
    )
    return keyword_parameter(name, field, marker)


def _command(declared: Declared[Any, Any]) -> None:
    def command(**values: Any) -> None:
        _run_declared(declared, values)

    parameters = [
        _option(name, field, name in declared.arguments)
        for name, field in declared.params.model_fields.items()
    ]
    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters += [
        inspect.Parameter("fmt", keyword, default=Format.table, annotation=FormatOption),
        inspect.Parameter("table", keyword, default=None, annotation=TableOption),
        inspect.Parameter("db", keyword, default=None, annotation=DbOption),
    ]
    # Positional arguments first, as a reader of the usage line expects.
    parameters.sort(key=lambda p: p.name not in declared.arguments)
    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    command.__doc__ = f"{declared.summary}.\n\nExample: {declared.example}"
    app.command(declared.name)(command)


for _declared in (*ANALYSES, *TABLES):
    _command(_declared)
