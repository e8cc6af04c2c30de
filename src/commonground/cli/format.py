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
from typing import Any, Literal

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
        return ", ".join(cell(v) for v in value)
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
    if key in _YEAR_NAMES or key.endswith("_year") or key.startswith("year_"):
        return "year"
    if any(key == end or key.endswith("_" + end) for end in _ID_ENDINGS):
        return "text"
    if any(word in key for word in _SHARE_WORDS) and all(isinstance(v, float) for v in held):
        return "share"
    if held and all(isinstance(v, int) for v in held):
        return "count"
    return "number" if held else "text"


def add_column(table: Table, header: str, kind: Kind) -> None:
    """A column whose numbers never wrap (right-aligned) or whose text folds."""
    title = Text(header.replace("_", " "), overflow="fold")
    if kind in NUMERIC:
        table.add_column(title, justify="right", no_wrap=True)
    else:
        table.add_column(title, overflow="fold")


def table(
    title: str | None,
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str] | None = None,
    kinds: Mapping[str, Kind] | None = None,
    **options: Any,
) -> Table:
    """A rich table of `rows` (dicts); each column's kind is given in `kinds` or guessed."""
    names = list(columns if columns is not None else (rows[0] if rows else []))
    chosen = {n: (kinds or {}).get(n) or kind_of(n, (r.get(n) for r in rows)) for n in names}
    out = Table(title=escape(title) if title else None, title_justify="left", **options)
    for name in names:
        add_column(out, name, chosen[name])
    for row in rows:
        out.add_row(*(escape(cell(row.get(n), chosen[n])) for n in names))
    return out


def _kind_of_value(value: Any) -> Kind:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "text"
    return "count" if isinstance(value, int) else "number"


def _percent(value: float) -> str:
    percent = value * 100
    digits = 2 if 0 < abs(percent) < 0.1 else 1
    return f"{percent:,.{digits}f}%"


def _number(value: float) -> str:
    size = abs(value)
    digits = 0 if size >= 1000 else 1 if size >= 100 else 2 if size >= 1 else 3
    return f"{value:,.{digits}f}"
