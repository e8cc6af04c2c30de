"""The full-text index of documents: a workspace that held documents before the index
existed is upgraded in place, and its documents are found by their words afterwards; on
both backends."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from commonground.workspace.document_index import search_documents
from commonground.workspace.store import current_revision, engine_for, head, upgrade, writing
from tests.conftest import Built
from tests.documents import text as document_text
from tests.workspace_fixtures import drop_workspace, workspace_settings

BEFORE = "e3a9c1d7b5f2"  # documents and passages, without their index
RCM = "rcm_about_us_and_observers"


def test_documents_stored_before_the_index_are_found_after_the_upgrade(
    built: Built, tmp_path: Path
) -> None:
    settings = workspace_settings(built, tmp_path, "docindex")
    engine = engine_for(settings)
    body = document_text(RCM).decode()
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    try:
        upgrade(engine, BEFORE)
        with writing(engine) as conn:
            conn.execute(
                text(
                    "INSERT INTO documents (id, sha256, title, media_type, size, text, created_at)"
                    " VALUES (3, :sha, 'Regional Conference on Migration: About Us',"
                    " 'text/plain', :size, :body, :at)"
                ),
                {"sha": "0" * 64, "size": len(body), "body": body, "at": "2026-12-01 10:00:00"},
            )
            at = 0
            for ordinal, paragraph in enumerate(paragraphs, start=1):
                start = body.index(paragraph, at)
                at = start + len(paragraph)
                conn.execute(
                    text(
                        "INSERT INTO passages (document_id, ordinal, char_start, char_end, text)"
                        " VALUES (3, :ordinal, :start, :end, :text)"
                    ),
                    {"ordinal": ordinal, "start": start, "end": at, "text": paragraph},
                )
        upgrade(engine, "head")
        assert current_revision(engine) == head()
        with engine.connect() as conn:
            found = search_documents(conn, "Puebla")
            by_title = search_documents(conn, "regional conference about")
        (doc,) = found.documents
        assert doc.id == 3 and "Puebla" in doc.passages[0].text
        assert "<mark>Puebla</mark>" in doc.passages[0].snippet
        assert [d.id for d in by_title.documents] == [3]
    finally:
        engine.dispose()
        drop_workspace(settings)
