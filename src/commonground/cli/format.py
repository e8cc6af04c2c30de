"""How the command line writes values and lays out tables, in a terminal or through a pipe.

One place decides how a figure reads: counts and amounts with thousands separators, shares
as percentages, years and identifiers as they are. Tables keep every number on one line
(numeric columns never wrap, so `1,234,567` is never split) and let only text fold, so a
table stays readable at 80 columns and when piped into a file or `less`.

    cell(281_000_000, "count")   -> "281,000,000"
    cell(0.0352, "share")        -> "3.5%"
    cell(2020, "year")           -> "2020"
    kind_of("share_of_world", [0.01, 0.2])  -> "share"
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

Kind = Literal["text", "count", "number", "share", "year"]
KINDS: tuple[Kind, ...] = ("text", "count", "number", "share", "year")
NUMERIC: frozenset[Kind] = frozenset({"count", "number", "share", "year"})

_YEAR_NAMES = {"year", "as_of", "since", "until", "adopted", "first_year", "last_year"}
_ID_ENDINGS = ("id", "code", "m49", "iso2", "iso3", "number", "session", "rcid", "rank")
_SHARE_WORDS = ("share", "rate", "agreement", "coverage")


def cell(value: Any, kind: Kind | None = None) -> str:
    """One value as the command line prints it; `kind` defaults to the value's own type."""
    if value is None:
        return ""
    if kind is None:
        kind = _kind_of_value(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple | set):
        return ", ".join(cell(v, None if kind == "text" else kind) for v in value)
    if kind == "text" or not isinstance(value, int | float):
        return str(value)
    if kind == "year":
        return str(int(value)) if float(value).is_integer() else str(value)
    if kind == "share":
        return _percent(float(value))
    if kind == "count" or float(value).is_integer():
        return f"{round(value):,}"
    return _number(float(value))


def kind_of(name: str, values: Iterable[Any] = ()) -> Kind:
    """The kind of a column, from its name and the values it holds."""
    held = [v for v in values if v is not None]
    if any(isinstance(v, str | bool | list | tuple | set) for v in held):
        return "text"
    key = name.lower()
    if key in _YEAR_NAMES or key.endswith("_year") or key.startswith(("year_", "years_")):
        return "year"
    if any(key == end or key.endswith("_" + end) for end in _ID_ENDINGS):
        return "text"
    if any(word in key for word in _SHARE_WORDS) and all(isinstance(v, float) for v in held):
        return "share"
    if held and all(isinstance(v, int) for v in held):
        return "count"
    return "number" if held else "text"


TEXT_MIN = 10  # the narrowest a text column is planned at; its words fold below that
COLUMN_EDGE = 3  # a cell's padding and border, as rich draws the default box


@dataclass(frozen=True)
class Column:
    """One column to print: its header, kind, cells, and the width numbers need."""

    name: str
    kind: Kind
    cells: tuple[str, ...]

    @property
    def header(self) -> str:
        return self.name.replace("_", " ")

    @property
    def width(self) -> int:
        """Numbers: the widest cell or header word (fixed, so rich never cuts one).
        Text: the least width planned for it (it folds inside the table)."""
        longest_word = max((len(w) for w in self.header.split()), default=0)
        if self.kind in NUMERIC:
            return max([len(c) for c in self.cells] + [longest_word, 1])
        return max(min(max([len(c) for c in self.cells] + [longest_word, 1]), TEXT_MIN), 1)


def columns_of(
    rows: Sequence[Mapping[str, Any]],
    names: Sequence[str] | None = None,
    kinds: Mapping[str, Kind] | None = None,
) -> list[Column]:
    """The columns of `rows` (dicts), each with the kind given in `kinds` or guessed."""
    chosen = list(names if names is not None else (rows[0] if rows else []))
    out = []
    for name in chosen:
        kind = (kinds or {}).get(name) or kind_of(name, (r.get(name) for r in rows))
        out.append(Column(name, kind, tuple(cell(r.get(name), kind) for r in rows)))
    return out


def add_column(table: Table, column: Column) -> None:
    """Numbers right-aligned at a fixed width, so they never wrap; text folds."""
    header = Text(column.header, overflow="fold", no_wrap=False)  # headers may wrap
    if column.kind in NUMERIC:
        table.add_column(header, justify="right", no_wrap=True, width=column.width)
    else:
        table.add_column(header, overflow="fold", min_width=column.width)


def table(title: str | None, columns: Sequence[Column], **options: Any) -> Table:
    """A rich table of the columns."""
    out = Table(title=escape(title) if title else None, title_justify="left", **options)
    for column in columns:
        add_column(out, column)
    for cells in zip(*(c.cells for c in columns), strict=True):
        out.add_row(*(escape(c) for c in cells))
    return out


def tables(
    width: int,
    title: str | None,
    rows: Sequence[Mapping[str, Any]],
    names: Sequence[str] | None = None,
    kinds: Mapping[str, Kind] | None = None,
    **options: Any,
) -> list[Table]:
    """The rows as one table, or split by columns into parts that each fit `width`, the
    first column (the key: a year, a country) repeated in each, so that no number is cut."""
    columns = columns_of(rows, names, kinds)
    parts: list[list[Column]] = []
    for column in columns:
        if parts and _width([*parts[-1], column]) <= width:
            parts[-1].append(column)
        elif parts:
            parts.append([columns[0], column])
        else:
            parts.append([column])
    if len(parts) <= 1 or title is None:
        return [table(title, part, **options) for part in parts]
    return [
        table(f"{title} ({i}/{len(parts)})", part, **options) for i, part in enumerate(parts, 1)
    ]


def print_table(
    console: Console,
    title: str | None,
    rows: Sequence[Mapping[str, Any]],
    names: Sequence[str] | None = None,
    kinds: Mapping[str, Kind] | None = None,
    **options: Any,
) -> None:
    """Print the rows as a table that fits the console (or as several parts, see `tables`)."""
    for part in tables(console.width, title, rows, names, kinds, **options):
        console.print(part)


def _width(columns: Sequence[Column]) -> int:
    return sum(c.width + COLUMN_EDGE for c in columns) + 1


def _kind_of_value(value: Any) -> Kind:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "text"
    return "count" if isinstance(value, int) else "number"


def _percent(value: float) -> str:
    percent = value * 100
    if 0 < abs(percent) < 0.1:
        return f"{percent:.2g}%"  # a tiny share keeps two significant digits, never 0.0%
    return f"{percent:,.1f}%"


def _number(value: float) -> str:
    size = abs(value)
    digits = 0 if size >= 1000 else 1 if size >= 100 else 2 if size >= 1 else 3
    return f"{value:,.{digits}f}"
