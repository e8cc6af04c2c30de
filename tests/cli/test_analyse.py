"""`commonground analyse`: the same analyses on the command line, as table, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from commonground.cli import app
from tests.analysis import expected
from tests.conftest import Built


@pytest.fixture
def db(built: Built, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COMMONGROUND_PG_SCHEMA", built.schema)
    return built.settings.database_url


def test_coalition_as_json(db: str) -> None:
    result = CliRunner().invoke(
        app, ["analyse", "coalition", "--states", "USA,MEX", "--format", "json", "--db", db]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    frame = expected.corridors("2024", 2024)
    assert body["summary"]["inside_stock"] == expected.inside_stock(frame, {"USA", "MEX"})
    assert body["summary"]["ranking"] == "greedy"


def test_coverage_as_csv(db: str) -> None:
    result = CliRunner().invoke(
        app, ["analyse", "coverage", "icmw", "--year", "2020", "--format", "csv", "--db", db]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    row = next(r for r in rows if r["year"] == "2020")
    assert int(row["parties"]) == len(expected.icmw_in_force("2020-12-31"))


def test_table_and_errors(db: str) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["analyse", "position", "Mexico", "--db", db])
    assert shown.exit_code == 0 and "immigrants" in shown.output
    unknown = runner.invoke(app, ["analyse", "position", "Mexcio", "--db", db])
    assert unknown.exit_code == 1 and "MEX (Mexico)" in unknown.output
    year = runner.invoke(app, ["analyse", "quadrants", "--year", "2021", "--db", db])
    assert year.exit_code == 1 and "years available" in year.output
