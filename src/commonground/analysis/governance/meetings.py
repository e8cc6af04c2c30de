"""Meetings: when and where, who hosted and chaired, who took part, and what they produced."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, select

from commonground.analysis.governance.lookup import forum_row, governance_sources, meeting_id
from commonground.analysis.governance.records import (
    HostCountry,
    HostedMeeting,
    Meeting,
    MeetingDocument,
    MeetingForum,
    MeetingSummary,
    Role,
    from_row,
)
from commonground.analysis.governance.roles import CHAIRS, role_rows
from commonground.analysis.paging import Read, Window, read_page
from commonground.analysis.result import CitedRecord
from commonground.evidence.store.governance_tables import forums, meeting_documents, meetings, roles
from commonground.evidence.store.tables import areas

NO_DOCUMENTS = (
    "no document of this meeting is held: documents.csv lists only documents that a cited"
    " source names"
)


def _with_host(query: Select[Any]) -> Select[Any]:
    """`query` over meetings with the name of each meeting's host country."""
    return query.add_columns(areas.c.name.label("host_country_name")).outerjoin(
        areas, areas.c.code == meetings.c.host_country
    )


def meeting_page(conn: Connection, window: Window | None) -> Read:
    """The meetings of the governance map in `window` (all if None), in date order with
    their host's name, read in SQL."""
    query = _with_host(select(meetings)).order_by(meetings.c.start_date, meetings.c.id)
    return read_page(conn, query, window)


def meeting_summaries(conn: Connection, forum_id: str) -> list[MeetingSummary]:
    """A forum's meetings in date order, each with its hosts and chairs."""
    query = _with_host(
        select(meetings)
        .where(meetings.c.forum == forum_id)
        .order_by(meetings.c.start_date, meetings.c.source_row)
    )
    found = list(conn.execute(query).mappings())
    people = role_rows(conn, roles.c.meeting.in_([m["id"] for m in found]))
    out = []
    for m in found:
        mine = [r for r in people if r.meeting == m["id"]]
        out.append(
            from_row(
                MeetingSummary,
                m,
                hosts=[r for r in mine if r.role == "host"],
                chairs=[r for r in mine if r.role in CHAIRS],
                participants=sum(1 for r in mine if r.role not in ("host", *CHAIRS)),
            )
        )
    return out


def meeting_documents_of(conn: Connection, meeting_id: str) -> list[MeetingDocument]:
    """The documents a meeting produced, as documents.csv records them, by date then file order
    (undated documents last)."""
    query = (
        select(meeting_documents)
        .where(meeting_documents.c.meeting == meeting_id)
        .order_by(meeting_documents.c.date.is_(None), meeting_documents.c.date)
        .order_by(meeting_documents.c.source_row)
    )
    return [from_row(MeetingDocument, r) for r in conn.execute(query).mappings()]


@dataclass(frozen=True)
class MeetingRecord(CitedRecord):
    """A meeting with its forum, host country, hosts, chairs, participants and documents."""

    meeting: Meeting
    forum: MeetingForum
    host_country: HostCountry | None
    hosts: list[Role]
    chairs: list[Role]
    participants: list[Role]
    documents: list[MeetingDocument]
    notes: list[str]


def meeting_record(conn: Connection, key: str) -> MeetingRecord:
    found = meeting_id(conn, key)
    row = conn.execute(_with_host(select(meetings)).where(meetings.c.id == found)).mappings()
    meeting = from_row(Meeting, row.one())
    forum = forum_row(conn, meeting.forum)
    people = role_rows(conn, roles.c.meeting == meeting.id)
    documents = meeting_documents_of(conn, meeting.id)
    return MeetingRecord(
        meeting=meeting,
        forum=MeetingForum(id=forum.id, name=forum.name, pillar=forum.pillar),
        host_country=(
            HostCountry(code=meeting.host_country, name=meeting.host_country_name)
            if meeting.host_country
            else None
        ),
        hosts=[r for r in people if r.role == "host"],
        chairs=[r for r in people if r.role in CHAIRS],
        participants=[r for r in people if r.role not in ("host", *CHAIRS)],
        documents=documents,
        notes=[] if documents else [NO_DOCUMENTS],
        sources=governance_sources(conn),
    )


def meetings_hosted(conn: Connection, code: str) -> list[HostedMeeting]:
    """Meetings whose host country (as meetings.csv records it) is this state."""
    query = _with_host(
        select(meetings, forums.c.name.label("forum_name"))
        .join(forums, forums.c.id == meetings.c.forum)
        .where(meetings.c.host_country == code)
        .order_by(meetings.c.start_date)
    )
    return [from_row(HostedMeeting, r) for r in conn.execute(query).mappings()]
