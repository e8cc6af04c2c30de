"""What an importer gets: its declared source, the open build connection, the resolver,
readers that check shape, and a report of what it loaded and what it passed over.
"""

from __future__ import annotations

import csv
import hashlib
import io
import warnings
import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

import pandas as pd
from sqlalchemy import Connection, Table

from commonground.domain.errors import SourceError
from commonground.evidence.countries import AreaResolver
from commonground.evidence.sources.spec import SourceSpec
from commonground.sql import insert_rows


class Disagreement(TypedDict):
    """Where two sources of one instrument disagree on a state, as the build stores it in
    source_disagreements: what each says (None: not a party there) and the declared reason
    (None: not declared, and the build stops)."""

    instrument_id: str
    country: str
    kind: str
    first_source: str
    first_value: str | None
    second_source: str
    second_value: str | None
    declared: bool
    reason: str | None


@dataclass
class SourceReport:
    """What one source contributed to a build."""

    source_id: str
    edition: str
    file: str
    rows: int = 0
    years: set[int] = field(default_factory=set)
    aggregate_rows: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # Where this source was compared with another on one instrument (sources/compare.py).
    disagreements: list[Disagreement] = field(default_factory=list)

    def skip(self, reason: str, n: int = 1) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + n

    @property
    def year_span(self) -> str:
        if not self.years:
            return ""
        lo, hi = min(self.years), max(self.years)
        return str(lo) if lo == hi else f"{lo}-{hi}"


