"""Accepted facts from documents as rows of the repository's curated files
(`facts/governance/meetings.csv`, `roles.csv`, `instrument_actions.csv`), so that a
maintainer can move them into the repository with the words they rest on.

Each row's `source_url` is the document's address, `source_says` the quoted passage, and
`note` names the document and passage in the workspace and how the fact compared with the
map when it was read. Counts and figures have no curated file of their own: they are not
exported here (the record keeps them, and the API serves them).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO

from sqlalchemy import Connection

import commonground.facts
from commonground.workspace.document_facts import AcceptedFact, accepted_facts
from commonground.workspace.errors import Invalid

GOVERNANCE = Path(commonground.facts.__file__).with_name("governance")
TARGETS = ("meetings", "roles", "instrument_actions")


def header(target: str) -> list[str]:
    with (GOVERNANCE / f"{target}.csv").open(encoding="utf-8") as handle:
        return next(csv.reader(handle))


def parse_details(lines: list[str]) -> dict[str, str]:
    out = {}
    for line in lines:
        name, _, value = line.partition(":")
        out[name.strip()] = value.strip()
    return out


def _slug(key: str) -> str:
    return key.split(":", 1)[1] if ":" in key else key


def _common(fact: AcceptedFact) -> dict[str, str]:
    note = (
        f"From the workspace: document {fact.document} ({fact.document_title}), passage"
        f" {fact.passage}; {fact.comparison} when read; record {fact.ref}."
    )
    return {
        "source_url": fact.source_url or fact.document_url or "",
        "source_says": fact.quote,
        "note": note,
        "conflict": "",
    }


def _rows(target: str, fact: AcceptedFact) -> list[dict[str, str]]:
    details = parse_details(fact.details)
    kind = fact.kind
    if target == "meetings" and kind == "meeting":
        return [
            {
                "id": _slug(details.get("meeting", fact.subject)),
                "forum": _slug(details.get("forum", "")),
                "name": details.get("name", ""),
                "ordinal": details.get("ordinal", ""),
                "start_date": details.get("start_date", details.get("year", "")),
                "end_date": details.get("end_date", ""),
                "place": details.get("place", ""),
                "host_country": _slug(details.get("host_country", "")),
                "theme": "",
                **_common(fact),
            }
        ]
    if target == "roles" and kind == "meeting" and details.get("chair"):
        return [
            {
                "actor": _slug(details["chair"]).replace("country:", ""),
                "forum": _slug(details.get("forum", "")),
                "meeting": _slug(details.get("meeting", fact.subject)),
                "role": "chair",
                "from_year": details.get("year", ""),
                "to_year": details.get("year", ""),
                "as_of": details.get("year", ""),
                "name_as_read": details.get("chair_as_read", ""),
                **_common(fact),
            }
        ]
    if target == "roles" and kind == "members":
        members = [m.strip() for m in details.get("members", "").split(",") if m.strip()]
        return [
            {
                "actor": _slug(member),
                "forum": _slug(details.get("group", fact.subject)),
                "meeting": "",
                "role": "member",
                "from_year": "",
                "to_year": "",
                "as_of": details.get("as_of", ""),
                "name_as_read": "",
                **_common(fact),
            }
            for member in members
        ]
    if target == "instrument_actions" and kind == "action":
        return [
            {
                "instrument": _slug(details.get("instrument", "")),
                "actor": _slug(details.get("country", "")),
                "action": details.get("action", ""),
                "date": details.get("date", details.get("year", "")),
                "name_as_read": details.get("name_as_read", ""),
                "list_as_of": "",
                "list_complete": "no",
                **_common(fact),
            }
        ]
    return []


def export_rows(conn: Connection, target: str) -> tuple[list[str], list[dict[str, str]]]:
    """The header of `facts/governance/<target>.csv` and the accepted facts as its rows."""
    if target not in TARGETS:
        raise Invalid(f"the facts are exported as {', '.join(TARGETS)}, not {target!r}", "target")
    columns = header(target)
    rows = []
    for fact in accepted_facts(conn):
        for row in _rows(target, fact):
            rows.append({c: row.get(c, "") for c in columns})
    return columns, rows


def write_csv(handle: IO[str], columns: list[str], rows: list[dict[str, str]]) -> None:
    writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
