"""One page of a table read in SQL: `LIMIT`/`OFFSET` on the query, its length from `COUNT(*)`.

The tabular evidence routes answer a page at a time; reading every row of a corridor table to
send a hundred of them costs the database, the process and the memory for nothing. A query
with a window reads the page and counts its rows (and sums a column, for shares of a total)
in two statements; without a window (the CLI, a whole CSV download, the pages) it reads every
row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, Select, func, select


@dataclass(frozen=True)
class Window:
    """Which rows of a table to read: `limit` rows after the first `offset`."""

    limit: int
    offset: int = 0


@dataclass(frozen=True)
class Read:
    rows: list[Row[Any]]
    """The rows in the window."""
    total_rows: int
    """How many rows the whole query has."""
    summed: float
    """The sum of the `summed` column over every row of the query (0 when none is named)."""
    columns: list[str]
    """The query's columns, known even for a page past the end."""

    def records(self) -> list[dict[str, Any]]:
        """The rows in the window as dictionaries, for JSON and CSV."""
        return [dict(r._mapping) for r in self.rows]


def read_page(
    conn: Connection, query: Select[Any], window: Window | None, summed: str | None = None
) -> Read:
    """The rows of `query` in `window` (every row if None), their number and a column's sum.

    The sum is always the database's, so a page and the whole table give the same shares to
    the last digit."""
    columns = list(query.selected_columns.keys())
    if window is None and summed is None:
        rows = list(conn.execute(query))
        return Read(rows, len(rows), 0.0, columns)
    whole = query.order_by(None).subquery()
    aggregates: list[Any] = [func.count()]
    if summed:
        aggregates.append(func.coalesce(func.sum(whole.c[summed]), 0))
    counted = conn.execute(select(*aggregates).select_from(whole)).one()
    count = int(counted[0])
    total = float(counted[1]) if summed else 0.0
    if window is None:
        rows = list(conn.execute(query))
    elif window.offset < count:
        rows = list(conn.execute(query.limit(window.limit).offset(window.offset)))
    else:
        rows = []
    return Read(rows, count, total, columns)
