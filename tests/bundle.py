"""A modified copy of the data bundle, for tests of bad input.

The bundle is read-only and large, so a copy links every file to the original except the
ones a test changes, which are written in full. Edits work on lines of text, so every other
line of the file stays byte for byte as published and row numbers keep their meaning
(line 1 is the header, line N is the (N-1)th data row).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from pathlib import Path

from tests.conftest import DATA_DIR

# Files loaded early in facts/datasets.yaml, so a failing build stops within seconds.
ANNEX = "classifications/undesa_ims2019_annex_development_income_groups.csv"
UNDESA_2017 = "undesa_ims/UN_MigrantStockByOriginAndDestination_2017_Table1_renamed.csv"
UNDESA_2019 = "undesa_ims/UN_MigrantStockTotal_2019.xlsx"
UNDESA_2020 = "undesa_ims/undesa_ims2020_stock_by_destination_origin_sex_long.csv"

Edit = Callable[[bytes], bytes]


def bundle_copy(target: Path, edits: dict[str, Edit | None]) -> Path:
    """A bundle at `target`: each file in `edits` rewritten by its edit (None: left out)."""
    for path in sorted(DATA_DIR.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(DATA_DIR).as_posix()
        out = target / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        if relative not in edits:
            os.symlink(path, out)
            continue
        edit = edits[relative]
        if edit is not None:
            out.write_bytes(edit(path.read_bytes()))
    missing = [f for f in edits if not (DATA_DIR / f).is_file()]
    assert not missing, f"not in the bundle: {missing}"
    return target


def raw_lines(relative: str) -> list[str]:
    """The lines of a bundle file, with their line endings."""
    return (DATA_DIR / relative).read_text("utf-8").splitlines(keepends=True)


def header(relative: str) -> list[str]:
    return next(csv.reader(io.StringIO(raw_lines(relative)[0])))


def _join(lines: list[str]) -> bytes:
    return "".join(lines).encode("utf-8")


def _format(record: list[str], ending: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=ending).writerow(record)
    return buffer.getvalue()


def set_cell(line: int, column: str, value: str) -> Edit:
    """Put `value` in one cell (line numbers as in the file, header = 1)."""

    def edit(data: bytes) -> bytes:
        lines = data.decode("utf-8").splitlines(keepends=True)
        names = next(csv.reader(io.StringIO(lines[0])))
        text = lines[line - 1]
        ending = text[len(text.rstrip("\r\n")) :]
        record = next(csv.reader(io.StringIO(text)))
        record[names.index(column)] = value
        lines[line - 1] = _format(record, ending)
        return _join(lines)

    return edit


def rename_column(old: str, new: str) -> Edit:
    def edit(data: bytes) -> bytes:
        lines = data.decode("utf-8").splitlines(keepends=True)
        text = lines[0]
        ending = text[len(text.rstrip("\r\n")) :]
        record = next(csv.reader(io.StringIO(text)))
        record[record.index(old)] = new
        lines[0] = _format(record, ending)
        return _join(lines)

    return edit


def repeat_line(line: int) -> Edit:
    """Insert a second copy of a line right after it (the copy is at line + 1)."""

    def edit(data: bytes) -> bytes:
        lines = data.decode("utf-8").splitlines(keepends=True)
        lines.insert(line, lines[line - 1])
        return _join(lines)

    return edit


def drop_line(line: int) -> Edit:
    """Remove one line, so every later row moves up by one."""

    def edit(data: bytes) -> bytes:
        lines = data.decode("utf-8").splitlines(keepends=True)
        del lines[line - 1]
        return _join(lines)

    return edit


def truncate_mid_line(line: int, keep: int) -> Edit:
    """Cut the file `keep` characters into a line, as an interrupted copy would."""

    def edit(data: bytes) -> bytes:
        lines = data.decode("utf-8").splitlines(keepends=True)
        return _join([*lines[: line - 1], lines[line - 1][:keep]])

    return edit


def garbage(data: bytes) -> bytes:
    """Bytes that are no Excel workbook: the size of the file, none of its structure."""
    return bytes((i * 97 + 13) % 256 for i in range(len(data)))
