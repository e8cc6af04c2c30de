"""Each declaration says what its analysis answers, the type of its summary and of each
table's rows, and the API's schema is made from it: running every declared example through
the CLI shows the declaration true of what really comes back."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator
from dataclasses import fields
from typing import Any, get_args

import pytest
from pydantic import TypeAdapter
from typer.testing import CliRunner

from commonground.analysis.declare import Declared
from commonground.analysis.registry import ANALYSES, TABLES
from commonground.cli import app
from tests.conftest import Built
from tests.workspace_fixtures import drop_workspace, workspace_settings


@pytest.fixture(scope="module")
def db(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The evidence base's URL, with a workspace holding the curated practices, pledges and
    recommendations, so the analyses over both stores answer with rows."""
    settings = workspace_settings(built, tmp_path_factory.mktemp("declared"), "declared")
    options = ["--db", settings.database_url]
    if settings.workspace:
        options += ["--workspace", settings.workspace]
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COMMONGROUND_PG_SCHEMA", built.schema)
        env.setenv("COMMONGROUND_WORKSPACE_SCHEMA", settings.workspace_schema)
        if settings.workspace:
            env.setenv("COMMONGROUND_WORKSPACE_URL", settings.workspace)
        try:
            for records in ("practices", "pledges"):
                imported = CliRunner().invoke(app, [records, "import", *options])
                assert imported.exit_code == 0, imported.output
            yield settings.database_url
        finally:
            drop_workspace(settings)


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
    assert any(body["tables"].values()), f"the {declared.name} example answers with rows"
    for name, rows in body["tables"].items():
        row_type = declared.rows[name]
        TypeAdapter(list[row_type]).validate_python(rows)  # type: ignore[valid-type]
        assert all(_columns_as_declared(row_type, list(row)) for row in rows), (
            f"{declared.name}.{name} columns"
        )


def _columns_as_declared(row_type: Any, columns: list[str]) -> bool:
    """A row's columns are its type's fields, in order; a type that allows more (a stock
    column named after its year) has its fields in order among them; a row of a union (a
    column named after the grouping asked for) is one of its types."""
    if get_args(row_type):
        return any(_columns_as_declared(t, columns) for t in get_args(row_type))
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
