"""`commonground workspace check` lists references the evidence base does not know and
deletes nothing."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from commonground.cli import app
from commonground.workspace import accounts, review
from commonground.workspace.notes import NOTE
from commonground.workspace.store import writing
from tests.workspace_fixtures import Workspace


def test_check_lists_unknown_references_and_keeps_them(workspace: Workspace) -> None:
    org = workspace.organisation("Linked to IOM", "iom")
    lost = workspace.organisation("Linked to a gone actor", "no-such-actor")
    author = workspace.user("contributor", org)
    with writing(workspace.engine) as conn:
        actor = accounts.actor_for(conn, accounts.get_user(conn, author))
        for about in (
            "country:MAR",
            "forum:gfmd",
            "country:ZZZ",
            "meeting:gfmd-1900",
            "objective:24",
        ):
            review.create(conn, actor, NOTE, org, {"about": about, "title": about, "body": "b"})
    before = workspace.rows()
    s = workspace.settings
    options = ["--db", s.database_url, *(["--workspace", s.workspace] if s.workspace else [])]
    env = {
        "COMMONGROUND_PG_SCHEMA": workspace.built.schema,
        "COMMONGROUND_WORKSPACE_SCHEMA": s.workspace_schema,
    }
    result = CliRunner().invoke(app, ["workspace", "check", "--json", *options], env=env)
    assert result.exit_code == 0, result.output
    unknown = {r["ref"] for r in json.loads(result.output)}
    assert unknown == {"actor:no-such-actor", "country:ZZZ", "meeting:gfmd-1900", "objective:24"}
    text = CliRunner().invoke(app, ["workspace", "check", *options], env=env)
    assert text.exit_code == 2
    assert "4 reference(s) the evidence base does not know (nothing deleted)" in text.output
    assert f"organisation:{lost}" in text.output
    assert workspace.rows() == before
