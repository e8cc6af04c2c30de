"""Citations a reader can follow: every curated row cites an address, a published document,
or says it has no public source; the compiled notes of the project brief are no citation."""

from __future__ import annotations

import csv
import re

import pytest
from fastapi.testclient import TestClient

from commonground.evidence.sources.governance.files import COLUMNS, default_dir

FACT_FILES = [name for name, columns in COLUMNS.items() if "source_url" in columns]
URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
# A date, a document symbol (A/RES/73/195, A/P.1/5/79) or a quoted title.
DOCUMENT = re.compile(r"\b(1[89]|20)\d{2}\b|\bA/[A-Z]{0,3}\.?\d|'[^']{8,}'")


def rows(name: str) -> list[dict[str, str]]:
    with (default_dir() / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def citation_kinds() -> dict[str, str]:
    return {r["url"]: r["citation"] for r in rows("sources.csv")}


def is_document_reference(text: str) -> bool:
    """A published document or dated item: a name with a date, a symbol or a title."""
    return bool(DOCUMENT.search(text)) and not text.startswith(("brief:", "data2", "../"))


@pytest.mark.parametrize("name", FACT_FILES)
def test_every_curated_row_cites_a_url_a_document_or_says_unsourced(name: str) -> None:
    kinds = citation_kinds()
    for line, r in enumerate(rows(name), start=2):
        cited = r["source_url"]
        assert not cited.startswith("brief:"), (name, line, cited)
        if cited.startswith("unsourced:"):
            assert kinds[cited] == "unsourced", (name, line)
        elif kinds.get(cited) == "document":
            assert is_document_reference(cited), (name, line, cited)
        else:
            assert URL.match(cited), (name, line, cited)


def test_the_check_refuses_what_a_reader_cannot_follow() -> None:
    assert not URL.match("brief:domain.md")
    assert not is_document_reference("brief:references.md §8.4")
    assert not is_document_reference("cfcomlaw.com (ECOWAS membership history)")
    assert is_document_reference("IOM Council Resolution 1310 (November 2015)")
    assert URL.match("https://www.un.org/press/en/2003/LT4371.doc.htm")


def test_moroccos_2018_hosting_cites_the_summit_itself() -> None:
    meeting = next(r for r in rows("meetings.csv") if r["id"] == "gfmd-2018")
    host = next(r for r in rows("roles.csv") if r["meeting"] == "gfmd-2018" and r["role"] == "host")
    for row in (meeting, host):
        assert row["source_url"].startswith("http")
        assert "Marrakesh" in row["source_says"] or "Marrakech" in row["source_says"]
        assert "Berlin" not in row["source_says"]


def test_the_pillars_say_they_have_no_public_source(client: TestClient) -> None:
    pillars = client.get("/api/pillars").json()["data"]
    assert pillars and all(p["source_url"].startswith("unsourced:") for p in pillars)


def test_an_unsourced_row_is_marked_on_its_page(client: TestClient) -> None:
    unsourced = next(
        r
        for r in rows("roles.csv")
        if r["source_url"].startswith("unsourced:") and r["forum"] and r["actor"].isupper()
    )
    html = client.get(f"/forums/{unsourced['forum']}").text
    assert "data-unsourced" in html
