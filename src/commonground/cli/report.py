"""What `build` and `sources` print, laid out to stay readable in an 80-column terminal.

Long values (editions, licences, file paths, what a build passed over) go on lines of their
own instead of narrow table cells, so that no source id is ever cut short.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from commonground.cli.format import cell
from commonground.domain.citation import Citation

if TYPE_CHECKING:
    from commonground.evidence.build import BuildResult
    from commonground.evidence.sources.context import Disagreement


def print_build_report(console: Console, result: BuildResult) -> None:
    """One line per source (id, edition, rows, years), then what was kept aside and why."""
    table = Table(
        title=escape(f"Loaded into {result.database} in {result.seconds:.1f} s"),
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("source", no_wrap=True)
    table.add_column("edition", overflow="fold")
    table.add_column("rows", justify="right", no_wrap=True)
    table.add_column("years", no_wrap=True)
    for r in result.reports:
        table.add_row(escape(r.source_id), escape(r.edition), cell(r.rows, "count"), r.year_span)
    console.print(table)
    remarks = [
        (r.source_id, remark)
        for r in result.reports
        for remark in (
            *(
                [f"{cell(r.aggregate_rows, 'count')} aggregate rows kept as aggregates"]
                if r.aggregate_rows
                else []
            ),
            *(f"{cell(n, 'count')} passed over: {reason}" for reason, n in r.skipped.items()),
            *r.notes,
        )
    ]
    if remarks:
        console.print("Aggregates, rows passed over and notes:")
        for source_id, remark in remarks:
            console.print(f"  [bold]{escape(source_id)}[/]: {escape(remark)}")
    print_disagreements(console, [d for r in result.reports for d in r.disagreements])


def print_disagreements(console: Console, rows: list[Disagreement]) -> None:
    """Where two sources of one instrument disagree: a table per instrument and pair of
    sources, the declared reasons below it (sentences too long for an 80-column cell). The
    heading is a line of its own: as a table title it would wrap to the table's width."""
    pairs: dict[tuple[str, str, str], list[Disagreement]] = {}
    for d in rows:
        pairs.setdefault((d["instrument_id"], d["first_source"], d["second_source"]), []).append(d)
    for (instrument, first, second), found in pairs.items():
        console.print(f"[bold]{escape(f'{instrument}: {first} and {second} disagree')}[/]")
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        for name in ("#", "state", "kind", first, second):
            table.add_column(escape(name), overflow="fold")
        for n, d in enumerate(found, start=1):
            table.add_row(
                str(n),
                escape(d["country"]),
                escape(d["kind"].replace("_", " ")),
                escape(d["first_value"] or "not a party"),
                escape(d["second_value"] or "not a party"),
            )
        console.print(table)
        for n, d in enumerate(found, start=1):
            reason = d["reason"] or "NOT DECLARED: the build stops"
            console.print(f"  {n}. {escape(reason)}")


SOURCE_FIELDS = ("publisher", "edition", "licence", "file", "sha256")


def print_sources(console: Console, rows: Iterable[Citation]) -> None:
    """Every dataset as a short record: id, rows and years, then one field per line."""
    for s in rows:
        years = f", years {s.years}" if s.years else ""
        counts = cell(s.rows_loaded, "count"), cell(s.file_rows, "count")
        loaded = f"{counts[0]} rows loaded from {counts[1]} in the file{years}"
        console.print(f"[bold]{escape(s.id)}[/]  {escape(loaded)}", soft_wrap=True)
        console.print(f"  {escape(s.title)}", soft_wrap=True)
        for name in SOURCE_FIELDS:
            console.print(f"  {name:<10} {escape(str(getattr(s, name)))}", soft_wrap=True)
        console.print()
