"""Field checks for one curated file: each failure names the file, row, field and expectation."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Hashable, Sequence
from datetime import date

from commonground.domain.errors import SourceError
from commonground.evidence.sources.governance.files import label

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
YEARS = (1800, 2100)


class FileChecks:
    """The checks of one file; `seen` remembers fact keys to catch duplicates."""

    def __init__(self, name: str) -> None:
        self.file = label(name)
        self._seen: dict[Hashable, int] = {}

    def error(
        self,
        message: str,
        *,
        row: int,
        field: str | None = None,
        value: object = None,
        expected: str | None = None,
    ) -> SourceError:
        return SourceError(self.file, message, row=row, field=field, value=value, expected=expected)

    def required(self, r: dict[str, str], field: str, *, row: int) -> str:
        value = r[field]
        if not value:
            raise self.error("missing value", row=row, field=field, expected="a value")
        return value

    def sourced(self, r: dict[str, str], *, row: int, known: Collection[str]) -> None:
        """Every fact says where it comes from, with a source listed in sources.csv."""
        for field in ("source_url", "source_says"):
            if not r[field]:
                raise self.error(
                    "a fact with no source",
                    row=row,
                    field=field,
                    expected="the source of the fact (URL or publication) and what it says",
                )
        if r["source_url"] not in known:
            raise self.error(
                "unknown source",
                row=row,
                field="source_url",
                value=r["source_url"],
                expected="a source listed in facts/governance/sources.csv",
            )

    def choice(
        self,
        r: dict[str, str],
        field: str,
        allowed: Sequence[str],
        *,
        row: int,
        blank: bool = False,
    ) -> str | None:
        value = r[field]
        if blank and not value:
            return None
        if value not in allowed:
            raise self.error(
                f"unknown {field}",
                row=row,
                field=field,
                value=value,
                expected="one of " + ", ".join(allowed),
            )
        return value

    def reference(
        self, r: dict[str, str], field: str, known: Collection[str], what: str, *, row: int
    ) -> str | None:
        value = r[field]
        if not value:
            return None
        if value not in known:
            close = difflib.get_close_matches(value, list(known), n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise self.error(
                f"unknown {what}{hint}",
                row=row,
                field=field,
                value=value,
                expected=f"the id of a {what} defined in the governance facts",
            )
        return value

    def year(self, r: dict[str, str], field: str, *, row: int) -> int | None:
        value = r[field]
        if not value:
            return None
        if not (value.isdigit() and len(value) == 4 and YEARS[0] <= int(value) <= YEARS[1]):
            raise self.error(
                "not a year", row=row, field=field, value=value, expected="a four-digit year"
            )
        return int(value)

    def partial_date(self, r: dict[str, str], field: str, *, row: int) -> str | None:
        """An ISO date, or a year-month or a year where the source gives no more."""
        value = r[field]
        if not value:
            return None
        match = _PARTIAL_DATE.match(value)
        try:
            if match is None or not YEARS[0] <= int(match[1]) <= YEARS[1]:
                raise ValueError(value)
            date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
        except ValueError:
            raise self.error(
                "not a date",
                row=row,
                field=field,
                value=value,
                expected="YYYY-MM-DD, or YYYY-MM or YYYY where the source gives no more",
            ) from None
        return value

    def ordered(self, first: object, last: object, fields: tuple[str, str], *, row: int) -> None:
        """`first` must not come after `last`; partial dates compare at their common precision."""
        if first is None or last is None:
            return
        a, b = str(first), str(last)
        n = min(len(a), len(b))
        if a[:n] > b[:n]:
            raise self.error(
                f"dates out of order: {fields[0]} {a} is after {fields[1]} {b}",
                row=row,
                field=fields[1],
                value=b,
                expected=f"{fields[1]} on or after {fields[0]}",
            )

    def unique(self, key: Hashable, *, row: int, what: str, field: str) -> None:
        first = self._seen.setdefault(key, row)
        if first != row:
            raise self.error(
                f"duplicate {what}: the same as row {first}",
                row=row,
                field=field,
                expected=f"one row per {what}",
            )


def year_of(value: str | None) -> int | None:
    return int(value[:4]) if value else None
