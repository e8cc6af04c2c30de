"""UN DESA International Migrant Stock: each edition loaded as its own series.

- 2020 and 2024: origin-by-destination by sex, in long form (ISO3 codes, `OOO` = unknown origin).
- 2017: Table 1 (both sexes) as a wide origin-by-destination table with shortened names.
- 2019 and the 2020 destination workbook: published totals by destination (countries and
  aggregates) and total population.
Corridors with a zero stock are not stored; totals by sex are kept as published or, where the
edition gives only women and men, stored as their sum.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from commonground.domain.errors import SourceError
from commonground.evidence.sources.context import (
    CountColumns,
    ImportContext,
    frame_rows,
    read_counts,
    records,
)
from commonground.evidence.store.tables import migrant_stock, population, stock_totals

LONG_COLUMNS = [
    "year",
    "destination_iso3",
    "origin_iso3",
    "sex",
    "stock",
    "type_b",
    "type_c",
    "type_r",
    "type_i",
]
SEXES = {"female", "male"}
ORIGIN_KINDS = ("country", "territory", "aggregate")
PLACE_KINDS = ("country", "territory")
LONG_NAMED = CountColumns(
    "destination_iso3", "origin_iso3", "sex", "stock", "sex", "year, destination, origin and sex"
)


def load_long(ctx: ImportContext) -> None:
    """Origin by destination by sex; both sexes stored as the sum of women and men."""
    out = read_counts(ctx, LONG_COLUMNS, LONG_NAMED, SEXES, (PLACE_KINDS, ORIGIN_KINDS))
    out = out.rename(columns={"place": "destination", "category": "sex", "count": "stock"})
    out = out[out["stock"] > 0]
    totals = pd.DataFrame(
        out.groupby(["year", "destination", "origin"], as_index=False)["stock"].sum()
    )
    totals["sex"] = "total"
    totals["source_row"] = None
    both: pd.DataFrame = pd.concat([out, totals], ignore_index=True)
    both["source_id"] = ctx.spec.id
    ctx.insert(migrant_stock, frame_rows(both))
    ctx.report.notes.append("both sexes = female + male")


def load_wide_2017(ctx: ImportContext) -> None:
    """The 2017 Table 1: destination rows (countries and aggregates) by origin columns.

    The file is a conversion that dropped the M49 codes and shortened names, so two rows of
    each year are both called "Micronesia": the first is the region, the second the country
    (the table lists a region before its countries). Declared defects of the conversion
    (options.skip_rows) are passed over with their reason; anything else unexpected stops.
    """
    frame = ctx.read_csv(ctx.spec.options["columns_head"] + _origin_columns(ctx))
    skip = {int(k): v for k, v in ctx.spec.options.get("skip_rows", {}).items()}
    origins = [c for c in frame.columns if c not in ("Year", "MajorArea", "Total")]
    origin_codes = {c: ctx.area(c, row=1, column=c, kinds=ORIGIN_KINDS) for c in origins}
    stock_rows: list[dict[str, Any]] = []
    total_rows: list[dict[str, Any]] = []
    seen_micronesia: set[int] = set()
    seen: dict[tuple[int, str], int] = {}
    for line, r in records(frame):
        if line in skip or (skip and _in_ranges(line, ctx.spec.options.get("skip_ranges", []))):
            _check_declared_blank(ctx, line, r, skip.get(line))
            ctx.report.skip(skip.get(line) or ctx.spec.options["skip_ranges_reason"])
            continue
        year = ctx.year(r["Year"], row=line, column="Year")
        name = r["MajorArea"]
        if name == "Micronesia" and year not in seen_micronesia:
            seen_micronesia.add(year)
            destination = ctx.resolver.resolve(
                "Micronesia (region)", file=ctx.file, row=line, field="MajorArea"
            )
        else:
            destination = ctx.area(name, row=line, column="MajorArea")
        first = seen.setdefault((year, destination), line)
        if first != line:
            raise SourceError.duplicate(
                ctx.file,
                "year and destination",
                row=line,
                first=first,
                field="MajorArea",
                value=f"{year} / {name}",
            )
        total = ctx.count(r["Total"], row=line, column="Total")
        total_rows.append(
            {
                "source_id": ctx.spec.id,
                "year": year,
                "area": destination,
                "sex": "total",
                "stock": total,
                "source_row": line,
            }
        )
        if ctx.resolver.kinds[destination] == "aggregate":
            ctx.report.aggregate_rows += 1
            continue
        for column in origins:
            value = ctx.count(r[column], row=line, column=column)
            if value:
                stock_rows.append(
                    {
                        "source_id": ctx.spec.id,
                        "year": year,
                        "destination": destination,
                        "origin": origin_codes[column],
                        "sex": "total",
                        "stock": value,
                        "source_row": line,
                    }
                )
    ctx.insert(stock_totals, total_rows)
    ctx.insert(migrant_stock, stock_rows)


def _origin_columns(ctx: ImportContext) -> list[str]:
    import csv

    with ctx.path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    head = ctx.spec.options["columns_head"]
    if header[: len(head)] != head:
        ctx.check_columns(header[: len(head)], head)
    return header[len(head) :]


def _check_declared_blank(
    ctx: ImportContext, line: int, r: dict[str, Any], reason: str | None
) -> None:
    """A row declared a defect must still look like one: rows must not have moved."""
    held = r["MajorArea"].strip() if reason else r["Year"].strip()
    if held:
        raise ctx.error(
            "a row declared a defect of the conversion holds data (were rows added or removed?)",
            row=line,
            field="MajorArea" if reason else "Year",
            value=held,
            expected="the row as declared in facts/datasets.yaml: "
            + (reason or ctx.spec.options["skip_ranges_reason"]),
        )


def _in_ranges(line: int, ranges: list[list[int]]) -> bool:
    return any(lo <= line <= hi for lo, hi in ranges)


def load_workbook_totals(ctx: ImportContext) -> None:
    """Published totals by destination (both sexes, women, men) and total population.

    Rows are identified by their M49 location code, so aggregates keep their identity; an
    aggregate printed twice under two groupings (e.g. Oceania) is stored once, and only if the
    two rows agree.
    """
    opts = ctx.spec.options
    for table_opts in opts["tables"]:
        rows = ctx.read_sheet(table_opts["sheet"])
        header_row = table_opts["header_row"]
        years_row = rows[table_opts["years_row"] - 1]
        header = rows[header_row - 1]
        code_col = table_opts["code_column"] - 1
        if "code" not in str(header[code_col]).lower():
            raise ctx.error(
                "the columns changed: no location code where expected",
                row=header_row,
                field=f"column {code_col + 1}",
                value=header[code_col],
                expected="'Code' or 'Location code'",
            )
        blocks = table_opts["blocks"]  # {sex: first column (1-based)}
        n_years = table_opts["n_years"]
        out: dict[tuple[int, str, str], dict[str, Any]] = {}
        for line in range(table_opts["first_row"], len(rows) + 1):
            row = rows[line - 1]
            if row[code_col] in (None, ""):
                continue
            code = ctx.area(str(int(row[code_col])), row=line, column="Location code")
            if ctx.resolver.kinds[code] == "aggregate":
                ctx.report.aggregate_rows += 1
            for sex, first in blocks.items():
                for k in range(n_years):
                    col = first - 1 + k
                    year = ctx.year(
                        years_row[col], row=table_opts["years_row"], column=f"column {col + 1}"
                    )
                    value = _cell(ctx, table_opts["kind"], row[col], line, f"{sex} {year}")
                    if value is None:
                        continue
                    key = (year, code, sex)
                    record = {
                        "source_id": ctx.spec.id,
                        "year": year,
                        "area": code,
                        "sex": sex,
                        "source_row": line,
                    }
                    if table_opts["kind"] == "population":
                        record["population"] = value
                    else:
                        record["stock"] = value
                    held = out.get(key)
                    if held is not None:
                        value_field = "population" if "population" in record else "stock"
                        if held[value_field] != record[value_field]:
                            raise ctx.error(
                                f"duplicate row: location {code} also at row"
                                f" {held['source_row']} with another value",
                                row=line,
                                field=f"{sex} {year}",
                                value=value,
                                expected=str(held[value_field]),
                            )
                        continue
                    out[key] = record
        records = list(out.values())
        if table_opts["kind"] == "population":
            for record in records:
                del record["sex"]
            ctx.insert(population, records)
        else:
            ctx.insert(stock_totals, records)


def _cell(ctx: ImportContext, kind: str, value: Any, line: int, column: str) -> int | None:
    """A stock is a whole count; a population is given in thousands with decimals."""
    if kind == "population":
        amount = ctx.amount(value, row=line, column=column)
        return None if amount is None else round(amount * 1000)
    return ctx.count(value, row=line, column=column, allow_blank=True)
