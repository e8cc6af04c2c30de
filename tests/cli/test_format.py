"""The command line's tables at 80 columns and through a pipe: every number on one line,
with thousands separators, and shares as percentages."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import Connection

from commonground.analysis.coverage import coverage
from commonground.cli.format import cell, kind_of, print_table, tables
from tests.conftest import Built

NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?%?")


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [
        (281_000_000, "count", "281,000,000"),
        (1234.5, "count", "1,234"),  # counts are whole
        (1234.5, "number", "1,234"),
        (12.345, "number", "12.35"),
        (0.1234, "number", "0.123"),
        (0.0352, "share", "3.5%"),
        (0.0004, "share", "0.04%"),
        (0.000014, "share", "0.0014%"),
        (1.0, "share", "100.0%"),
        (2020, "year", "2020"),
        (2020, "count", "2,020"),
        ("MAR", "text", "MAR"),
        (None, "count", ""),
        (True, None, "yes"),
        (["a", "b"], None, "a, b"),
        (12_345, None, "12,345"),
        (1234.0, None, "1,234"),
    ],
)
def test_cell(value: object, kind: str | None, shown: str) -> None:
    assert cell(value, kind) == shown  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "values", "kind"),
    [
        ("stock", [1, 2_000_000], "count"),
        ("year", [1990, 2020], "year"),
        ("as_of", [2018], "year"),
        ("destination_share", [0.1, 0.25], "share"),
        ("share_of_world", [0.01], "share"),
        ("immigrant_emigrant_ratio", [0.5, 3.2], "number"),
        ("usd_millions", [12.5], "number"),
        ("m49", [504], "text"),
        ("rcid", [4523], "text"),
        ("paid", [1200], "count"),
        ("origin_name", ["Mexico"], "text"),
        ("years_available", [[1990, 2020]], "text"),
        ("empty", [None, None], "text"),
    ],
)
def test_kind_of(name: str, values: list[object], kind: str) -> None:
    assert kind_of(name, values) == kind


def rendered(rows: list[dict[str, object]], width: int = 80) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=False, color_system=None)
    print_table(console, "t", rows)
    return out.getvalue()


def test_a_table_too_wide_is_split_by_columns_with_its_key_in_each() -> None:
    rows = [{"year": 2020, **{f"column_{i}": 1_234_567_890 + i for i in range(9)}}]
    parts = tables(80, "wide", rows)
    assert [str(p.title) for p in parts] == ["wide (1/3)", "wide (2/3)", "wide (3/3)"]
    assert all(str(p.columns[0].header) == "year" for p in parts)
    assert sum(len(p.columns) - 1 for p in parts) == 9
    assert "1,234,567,898" in rendered(rows)


def test_numbers_are_never_split_at_80_columns(conn: Connection) -> None:
    """A real analysis with long names beside big numbers, in an 80-column terminal."""
    result = coverage(conn, "icmw")
    for name, rows in result.tables.items():
        output = rendered(rows)
        assert max(len(line) for line in output.splitlines()) <= 80, name
        shown = set(NUMBER.findall(output))
        for row in rows:
            for column, value in row.items():
                if isinstance(value, int | float) and not isinstance(value, bool):
                    text = cell(value, kind_of(column, [r[column] for r in rows]))
                    assert text in shown, (name, column, text)
        assert "," in output and "%" in output, name


def piped(env: dict[str, str], *args: str) -> str:
    """What the installed command writes into a pipe."""
    command = Path(sys.executable).with_name("commonground")
    done = subprocess.run(
        [str(command), *args], env=env, stdout=subprocess.PIPE, text=True, check=True
    )
    return done.stdout


def pipe_env(built: Built) -> dict[str, str]:
    """The environment of a command writing into an 80-column pipe, over the built base."""
    return {
        **os.environ,
        "COLUMNS": "80",
        "COMMONGROUND_DATABASE_URL": built.settings.database_url,
        "COMMONGROUND_PG_SCHEMA": built.schema,
    }


def test_an_analysis_through_a_pipe_reads_at_80_columns(built: Built) -> None:
    """`commonground analyse coverage` as `| less` reads it: every line within 80 columns,
    the summary's counts and each row's with separators, shares as percentages, years as
    years, figure for figure what the JSON says."""
    env = pipe_env(built)
    asked = ["analyse", "coverage", "icmw", "--year", "2020"]
    output = piped(env, *asked)
    body = json.loads(piped(env, *asked, "--format", "json"))
    summary, series = body["summary"], body["tables"]["series"]
    assert "\x1b[" not in output
    assert max(len(line) for line in output.splitlines()) <= 80
    shown = set(NUMBER.findall(output))
    assert f"{summary['world']:,}" in shown and summary["world"] >= 1_000_000
    assert cell(summary["destination_share"], "share") in shown
    assert ", ".join(map(str, summary["years_available"])) in output
    assert all(f"{row['world']:,}" in shown for row in series)
    assert all(cell(row["origin_share"], "share") in shown for row in series)


def test_a_pipe_gets_80_columns_with_separators(built: Built) -> None:
    """`commonground sources` and `show` written into a pipe, as `| less` would read them."""
    env = pipe_env(built)
    for args in (["show", "icmw"], ["show", "gfmd", "--as-of", "2018"], ["show", "MAR"]):
        output = piped(env, *args)
        assert "\x1b[" not in output, args  # no colour codes into a file
        boxed = [line for line in output.splitlines() if line[:1] in "│┃┏┡└"]
        assert boxed and all(len(line) <= 80 for line in boxed), args
        if args == ["show", "icmw"]:  # state | status | year | note: each year whole
            states = boxed[: next(i for i, line in enumerate(boxed) if line[0] == "└")]
            years = {line.split("│")[3].strip() for line in states if line[0] == "│"}
            assert len(years) > 20 and all(re.fullmatch(r"(\d{4})?", y) for y in years)
    counts = re.findall(r"^\S+  ([\d,]+) rows loaded", piped(env, "sources"), re.M)
    assert len(counts) >= 38
    assert all(re.fullmatch(r"\d{1,3}(,\d{3})*", c) for c in counts)
    assert any(int(c.replace(",", "")) >= 1000 for c in counts)
