"""Reading documents into the workspace, on both backends: the text and its passages, the
mentions of what the map knows, one document per file, and a clear refusal of every file
that cannot be read whole, with nothing stored."""

from __future__ import annotations

import os
from typing import Any

import pytest
from sqlalchemy import Connection

from commonground.analysis.documents.ingest import ingest
from commonground.workspace import audit, documents
from commonground.workspace.audit import COMMAND_LINE
from commonground.workspace.document_text import Unreadable
from commonground.workspace.documents import Metadata
from commonground.workspace.errors import TooLarge, WorkspaceError
from tests.documents import about, text
from tests.documents.pdfs import make_pdf
from tests.workspace_fixtures import Workspace

DHAKA = "gfmd_dhaka_2016_meeting_page"


def _read(conn: Connection, workspace: Workspace, data: bytes, name: str, **meta: Any) -> Any:
    stored = ingest(conn, workspace.engine, COMMAND_LINE, data, Metadata(file_name=name, **meta))
    with workspace.engine.connect() as ws:
        return stored, documents.document_json(ws, stored.id)


def test_a_report_is_stored_with_its_passages_and_what_the_map_knows_in_it(
    conn: Connection, workspace: Workspace
) -> None:
    meta = about(DHAKA)
    stored, doc = _read(conn, workspace, text(DHAKA), f"{DHAKA}.txt", url=meta["url"])
    assert not stored.duplicate
    assert doc.title.startswith("Ninth Meeting of the Global Forum")  # its first line
    assert doc.url == "https://gfmd.org/meetings/bangladesh2016"
    assert len(doc.passages) >= 5
    for p in doc.passages:
        assert doc.text[p.start : p.end] == p.text
    keys = {m.key for m in doc.mentions}
    assert {"country:BGD", "country:TUR", "forum:gfmd", "meeting:gfmd-2016"} <= keys
    assert "instrument:new-york-declaration" in keys
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == m.surface
        passage = doc.passages[m.passage - 1]
        assert passage.start <= m.start < passage.end
    turkey = next(m for m in doc.mentions if m.key == "country:TUR")
    assert "from Turkey" in doc.passages[turkey.passage - 1].text
    with workspace.engine.connect() as ws:
        log = audit.entries(ws, f"document:{stored.id}")
    assert [e["action"] for e in log] == ["document.create"]
    assert log[0]["after"]["mentions"] == len(doc.mentions)


def test_the_same_file_twice_is_one_document(conn: Connection, workspace: Workspace) -> None:
    name = "sg_report_gcm_2021_summary"
    first, _ = _read(conn, workspace, text(name), f"{name}.txt")
    before = workspace.rows()
    again, doc = _read(conn, workspace, text(name), "renamed.txt", title="Another title")
    assert again.duplicate and again.id == first.id
    assert doc.title.startswith("Report of the Secretary-General")
    assert workspace.rows() == before


def test_meetings_are_found_as_reports_name_them(conn: Connection, workspace: Workspace) -> None:
    name = "gfmd_civil_society_days_history"
    _, doc = _read(conn, workspace, text(name), f"{name}.txt")
    found = {(m.surface, m.key) for m in doc.mentions if m.kind == "meeting"}
    assert ("Manila GFMD", "meeting:gfmd-2008") in found
    assert ("GFMD 2009", "meeting:gfmd-2009") in found
    states = {m.key for m in doc.mentions if m.kind == "state"}
    assert {"country:MEX", "country:GRC", "country:PHL", "country:BEL"} <= states


def test_figures_keep_their_units(conn: Connection, workspace: Workspace) -> None:
    name = "rmn_un_258_million_2017"
    _, doc = _read(conn, workspace, text(name), f"{name}.txt")
    figures = {(m.surface, m.value) for m in doc.mentions if m.kind == "figure"}
    assert ("258 million", "258000000 number") in figures
    assert ("3.4 percent", "3.4 percent") in figures
    years = {m.value for m in doc.mentions if m.kind == "year"}
    assert {"2017", "2015", "2000"} <= years


def test_a_pdf_keeps_its_pages(conn: Connection, workspace: Workspace) -> None:
    pages = text("ilo_bolivia_ratifies_c189_2013").decode().split("\n\n")
    pdf = make_pdf(["\n\n".join(pages[:3]), "\n\n".join(pages[3:])], title="Bolivia ratifies")
    _, doc = _read(conn, workspace, pdf, "bolivia.pdf")
    assert doc.media_type == "application/pdf"
    assert doc.pages == 2 and doc.title == "Bolivia ratifies"
    assert {p.page for p in doc.passages} == {1, 2}
    bolivia = [m for m in doc.mentions if m.key == "country:BOL"]
    assert bolivia, "Bolivia is named in the PDF's text"
    assert "instrument:ilo-c189" in {m.key for m in doc.mentions}


def test_html_and_markdown_are_read_as_text(conn: Connection, workspace: Workspace) -> None:
    body = text("imrf_progress_declaration_2022").decode()
    html = (
        "<!doctype html><html><head><title>IMRF Progress Declaration</title>"
        "<script>var x = 'Morocco';</script></head><body>"
        + "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        + "</body></html>"
    )
    _, doc = _read(conn, workspace, html.encode(), "imrf.html")
    assert doc.media_type == "text/html" and doc.title == "IMRF Progress Declaration"
    assert "<p>" not in doc.text and "var x" not in doc.text
    assert "forum:imrf" in {m.key for m in doc.mentions}
    markdown = "# Progress Declaration\n\n" + body.replace("Global Compact", "**Global Compact**")
    _, doc = _read(conn, workspace, markdown.encode(), "imrf.md")
    assert doc.media_type == "text/markdown"
    assert "**" not in doc.text and "Global Compact" in doc.text


BAD: dict[str, tuple[bytes, str, type[WorkspaceError], str]] = {
    "encrypted PDF": (
        make_pdf(["Bolivia ratifies the Domestic Workers Convention"], password="secret"),
        "encrypted.pdf",
        Unreadable,
        "encrypted.pdf is an encrypted PDF: upload a copy without a password",
    ),
    "broken PDF": (
        make_pdf(["Bolivia ratifies the Domestic Workers Convention"])[:400],
        "broken.pdf",
        Unreadable,
        "broken.pdf could not be read as a PDF: the file is damaged or incomplete",
    ),
    "empty file": (b"", "empty.txt", Unreadable, "empty.txt is empty: upload a file with text"),
    "binary named .txt": (
        os.urandom(4096),
        "notes.txt",
        Unreadable,
        "notes.txt is not UTF-8 plain text",
    ),
    "50 MB file": (
        b"International migrants. " * (50 * 1024 * 1024 // 24),
        "huge.txt",
        TooLarge,
        "a document may have at most 20 MB",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_file_that_cannot_be_read_is_refused_and_nothing_is_stored(
    conn: Connection, workspace: Workspace, case: str
) -> None:
    data, name, error, message = BAD[case]
    before = workspace.rows()
    with pytest.raises(error) as caught:
        ingest(conn, workspace.engine, COMMAND_LINE, data, Metadata(file_name=name))
    assert message in str(caught.value)
    assert workspace.rows() == before


def test_bad_metadata_is_refused_before_reading(conn: Connection, workspace: Workspace) -> None:
    before = workspace.rows()
    for meta, field in (
        (Metadata(date="12 May 2022"), "date"),
        (Metadata(url="ft.dk/samling"), "url"),
    ):
        with pytest.raises(WorkspaceError) as caught:
            ingest(conn, workspace.engine, COMMAND_LINE, text(DHAKA), meta)
        assert caught.value.field == field
    assert workspace.rows() == before
