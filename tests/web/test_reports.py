"""Review reports on both backends: the PDF (read back with pypdf) and the page print the
same figures as the JSON API, each with its source and edition, and the stamp that says
when, from which build and from which state of the workspace the report was made; the CLI
writes the same PDF; bad keys get a clear 404 or 422."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from typer.testing import CliRunner

from commonground.analysis.reports import Figure
from commonground.app import create_app
from commonground.cli import app as cli
from commonground.web.templating import figure
from commonground.workspace.followup_seed import import_followup
from tests.workspace_fixtures import Workspace

TODAY = date(2026, 6, 30)
REPORTS = [("objective", "5"), ("country", "MAR"), ("forum", "gfmd")]


@pytest.fixture(scope="module")
def client(workspace: Workspace) -> Iterator[TestClient]:
    import_followup(workspace.engine)
    app = create_app(workspace.settings, pg_schema=workspace.built.schema)
    app.state.clock = lambda: TODAY
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c
    app.state.evidence.dispose()
    app.state.workspace.dispose()


def squeeze(text: str) -> str:
    """One space between words; none after a hyphen, where a PDF line may break."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


FOOTER = re.compile(r"Common Ground review report · page \d+ of \d+")
MARKERS = re.compile(r"(\s*(\d+\.|•))+\s*$")  # the list markers, read at the page's end


def pdf_text(data: bytes) -> str:
    """The PDF's text, without the page footers and list markers that pypdf reads between
    the lines of a page or at its end."""
    pages = PdfReader(io.BytesIO(data)).pages
    return squeeze(
        " ".join(MARKERS.sub(" ", FOOTER.sub(" ", page.extract_text())) for page in pages)
    )


def page_text(markup: str) -> str:
    return squeeze(html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace(" :", ":"))


def printed(report: dict[str, Any], text: str) -> None:
    """Every figure with its value as formatted and its sources, every source with its
    publisher, title, edition and address, and the stamp, are in `text`."""
    numbers = {c["id"]: n for n, c in enumerate(report["sources"], start=1)}
    for section in report["sections"]:
        for f in section["figures"]:
            cited = ", ".join(str(numbers[s]) for s in f["sources"])
            line = squeeze(f"{f['label']}: {figure(Figure(**f))} [source {cited}]")
            assert line in text, line
    glued = text.replace(" ", "")
    for c in report["sources"]:
        assert squeeze(f"{c['publisher']}: {c['title']}. Edition {c['edition']}.") in text
        if c["url"]:
            assert c["url"] in glued
    stamp = report["stamp"]
    assert stamp["evidence_build"] in text and squeeze(stamp["workspace_state"]) in text
    assert f"statuses and flags as of {TODAY.isoformat()}" in text


@pytest.mark.parametrize(("kind", "key"), REPORTS)
def test_the_pdf_and_the_page_print_the_figures_and_sources_the_api_gives(
    client: TestClient, kind: str, key: str
) -> None:
    r = client.get(f"/api/reports/{kind}/{key}")
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["stamp"]["today"] == TODAY.isoformat()
    every = [f for s in report["sections"] for f in s["figures"]]
    assert every and all(f["sources"] for f in every)
    known = {c["id"] for c in report["sources"]}
    assert {s for f in every for s in f["sources"]} <= known
    page = client.get(f"/reports/{kind}/{key}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    printed(report, page_text(page.text))
    pdf = client.get(f"/reports/{kind}/{key}?format=pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    printed(report, pdf_text(pdf.content))


def test_the_follow_up_figures_are_those_of_the_pledge_and_recommendation_lists(
    client: TestClient,
) -> None:
    report = client.get("/api/reports/objective/5").json()
    figures = {(s["id"], f["label"]): f["value"] for s in report["sections"] for f in s["figures"]}
    day = TODAY.isoformat()
    pledges = client.get(f"/api/pledges?objective=5&as_of={day}&limit=1000").json()
    assert figures[("pledges", "Pledges")] == pledges["total_rows"] > 0
    overdue = [p for p in pledges["data"] if "overdue" in p["flags"]]
    assert figures[("pledges", "Overdue")] == len(overdue)
    recs = client.get("/api/recommendations?objective=5&limit=1000").json()
    assert figures[("recommendations", "Recommendations and commitments")] == recs["total_rows"]
    done = [r for r in recs["data"] if r["status"] == "completed"]
    assert figures[("recommendations", "Completed")] == len(done)


def test_bad_keys_are_refused_with_a_clear_message(client: TestClient) -> None:
    assert client.get("/api/reports/objective/24").status_code == 422
    r = client.get("/api/reports/country/XXX")
    assert r.status_code == 404 and "unknown country" in r.json()["error"]
    assert client.get("/api/reports/country/WLD").status_code in (404, 422)
    assert client.get("/api/reports/forum/no-such-forum").status_code == 404
    r = client.get("/reports/country/MAR?format=doc")
    assert r.status_code == 422 and "Traceback" not in r.text


def test_the_command_line_writes_the_report_as_pdf_and_html(
    client: TestClient, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = workspace.settings
    monkeypatch.setenv("COMMONGROUND_WORKSPACE_SCHEMA", settings.workspace_schema)
    monkeypatch.setenv("COMMONGROUND_PG_SCHEMA", workspace.built.schema)
    options = ["--db", settings.database_url]
    if settings.workspace:
        options += ["--workspace", settings.workspace]
    pdf, page = tmp_path / "mar.pdf", tmp_path / "mar.html"
    done = CliRunner().invoke(
        cli, ["report", "country", "MAR", "--pdf", str(pdf), "--html", str(page), *options]
    )
    assert done.exit_code == 0, done.output
    report = client.get("/api/reports/country/MAR").json()
    migrants = next(f for f in report["sections"][0]["figures"])
    text = pdf_text(pdf.read_bytes())
    assert f"{migrants['label']}: {figure(Figure(**migrants))}" in text
    assert report["stamp"]["evidence_build"] in text
    assert "report-title" in page.read_text("utf-8")
    missing = CliRunner().invoke(cli, ["report", "country", "MAR", *options])
    assert missing.exit_code == 2 and "--pdf FILE" in missing.output
