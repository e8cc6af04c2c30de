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
from commonground.cli.format import Kind, cell, kind_of, print_table
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
    """The summary, then each table (its first 50 rows), as `cli.format` lays them out: every
    number whole on one line, thousands separators, shares as percentages, at the console's
    width (80 columns through a pipe)."""
    _print_summary(result)
    for name, rows in result.tables.items():
        if only is not None and name != only:
            continue
        print_table(console, f"{name} ({len(rows)} rows)", rows[:50], result.columns_of(name))
        if len(rows) > 50:
            console.print(f"… {len(rows) - 50} more rows: use --format csv --table {name}")
    for line in result.warnings:
        console.print(f"[yellow]warning:[/] {escape(line)}")
    for line in result.method:
        console.print(f"[dim]method: {escape(line)}[/]")
    for s in result.sources:
        console.print(f"[dim]source {s.id}: {escape(s.reference())}[/]")


def _print_summary(result: Analysis[Any]) -> None:
    """One figure a line; the value column is never narrower than its longest number, so a
    long title folds and a number does not."""
    shown = {
        key: (cell(value, _kind(key, value)), isinstance(value, int | float))
        for key, value in result.summary.figures().items()
    }
    table = Table(title=f"{result.name}: summary", title_justify="left", show_header=False)
    table.add_column(no_wrap=True)
    numbers = [len(text) for text, numeric in shown.values() if numeric]
    table.add_column(overflow="fold", min_width=max(numbers, default=1))
    for key, (text, _) in shown.items():
        table.add_row(escape(key), escape(text))
    console.print(table)


def _kind(key: str, value: Any) -> Kind:
    """A figure's kind, from its name and value; a list's from its items (years available)."""
    items = list(value) if isinstance(value, list | tuple) else [value]
    if any(isinstance(v, list | tuple | dict) for v in items):
        return "text"
    return kind_of(key, items)


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
