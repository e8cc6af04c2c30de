"""Each declaration says what its analysis answers, the type of its summary and of each
table's rows, and the API's schema is made from it: running every declared example through
the CLI shows the declaration true of what really comes back."""

from __future__ import annotations

import json
import shlex
from dataclasses import fields
from typing import Any

import pytest
from pydantic import TypeAdapter
from typer.testing import CliRunner

from commonground.analysis.declare import Declared
from commonground.analysis.registry import ANALYSES, TABLES
from commonground.cli import app
from tests.conftest import Built


@pytest.fixture
def db(built: Built, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COMMONGROUND_PG_SCHEMA", built.schema)
    return built.settings.database_url


def _example(declared: Declared[Any, Any], db: str) -> dict[str, Any]:
    """The JSON the declaration's own example prints."""
    args = shlex.split(declared.example)[1:]
    result = CliRunner().invoke(app, [*args, "--format", "json", "--db", db])
    assert result.exit_code == 0, result.output
    body: dict[str, Any] = json.loads(result.output)
    return body


def _summary_as_declared(declared: Declared[Any, Any], body: dict[str, Any]) -> None:
    """Every figure of the summary is a declared field of the declared type, none left out."""
    assert declared.answers is not None, f"{declared.name} declares no summary type"
    summary = declared.answers.model_validate(body["summary"])
    assert json.loads(json.dumps(summary.figures(), default=str)) == body["summary"]


@pytest.mark.parametrize("declared", ANALYSES, ids=lambda d: d.name)
def test_each_analysis_answers_as_declared(declared: Declared[Any, Any], db: str) -> None:
    body = _example(declared, db)
    _summary_as_declared(declared, body)
    assert list(body["tables"]) == list(declared.rows), "tables as declared, in order"
    for name, rows in body["tables"].items():
        row_type = declared.rows[name]
        TypeAdapter(list[row_type]).validate_python(rows)  # type: ignore[valid-type]
        assert all(_columns_as_declared(row_type, list(row)) for row in rows), (
            f"{declared.name}.{name} columns"
        )


def _columns_as_declared(row_type: type[Any], columns: list[str]) -> bool:
    """A row's columns are its type's fields, in order; a type that allows more (a stock
    column named after its year) has its fields in order among them."""
    declared = [f.name for f in fields(row_type)]
    config = getattr(row_type, "__pydantic_config__", {})
    if config.get("extra") == "allow":
        return [c for c in columns if c in declared] == declared
    return columns == declared


@pytest.mark.parametrize("declared", TABLES, ids=lambda d: d.name)
def test_each_table_of_evidence_summarises_as_declared(
    declared: Declared[Any, Any], db: str
) -> None:
    """A table's rows have the columns of its grouping (listed in `columns`); its summary is
    typed."""
    body = _example(declared, db)
    _summary_as_declared(declared, body)
    assert list(body["tables"]) == [declared.name]
