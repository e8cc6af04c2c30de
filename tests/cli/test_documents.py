"""`commonground ingest FILE --format json` and `commonground documents list` on both
backends: mentions and proposals with their spans and their comparison with the map, one
document per file, and a clear refusal of a file that cannot be read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commonground.cli import app as cli
from tests.conftest import Built
from tests.documents import TEXTS, about
from tests.workspace_fixtures import drop_workspace, workspace_settings

DHAKA = "gfmd_dhaka_2016_meeting_page"


def test_ingest_prints_mentions_and_proposals_and_stores_one_document(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = workspace_settings(built, tmp_path, "cli_documents")
    monkeypatch.setenv("COMMONGROUND_WORKSPACE_SCHEMA", settings.workspace_schema)
    monkeypatch.setenv("COMMONGROUND_PG_SCHEMA", built.schema)
    options = ["--db", settings.database_url]
    if settings.workspace:
        options += ["--workspace", settings.workspace]
    runner = CliRunner()
    path = str(TEXTS / f"{DHAKA}.txt")
    url = about(DHAKA)["url"]
    try:
        first = runner.invoke(cli, ["ingest", path, "--url", url, "--format", "json", *options])
        assert first.exit_code == 0, first.output
        out = json.loads(first.output)
        assert out["duplicate"] is False
        doc = out["document"]
        assert doc["url"] == url
        assert "meeting:gfmd-2016" in {m["key"] for m in doc["mentions"]}
        held = [p for p in doc["proposals"] if p["kind"] == "meeting"]
        assert held and held[0]["comparison"] == "agrees"
        assert held[0]["fact"]["details"]["place"] == "Dhaka"
        assert held[0]["stored"]["place"] == "Dhaka"
        again = runner.invoke(cli, ["ingest", path, *options])
        assert again.exit_code == 0 and "already stored" in again.output, again.output
        repeated = runner.invoke(cli, ["ingest", path, "--format", "json", *options])
        assert json.loads(repeated.output)["duplicate"] is True
        assert json.loads(repeated.output)["document"]["id"] == doc["id"]
        listed = runner.invoke(cli, ["documents", "list", *options])
        assert listed.output.count("Ninth Meeting of the Global Forum") == 1
        empty = tmp_path / "empty.txt"
        empty.write_bytes(b"")
        refused = runner.invoke(cli, ["ingest", str(empty), *options])
        assert refused.exit_code == 1
        assert "empty.txt is empty" in refused.output and "nothing was stored" in refused.output
    finally:
        drop_workspace(settings)
