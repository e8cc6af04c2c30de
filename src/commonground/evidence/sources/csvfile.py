"""Reading a small CSV file of the repository (curated facts) with its shape checked.

The bundle's large files are read with pandas by `ImportContext.read_csv`; the curated files
are read row by row so that every error names the file as it sits in the repository, the
row and what was expected.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from commonground.domain.errors import SourceError

Row = tuple[int, dict[str, str]]


def read_rows(path: Path, label: str, columns: Sequence[str]) -> list[Row]:
    """Every row with its line number (the header is line 1), cells stripped; the header
    must be exactly `columns` and every row as wide; blank lines are passed over."""
    if not path.is_file():
        raise SourceError(label, f"file not found in {path.parent}")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.reader(handle))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(label, f"cannot be read as UTF-8 CSV: {exc}") from exc
    header = records[0] if records else []
    if header != list(columns):
        raise SourceError(
            label,
            "the columns changed",
            row=1,
            value=",".join(header),
            expected="exactly the columns " + ",".join(columns),
        )
    rows: list[Row] = []
    for line, record in enumerate(records[1:], start=2):
        if not record:
            continue
        if len(record) != len(columns):
            raise SourceError(
                label,
                "row has a different number of fields than the header",
                row=line,
                value=len(record),
                expected=f"{len(columns)} fields",
            )
        rows.append((line, {c: v.strip() for c, v in zip(columns, record, strict=True)}))
    return rows