@dataclass
class ImportContext:
    """The state one importer works with; it writes only through `insert`."""

    spec: SourceSpec
    data_dir: Path
    verify_checksums: bool = True
    report: SourceReport = field(init=False)
    sha256: str = field(init=False, default="")
    file_rows: int = field(init=False, default=0)
    _conn: Connection | None = field(init=False, default=None)
    _resolver: AreaResolver | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.report = SourceReport(self.spec.id, self.spec.edition, self.spec.file)

    def open(self, conn: Connection, resolver: AreaResolver) -> None:
        """Give the importer the build's transaction and the country resolver."""
        self._conn = conn
        self._resolver = resolver

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise RuntimeError(f"{self.spec.id}: the source is checked but not opened for loading")
        return self._conn

    @property
    def resolver(self) -> AreaResolver:
        if self._resolver is None:
            raise RuntimeError(f"{self.spec.id}: the source is checked but not opened for loading")
        return self._resolver

    @property
    def file(self) -> str:
        return self.spec.file

    @property
    def path(self) -> Path:
        """The file, checked to exist and to be the declared edition."""
        path = self.data_dir / self.spec.file
        if not path.is_file():
            raise SourceError(
                self.spec.file,
                f"file not found in the data directory {self.data_dir}",
                expected="the bundle as described in its MANIFEST.md (set --data or"
                " COMMONGROUND_DATA to its folder)",
            )
        if not self.sha256:
            self.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
            if self.verify_checksums and self.sha256 != self.spec.sha256:
                raise SourceError(
                    self.spec.file,
                    "the file is not the declared edition: its SHA-256 checksum differs, so it"
                    " was changed, truncated or corrupted",
                    value=self.sha256,
                    expected=f"{self.spec.sha256} as declared in facts/datasets.yaml",
                )
        return path

    def error(self, message: str, **where: Any) -> SourceError:
        return SourceError(self.spec.file, message, **where)

    def insert(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
        insert_rows(self.conn, table, rows)
        self.report.rows += len(rows)

    # readers -------------------------------------------------------------------------------

    def read_csv(self, columns: Sequence[str], **kwargs: Any) -> pd.DataFrame:
        """A CSV as strings, with exactly the declared columns; `NA` stays Namibia."""
        path = self.path
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                header = next(csv.reader(handle), [])
            frame: pd.DataFrame = pd.read_csv(
                path, dtype=str, keep_default_na=False, na_filter=False, **kwargs
            )
        except (UnicodeDecodeError, pd.errors.ParserError, csv.Error) as exc:
            raise self.error(f"cannot be read as CSV: {exc}") from exc
        self.check_columns(header, columns)
        self.file_rows = len(frame)
        ragged = self._ragged_row(path, len(header))
        if ragged is not None:
            line, width = ragged
            raise self.error(
                f"row has {width} fields, the header {len(header)} (truncated or corrupted file?)",
                row=line,
                # The first column the row lacks, or the first one too many.
                field=header[width] if width < len(header) else f"column {len(header) + 1}",
                expected=f"{len(header)} fields",
            )
        return frame

    def _ragged_row(self, path: Path, width: int) -> tuple[int, int] | None:
        """The first line whose number of fields differs from the header's, and that number."""
        with path.open(encoding="utf-8", newline="") as handle:
            for line, record in enumerate(csv.reader(handle), start=1):
                if record and len(record) != width:
                    return line, len(record)
        return None

    def check_columns(self, header: Sequence[Any], expected: Sequence[str]) -> None:
        found = [str(h).strip() if h is not None else "" for h in header]
        missing = [c for c in expected if c not in found]
        extra = [c for c in found if c not in expected]
        if missing or extra:
            detail = []
            if missing:
                detail.append(f"missing {', '.join(repr(c) for c in missing)}")
            if extra:
                detail.append(f"unexpected {', '.join(repr(c) for c in extra)}")
            raise self.error(
                "the columns changed: " + "; ".join(detail),
                row=1,
                field=missing[0] if missing else extra[0],
                expected="columns " + ", ".join(repr(c) for c in expected),
            )

    def read_sheet(self, sheet: str) -> list[tuple[Any, ...]]:
        """Every row of one worksheet as cached values (formulas give their last result)."""
        import openpyxl

        path = self.path
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                book = openpyxl.load_workbook(
                    io.BytesIO(path.read_bytes()), read_only=True, data_only=True
                )
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            raise self.error(f"cannot be opened as an Excel workbook: {exc}") from exc
        if sheet not in book.sheetnames:
            raise self.error(
                "worksheet not found", value=sheet, expected=f"one of {book.sheetnames}"
            )
        rows = list(book[sheet].iter_rows(values_only=True))
        book.close()
        self.file_rows = len(rows)
        return rows

    # values --------------------------------------------------------------------------------

    def count(self, value: Any, *, row: int, column: str, allow_blank: bool = False) -> int | None:
        """A non-negative whole number (thousands separators allowed), or an error."""
        if value is None or (isinstance(value, str) and value.strip() in ("", "..")):
            if allow_blank:
                return None
            raise self.error(
                "missing value",
                row=row,
                field=column,
                value=value,
                expected="a non-negative whole number",
            )
        try:
            number = float(str(value).replace(",", "")) if isinstance(value, str) else float(value)
        except (TypeError, ValueError):
            number = float("nan")
        # Spreadsheets store some whole numbers as 38891.00000000001: accept float noise only.
        if number != number or number < 0 or abs(number - round(number)) > 1e-6:
            raise self.error(
                "not a count",
                row=row,
                field=column,
                value=value,
                expected="a non-negative whole number",
            )
        return round(number)

    def amount(
        self, value: Any, *, row: int, column: str, allow_blank: bool = True
    ) -> float | None:
        """A non-negative amount of money, or None when the cell is empty, '..' or '-'."""
        if value is None or (isinstance(value, str) and value.strip() in ("", "..", "-")):
            if allow_blank:
                return None
            raise self.error("missing value", row=row, field=column, expected="an amount")
        try:
            number = float(str(value).replace(",", "")) if isinstance(value, str) else float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if number != number or number < 0:
            raise self.error(
                "not an amount",
                row=row,
                field=column,
                value=value,
                expected="a non-negative number",
            )
        return number

    def year(self, value: Any, *, row: int, column: str, lo: int = 1900, hi: int = 2100) -> int:
        try:
            year = int(str(value).strip())
        except ValueError:
            year = -1
        if not lo <= year <= hi:
            raise self.error(
                "not a year",
                row=row,
                field=column,
                value=value,
                expected=f"a year between {lo} and {hi}",
            )
        self.report.years.add(year)
        return year

    def area(self, value: Any, *, row: int, column: str, kinds: Sequence[str] | None = None) -> str:
        if kinds is None:
            return self.resolver.resolve(value, file=self.file, row=row, field=column)
        return self.resolver.resolve(value, file=self.file, row=row, field=column, kinds=kinds)

    def unique(
        self, keys: Iterator[tuple[Any, ...]], rows: Iterator[int], what: str, field: str
    ) -> None:
        """Stop at the first repeated key, naming both rows and the key's field."""
        seen: dict[tuple[Any, ...], int] = {}
        for key, row in zip(keys, rows, strict=True):
            first = seen.setdefault(key, row)
            if first != row:
                value = " / ".join(str(k) for k in key)
                raise SourceError.duplicate(
                    self.file, what, row=row, first=first, field=field, value=value
                )


Importer = Callable[[ImportContext], None]


def records(frame: pd.DataFrame) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows with their line numbers in the file (the header is line 1)."""
    for position, record in enumerate(frame.to_dict("records")):
        yield position + 2, {str(k): v for k, v in record.items()}


def first_line(mask: pd.Series) -> int | None:
    """The file line of the first row where `mask` holds, or None."""
    positions = mask.to_numpy().nonzero()[0]
    return int(positions[0]) + 2 if len(positions) else None


def check_choice(
    ctx: ImportContext, frame: pd.DataFrame, column: str, allowed: Collection[str], what: str
) -> None:
    """Stop at the first row whose `column` holds a value outside `allowed`."""
    line = first_line(~frame[column].isin(list(allowed)))
    if line is not None:
        raise ctx.error(
            f"unknown {what}",
            row=line,
            field=column,
            value=frame[column].iloc[line - 2],
            expected=" or ".join(sorted(allowed)),
        )


def column_counts(
    ctx: ImportContext, series: pd.Series, column: str, blank: tuple[str, ...] = ()
) -> pd.Series:
    """Vectorised `count`: the first bad cell stops the build with its row (header = row 1)."""
    text = series.astype(str).str.strip().str.replace(",", "", regex=False)
    is_blank = text.isin(blank) if blank else pd.Series(False, index=series.index)
    numbers = pd.to_numeric(text.where(~is_blank), errors="coerce")
    bad = (numbers.isna() & ~is_blank) | (numbers < 0) | (numbers.fillna(0) % 1 != 0)
    line = first_line(bad)
    if line is not None:
        ctx.count(series.iloc[line - 2], row=line, column=column)
    return numbers


def column_areas(
    ctx: ImportContext, series: pd.Series, column: str, kinds: Sequence[str] | None = None
) -> pd.Series:
    """Vectorised `area`: each distinct value resolved once, errors name its first row."""
    mapping: dict[Any, str] = {}
    for position, value in enumerate(series.tolist()):
        if value not in mapping:
            mapping[value] = ctx.area(value, row=position + 2, column=column, kinds=kinds)
    return series.map(mapping)


def column_years(ctx: ImportContext, series: pd.Series, column: str) -> pd.Series:
    numbers = pd.to_numeric(series, errors="coerce")
    bad = numbers.isna() | (numbers < 1900) | (numbers > 2100)
    line = first_line(bad)
    if line is not None:
        ctx.year(series.iloc[line - 2], row=line, column=column)
    ctx.report.years.update(int(y) for y in numbers.unique())
    return numbers.astype(int)


def check_unique(ctx: ImportContext, frame: pd.DataFrame, keys: list[str], what: str) -> None:
    """Stop at the first row repeating the key of an earlier row, naming both rows."""
    second = first_line(frame.duplicated(keys, keep="first"))
    if second is not None:
        key = tuple(frame.iloc[second - 2][keys])
        same = (frame[keys] == pd.Series(key, index=keys)).all(axis=1)
        first = first_line(same)
        assert first is not None
        raise SourceError.duplicate(
            ctx.file,
            what,
            row=second,
            first=first,
            field=", ".join(keys),
            value=" / ".join(str(k) for k in key),
        )


def frame_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as dicts for `insert`, with missing values as None (SQL NULL)."""
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.to_dict("records")  # type: ignore[return-value]


@dataclass(frozen=True)
class CountColumns:
    """The columns of a long table of counts by year, place, origin and one coded category,
    and what errors call the category and the key."""

    place: str
    origin: str
    category: str
    count: str
    category_is: str
    key_is: str


def read_counts(
    ctx: ImportContext,
    columns: list[str],
    named: CountColumns,
    categories: Collection[str],
    kinds: tuple[Sequence[str], Sequence[str]],
) -> pd.DataFrame:
    """A long table of counts, checked (known category, one row per key, known places and
    origins of `kinds`, whole counts) into columns year, place, origin, category, count and
    source_row."""
    frame = ctx.read_csv(columns)
    check_choice(ctx, frame, named.category, categories, named.category_is)
    key = {"year", named.place, named.origin, named.category}
    check_unique(ctx, frame, [k for k in columns if k in key], named.key_is)
    return pd.DataFrame(
        {
            "year": column_years(ctx, frame["year"], "year"),
            "place": column_areas(ctx, frame[named.place], named.place, kinds[0]),
            "origin": column_areas(ctx, frame[named.origin], named.origin, kinds[1]),
            "category": frame[named.category],
            "count": column_counts(ctx, frame[named.count], named.count).astype("int64"),
            "source_row": frame.index + 2,
        }
    )
