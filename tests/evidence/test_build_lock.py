"""One build at a time per database, a killed build's leftovers cleaned, and skipped builds."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from commonground.app import create_app
from commonground.cli import app as cli
from commonground.evidence.build import BuildBusy, _Target, build, up_to_date
from commonground.sql import make_engine
from tests.conftest import Built


def _target(built: Built) -> _Target:
    return _Target(built.settings.database_url, built.schema)


def test_a_second_build_while_one_runs_refuses_with_a_clear_message(built: Built) -> None:
    with _target(built).locked(), pytest.raises(BuildBusy, match="another build is writing"):
        build(built.settings, pg_schema=built.schema)


def test_the_cli_says_another_build_runs_and_force_does_not_skip(built: Built) -> None:
    env = {"COLUMNS": "200", "COMMONGROUND_PG_SCHEMA": built.schema}
    args = ["build", "--data", str(built.settings.data_dir), "--db", built.settings.database_url]
    with _target(built).locked():
        result = CliRunner().invoke(cli, [*args, "--force"], env=env)
    assert result.exit_code == 1
    assert "another build is writing" in result.output


def test_an_unchanged_bundle_and_code_skip_the_build(built: Built) -> None:
    assert up_to_date(built.settings, built.schema)
    env = {"COLUMNS": "200", "COMMONGROUND_PG_SCHEMA": built.schema}
    args = ["build", "--data", str(built.settings.data_dir), "--db", built.settings.database_url]
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output and "--force" in result.output


def test_a_killed_builds_leftovers_are_removed_when_a_server_starts(built: Built) -> None:
    target = _target(built)
    if target.building is not None:
        target.building.write_bytes(b"half a database")
    else:
        engine = make_engine(built.settings.database_url)
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{target.build_schema}"'))
        engine.dispose()
    app = create_app(built.settings, pg_schema=built.schema)
    app.state.evidence.dispose()
    if target.building is not None:
        assert not target.building.exists()
    else:
        engine = make_engine(built.settings.database_url)
        with engine.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :s"),
                {"s": target.build_schema},
            ).first()
        engine.dispose()
        assert found is None
