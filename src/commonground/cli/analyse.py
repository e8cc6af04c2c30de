"""`commonground analyse <name>`: the analyses on the command line, as tables, JSON or CSV.

Each command calls the same analysis function as the API. `--format table` prints the
summary, every table and the sources; `json` prints the whole result; `csv` prints one table
(`--table`, default the main one) for a spreadsheet.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Connection

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
EditionOption = Annotated[
    str | None, typer.Option("--edition", help="Stock edition: 2017, 2020, 2024, wb-2017")
]
StatesOption = Annotated[
    list[str] | None,
    typer.Option("--states", help="Codes or names (comma-separated), set:NAME, forum:ID"),
]


def _run(
    db: str | None, fmt: Format, table: str | None, query: Callable[[Connection], Analysis]
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


def _print(result: Analysis, only: str | None) -> None:
    summary = Table(title=f"{result.name}: summary", show_header=False)
    for key, value in result.summary.items():
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
        console.print(f"[dim]source {s['id']}: {s['publisher']}, {s['title']} ({s['edition']})[/]")


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


@app.command()
def coverage(
    instrument: Annotated[str, typer.Argument(help="Instrument id, e.g. icmw")],
    year: Annotated[int | None, typer.Option(help="Default: the edition's latest")] = None,
    edition: EditionOption = None,
    top: Annotated[int, typer.Option(help="Largest uncovered corridors")] = 10,
    fmt: FormatOption = Format.table,
    table: TableOption = None,
    db: DbOption = None,
) -> None:
    """Share of the world's migrants living in, or coming from, a state party.

    Example: commonground analyse coverage icmw --year 2020
    """
    from commonground.analysis.coverage import coverage as query

    _run(db, fmt, table, lambda c: query(c, instrument, year=year, edition=edition, top=top))


@app.command()
def quadrants(
    edition: EditionOption = None,
    year: Annotated[int | None, typer.Option()] = None,
    since: Annotated[int | None, typer.Option(help="Base year for growth")] = None,
    by: Annotated[str, typer.Option(help="development_group, income_group or region")] = (
        "development_group"
    ),
    fmt: FormatOption = Format.table,
    table: TableOption = None,
    db: DbOption = None,
) -> None:
    """North/South corridors (or by income group or region), hosts, origin mix and growth.

    Example: commonground analyse quadrants --edition 2020 --since 1990
    """
    from commonground.analysis.quadrants import quadrants as query

    _run(db, fmt, table, lambda c: query(c, edition=edition, year=year, since=since, by=by))


@app.command()
def position(
    country: Annotated[str, typer.Argument(help="ISO3, ISO2, M49 or name")],
    edition: EditionOption = None,
    fmt: FormatOption = Format.table,
    table: TableOption = None,
    db: DbOption = None,
) -> None:
    """A country's measured migration position (no origin/destination label).

    Example: commonground analyse position Mexico
    """
    from commonground.analysis.position import position as query

    _run(db, fmt, table, lambda c: query(c, country, edition=edition))


@app.command()
def representation(
    states: StatesOption = None,
    forum: Annotated[str | None, typer.Option(help="A forum id")] = None,
    as_of: Annotated[int | None, typer.Option(help="Membership as of this year")] = None,
    edition: EditionOption = None,
    year: Annotated[int | None, typer.Option()] = None,
    ratio: Annotated[float, typer.Option(help="Immigrants above ratio x emigrants")] = 1.0,
    top: Annotated[int, typer.Option(help="Largest missing states per side")] = 20,
    fmt: FormatOption = Format.table,
    table: TableOption = None,
    db: DbOption = None,
) -> None:
    """Who is in the room: composition, shares of migrants and remittances, who is missing.

    Example: commonground analyse representation --forum colombo-process --as-of 2024
    """
    from commonground.analysis.representation import representation as query

    items = list(states or []) + ([f"forum:{forum}"] if forum else [])
    _run(
        db,
        fmt,
        table,
        lambda c: query(c, items, as_of=as_of, edition=edition, year=year, ratio=ratio, top=top),
    )


@app.command()
def coalition(
    states: StatesOption = None,
    as_of: Annotated[int | None, typer.Option(help="Membership year for forum: sets")] = None,
    edition: EditionOption = None,
    year: Annotated[int | None, typer.Option()] = None,
    additions: Annotated[int, typer.Option(help="Greedy additions to rank")] = 5,
    fmt: FormatOption = Format.table,
    table: TableOption = None,
    db: DbOption = None,
) -> None:
    """Share of corridors inside a set of states, and the additions that raise it most.

    Example: commonground analyse coalition --states USA,MEX,CAN --additions 3
    """
    from commonground.analysis.coalition import coalition as query

    _run(
        db,
        fmt,
        table,
        lambda c: query(c, states, edition=edition, year=year, additions=additions, as_of=as_of),
    )


@app.command()
def overlap(
    as_of: Annotated[int | None, typer.Option(help="Membership as of this year")] = None,
    kinds: Annotated[str | None, typer.Option(help="Comma-separated forum kinds")] = None,
    top: Annotated[int, typer.Option(help="Bridging states to list")] = 20,
    fmt: FormatOption = Format.table,
    table: TableOption = None,
    db: DbOption = None,
) -> None:
    """Shared members between forums, bridging states and network centrality.

    Example: commonground analyse overlap --kinds regional_consultative_process
    """
    from commonground.analysis.overlap import overlap as query
    from commonground.analysis.statesets import parse_items

    _run(db, fmt, table, lambda c: query(c, as_of_year=as_of, kinds=parse_items(kinds), top=top))


@app.command()
def votes(
    state: Annotated[str | None, typer.Option(help="A state whose alignment to show")] = None,
    states: StatesOption = None,
    since: Annotated[int | None, typer.Option(help="First year of roll calls")] = None,
    until: Annotated[int | None, typer.Option(help="Last year of roll calls")] = None,
    clusters: Annotated[int, typer.Option(help="Number of clusters")] = 4,
    min_votes: Annotated[int, typer.Option(help="Least votes for a state to count")] = 20,
    fmt: FormatOption = Format.table,
    table: TableOption = None,
    db: DbOption = None,
) -> None:
    """Common ground in General Assembly votes on migration and refugees.

    Example: commonground analyse votes --state Mexico --since 2000
    """
    from commonground.analysis.common_ground import common_ground as query

    _run(
        db,
        fmt,
        table,
        lambda c: query(
            c,
            state=state,
            states=states,
            since=since,
            until=until,
            clusters=clusters,
            min_votes=min_votes,
        ),
    )
