"""Accepted facts from a document leave as rows of the repository's curated files, on both
backends: the proposal is reviewed through the review mechanism, published, and exported
in the columns of facts/governance/meetings.csv and roles.csv with its source and words."""

from __future__ import annotations

from sqlalchemy import Connection

from commonground.analysis.documents.export import export_rows, header
from commonground.analysis.documents.ingest import ingest
from commonground.workspace import accounts, document_facts, review
from commonground.workspace.documents import Metadata
from commonground.workspace.policy import parse_policy
from commonground.workspace.store import writing
from tests.documents import about, text
from tests.workspace_fixtures import Workspace

DHAKA = "gfmd_dhaka_2016_meeting_page"


def test_an_accepted_meeting_is_exported_as_a_curated_row(
    conn: Connection, workspace: Workspace
) -> None:
    org = workspace.organisation("Export test unit")
    author = workspace.user("contributor", org)
    reviewer = workspace.user("reviewer")
    moderator_id = workspace.user("moderator")
    with workspace.engine.connect() as ws:
        actor = accounts.actor_for(ws, accounts.get_user(ws, author))
    url = about(DHAKA)["url"]
    stored = ingest(
        conn, workspace.engine, actor, text(DHAKA), Metadata(url=url, file_name="d.txt"), org
    )
    assert stored.records, "each proposal is a submitted review record"
    held = stored.records[0]
    with writing(workspace.engine) as ws:
        moderator = accounts.actor_for(ws, accounts.get_user(ws, moderator_id))
        review.assign(ws, moderator, document_facts.DOCUMENT_FACT, held, reviewer, False)
        judge = accounts.actor_for(ws, accounts.get_user(ws, reviewer))
        state = review.review(
            ws, judge, document_facts.DOCUMENT_FACT, held, "approve", "", parse_policy("1")
        )
    assert state == "published"
    with workspace.engine.connect() as ws:
        facts = document_facts.accepted_facts(ws, "meeting:gfmd-2016")
        columns, rows = export_rows(ws, "meetings")
        _, roles = export_rows(ws, "roles")
    assert [f.record_id for f in facts] == [held]
    assert columns == header("meetings")
    (row,) = rows
    assert (row["id"], row["forum"], row["place"]) == ("gfmd-2016", "gfmd", "Dhaka")
    assert row["source_url"] == url
    assert "held in Dhaka on 10-12 December" in row["source_says"]
    assert f"document {stored.id}" in row["note"]
    (chair,) = roles
    assert (chair["actor"], chair["role"], chair["meeting"]) == ("BGD", "chair", "gfmd-2016")
