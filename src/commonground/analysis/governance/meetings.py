"""Meetings: when and where, who hosted and chaired, who took part, and what they produced."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from commonground.analysis.governance.lookup import governance_sources, one
from commonground.analysis.governance.roles import CHAIRS, role_rows
from commonground.analysis.paging import Read, Window, read_page
from commonground.analysis.result import CitedRecord
from commonground.evidence.store.governance_tables import forums, meeting_documents, meetings, roles
from commonground.evidence.store.tables import areas

NO_DOCUMENTS = (
    "no document of this meeting is held: documents.csv lists only documents that a cited"
    " source names"
)


def _with_host(conn: Connection, query: Any) -> list[dict[str, Any]]:
    rows = conn.execute(
        query.add_columns(areas.c.name.label("host_country_name")).outerjoin(
            areas, areas.c.code == meetings.c.host_country
        )
    ).mappings()
    return [dict(r) for r in rows]


def meeting_page(conn: Connection, window: Window | None) -> Read:
    """The meetings of the governance map in `window` (all if None), in date order with
    their host's name, read in SQL."""
    query = (
        select(meetings, areas.c.name.label("host_country_name"))
        .outerjoin(areas, areas.c.code == meetings.c.host_country)
        .order_by(meetings.c.start_date, meetings.c.id)
    )
    return read_page(conn, query, window)


def meeting_summaries(conn: Connection, forum_id: str) -> list[dict[str, Any]]:
    """A forum's meetings in date order, each with its hosts and chairs."""
    found = _with_host(
        conn,
        select(meetings)
        .where(meetings.c.forum == forum_id)
        .order_by(meetings.c.start_date, meetings.c.source_row),
    )
    people = role_rows(conn, roles.c.meeting.in_([m["id"] for m in found]))
    for m in found:
        mine = [r for r in people if r["meeting"] == m["id"]]
        m["hosts"] = [r for r in mine if r["role"] == "host"]
        m["chairs"] = [r for r in mine if r["role"] in CHAIRS]
        m["participants"] = sum(1 for r in mine if r["role"] not in ("host", *CHAIRS))
    return found


def meeting_documents_of(conn: Connection, meeting_id: str) -> list[dict[str, Any]]:
    """The documents a meeting produced, as documents.csv records them, by date then file order
    (undated documents last)."""
    query = (
        select(meeting_documents)
        .where(meeting_documents.c.meeting == meeting_id)
        .order_by(meeting_documents.c.date.is_(None), meeting_documents.c.date)
        .order_by(meeting_documents.c.source_row)
    )
    return [dict(r) for r in conn.execute(query).mappings()]


@dataclass(frozen=True)
class MeetingRecord(CitedRecord):
    """A meeting with its forum, host country, hosts, chairs, participants and documents."""

    meeting: dict[str, Any]
    forum: dict[str, Any]
    host_country: dict[str, Any] | None
    hosts: list[dict[str, Any]]
    chairs: list[dict[str, Any]]
    participants: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    notes: list[str]


def meeting_record(conn: Connection, meeting_id: str) -> MeetingRecord:
    meeting = one(conn, meetings, meeting_id, "meeting")
    [meeting] = _with_host(conn, select(meetings).where(meetings.c.id == meeting["id"]))
    forum = one(conn, forums, meeting["forum"], "forum")
    people = role_rows(conn, roles.c.meeting == meeting["id"])
    documents = meeting_documents_of(conn, meeting["id"])
    return MeetingRecord(
        meeting=meeting,
        forum={"id": forum["id"], "name": forum["name"], "pillar": forum["pillar"]},
        host_country=(
            {"code": meeting["host_country"], "name": meeting["host_country_name"]}
            if meeting["host_country"]
            else None
        ),
        hosts=[r for r in people if r["role"] == "host"],
        chairs=[r for r in people if r["role"] in CHAIRS],
        participants=[r for r in people if r["role"] not in ("host", *CHAIRS)],
        documents=documents,
        notes=[] if documents else [NO_DOCUMENTS],
        sources=governance_sources(conn),
    )


def meetings_hosted(conn: Connection, code: str) -> list[dict[str, Any]]:
    """Meetings whose host country (as meetings.csv records it) is this state."""
    return _with_host(
        conn,
        select(meetings, forums.c.name.label("forum_name"))
        .join(forums, forums.c.id == meetings.c.forum)
        .where(meetings.c.host_country == code)
        .order_by(meetings.c.start_date),
    )
