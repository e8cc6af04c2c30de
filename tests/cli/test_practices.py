"""`commonground practices import | export | search | schema`, and the practice analyses
(`analyse practice-gaps`, `analyse partners`), on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commonground.cli import app as cli
from tests.conftest import Built
from tests.workspace_fixtures import drop_workspace, workspace_settings


def test_import_export_search_and_schema(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = workspace_settings(built, tmp_path, "cli_practices")
    monkeypatch.setenv("COMMONGROUND_WORKSPACE_SCHEMA", settings.workspace_schema)
    monkeypatch.setenv("COMMONGROUND_PG_SCHEMA", built.schema)
    options = ["--db", settings.database_url]
    if settings.workspace:
        options += ["--workspace", settings.workspace]
    runner = CliRunner()
    try:
        first = runner.invoke(cli, ["practices", "import", *options])
        assert first.exit_code == 0, first.output
        assert "90 created" in first.output
        again = runner.invoke(cli, ["practices", "import", *options])
        assert "0 created" in again.output and "90 unchanged" in again.output
        out = tmp_path / "practices.csv"
        exported = runner.invoke(cli, ["practices", "export", str(out), *options])
        assert exported.exit_code == 0, exported.output
        assert out.read_text(encoding="utf-8").startswith("id,title,summary")
        back = runner.invoke(cli, ["practices", "import", str(out), *options])
        assert back.exit_code == 0 and "90 unchanged" in back.output, back.output
        found = runner.invoke(cli, ["practices", "search", "missing migrants", "--json", *options])
        assert "missing-migrants" in json.loads(found.output)["results"][0]["slug"]
        if settings.workspace:
            monkeypatch.setenv("COMMONGROUND_WORKSPACE_URL", settings.workspace)
        analyse = ["analyse", "practice-gaps", "--table", "forums", "--format", "json"]
        gaps = runner.invoke(cli, [*analyse, "--db", settings.database_url])
        assert gaps.exit_code == 0, gaps.output
        assert json.loads(gaps.output)["summary"]["practices"] == 90
        wanted = ["analyse", "partners", "--objective", "5", "--country", "MAR", "--format", "csv"]
        partners = runner.invoke(cli, [*wanted, "--db", settings.database_url])
        assert partners.exit_code == 0, partners.output
        assert (
            partners.output.startswith("kind,id,name") and "shared objectives 5" in partners.output
        )
        unknown = runner.invoke(cli, ["analyse", "partners", "--country", "MAX", *options[:2]])
        assert unknown.exit_code == 1 and "MAR" in unknown.output, unknown.output
        schema = runner.invoke(cli, ["practices", "schema"])
        assert json.loads(schema.output)["title"] == "Common Ground practice"
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps([{"id": "bad-one", "title": "x"}]), encoding="utf-8")
        refused = runner.invoke(cli, ["practices", "import", str(bad), *options])
        assert refused.exit_code == 2 and "refused" in refused.output
    finally:
        drop_workspace(settings)
