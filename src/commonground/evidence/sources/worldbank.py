"""World Bank / KNOMAD: bilateral matrices (remittances 2017 and 2021, migrant stock 2017),
remittance inflows (December 2023 release) and the WDI remittance series.

Matrices list senders (or origins) down and receivers (or destinations) across, in World Bank
names; their WORLD row and column are sums and are not stored, but checked: a matrix whose
cells do not add up to its WORLD column stops the build.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from commonground.domain.errors import SourceError
from commonground.evidence.sources.context import (
    ImportContext,
    check_unique,
    column_areas,
    column_years,
    first_line,
)
from commonground.evidence.store.tables import migrant_stock, remittances

PLACE_KINDS = ("country", "territory")
MATRIX_KINDS = ("country", "territory", "aggregate")
# Sums of a row or column may differ from the printed WORLD figure by rounding only.
WORLD_TOLERANCE = 0.001


def load_matrix(ctx: ImportContext) -> None:
    """A square matrix: rows = sender/origin, columns = receiver/destination."""
    opts = ctx.spec.options
    rows = ctx.read_sheet(opts["sheet"])
    header_line = opts["header_row"]
    header = rows[header_line - 1]
    corner = str(header[0] or "")
    if opts["corner_contains"] not in corner:
        raise ctx.error(
            "the layout changed: the corner cell does not say which way the matrix reads",
            row=header_line,
            field="column 1",
            value=corner,
            expected=f"text containing {opts['corner_contains']!r}",
        )
    columns: list[tuple[int, str]] = []
    world_col = None
    for j, name in enumerate(header[1:], start=1):
        if name is None or str(name).strip() == "":
            continue
        code = ctx.area(str(name), row=header_line, column=f"column {j + 1}", kinds=MATRIX_KINDS)
        if code == "world":
            world_col = j
        else:
            columns.append((j, code))
    kind = opts["kind"]
    year = int(opts["year"])
    ctx.report.years.add(year)
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    column_sums = dict.fromkeys((j for j, _ in columns), 0.0)
    for line in range(header_line + 1, len(rows) + 1):
        row = rows[line - 1]
        label = row[0]
        if _end_of_table(label):
            break
        sender = ctx.area(str(label), row=line, column="column 1", kinds=MATRIX_KINDS)
        if sender in seen:
            raise SourceError.duplicate(
                ctx.file, "country", row=line, first=seen[sender], field="column 1", value=label
            )
        seen[sender] = line
        if sender == "world":
            _check_world_row(
                ctx, row, line, header, column_sums, opts.get("known_discrepancies", {})
            )
            continue
        row_sum = 0.0
        for j, receiver in columns:
            cell = row[j] if j < len(row) else None
            field = f"{label} / {header[j]}"
            if kind == "stock":
                value: float | None = ctx.count(cell, row=line, column=field, allow_blank=True)
            else:
                value = ctx.amount(cell, row=line, column=field)
            if not value:
                continue
            row_sum += value
            column_sums[j] += value
            if kind == "stock":
                out.append(
                    {
                        "source_id": ctx.spec.id,
                        "year": year,
                        "destination": receiver,
                        "origin": sender,
                        "sex": "total",
                        "stock": value,
                        "source_row": line,
                    }
                )
            else:
                out.append(
                    {
                        "source_id": ctx.spec.id,
                        "year": year,
                        "flow": "bilateral",
                        "sender": sender,
                        "receiver": receiver,
                        "usd_millions": value,
                        "estimate": True,
                        "source_row": line,
                    }
                )
        if world_col is not None and world_col < len(row) and row[world_col] is not None:
            stated = float(row[world_col])
            if abs(stated - row_sum) > WORLD_TOLERANCE:
                raise ctx.error(
                    f"the row does not add up to its WORLD column ({row_sum:,.2f})",
                    row=line,
                    field="WORLD",
                    value=stated,
                    expected="the sum of the row's cells",
                )
    ctx.insert(migrant_stock if kind == "stock" else remittances, out)


def _end_of_table(label: Any) -> bool:
    """The matrix ends at the first empty label or the notes that follow it."""
    text = "" if label is None else str(label).strip()
    return text == "" or text.lower().startswith("note")


def _check_world_row(
    ctx: ImportContext,
    row: tuple[Any, ...],
    line: int,
    header: tuple[Any, ...],
    sums: dict[int, float],
    known: dict[str, str],
) -> None:
    """Each column must add up to the WORLD row: a lost or doubled row shows here.

    A discrepancy the source itself has is declared in facts/datasets.yaml with what it is,
    and reported instead of stopping the build.
    """
    for j, total in sums.items():
        stated = row[j] if j < len(row) else None
        if stated is None:
            continue
        if str(header[j]) in known:
            ctx.report.notes.append(f"{header[j]}: {known[str(header[j])]}")
            continue
        if abs(float(stated) - total) > WORLD_TOLERANCE:
            raise ctx.error(
                f"the column does not add up to the WORLD row ({total:,.2f})",
                row=line,
                field=str(header[j]),
                value=stated,
                expected="the sum of the column's cells",
            )


def load_inflows(ctx: ImportContext) -> None:
    """Remittance inflows by economy and year; `2023e` is stored as an estimate."""
    opts = ctx.spec.options
    rows = ctx.read_sheet(opts["sheet"])
    header = rows[0]
    if str(header[0]).strip() != opts["corner"]:
        raise ctx.error(
            "the layout changed",
            row=1,
            field="column 1",
            value=header[0],
            expected=repr(opts["corner"]),
        )
    years: list[tuple[int, int, bool]] = []
    for j, label in enumerate(header[1:], start=1):
        text = str(label).strip() if label is not None else ""
        if text.endswith("e") and text[:-1].isdigit():
            years.append((j, int(text[:-1]), True))
        elif text.isdigit():
            years.append((j, int(text), False))
        elif text and text not in opts.get("ignore_columns", []):
            raise ctx.error(
                "unexpected column",
                row=1,
                field=f"column {j + 1}",
                value=text,
                expected="a year, a year with 'e' for estimate, or "
                + ", ".join(repr(c) for c in opts.get("ignore_columns", [])),
            )
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line in range(2, len(rows) + 1):
        row = rows[line - 1]
        if _end_of_table(row[0]):
            break
        label = str(row[0]).strip()
        code = ctx.area(label, row=line, column="column 1", kinds=MATRIX_KINDS)
        if code in seen:
            raise SourceError.duplicate(
                ctx.file, "economy", row=line, first=seen[code], field="column 1", value=label
            )
        seen[code] = line
        if ctx.resolver.kinds[code] == "aggregate":
            ctx.report.aggregate_rows += 1
        for j, year, estimate in years:
            value = ctx.amount(row[j] if j < len(row) else None, row=line, column=str(header[j]))
            if value is None:
                continue
            ctx.report.years.add(year)
            out.append(
                {
                    "source_id": ctx.spec.id,
                    "year": year,
                    "flow": "inflow",
                    "sender": None,
                    "receiver": code,
                    "usd_millions": value,
                    "estimate": estimate,
                    "source_row": line,
                }
            )
    ctx.insert(remittances, out)


WDI_COLUMNS = ["iso3", "year", "personal_remittances_received_usd", "personal_remittances_paid_usd"]


def load_wdi(ctx: ImportContext) -> None:
    """Personal remittances received and paid (current US$), stored in US$ millions."""
    frame = ctx.read_csv(WDI_COLUMNS)
    check_unique(ctx, frame, ["iso3", "year"], "economy and year")
    codes = column_areas(ctx, frame["iso3"], "iso3", PLACE_KINDS)
    years = column_years(ctx, frame["year"], "year")
    out: list[dict[str, Any]] = []
    for column, flow in (
        ("personal_remittances_received_usd", "inflow"),
        ("personal_remittances_paid_usd", "outflow"),
    ):
        text = frame[column].str.strip()
        numbers = pd.to_numeric(text.where(text != ""), errors="coerce")
        line = first_line((numbers.isna() & (text != "")) | (numbers < 0))
        if line is not None:
            ctx.amount(frame[column].iloc[line - 2], row=line, column=column)
        for position, (code, year, value) in enumerate(zip(codes, years, numbers, strict=True)):
            if value != value:  # NaN: no figure for that year
                continue
            out.append(
                {
                    "source_id": ctx.spec.id,
                    "year": int(year),
                    "flow": flow,
                    "sender": code if flow == "outflow" else None,
                    "receiver": code if flow == "inflow" else None,
                    "usd_millions": float(value) / 1e6,
                    "estimate": False,
                    "source_row": position + 2,
                }
            )
    ctx.insert(remittances, out)
