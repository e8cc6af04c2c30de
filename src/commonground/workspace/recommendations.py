"""Recommendations and commitments of forum meetings, and what answered them.

A recommendation is a reviewed record (kind `recommendation`): the meeting that made it (a
stable meeting id of the map), its text (quoted), whom it addresses, its follow-up status
with the date it was completed, and what answered it: pledges (`pledge:12`), practices
(`practice:ID`) and later meetings (`meeting:gfmd-2009`). Completion at any date reads
`status` and `completed_on`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from sqlalchemy import Connection, select

from commonground.workspace import review
from commonground.workspace.answers import RecordData
from commonground.workspace.errors import Invalid
from commonground.workspace.followup_records import PublishedRecommendation
from commonground.workspace.pledges import (
    PLEDGE_KIND,
    MeetingId,
    Objective,
    PartialDate,
    Source,
    Url,
    day,
    published,
)
from commonground.workspace.review import FormField, Kind, register
from commonground.workspace.tables import record_versions, records

FOLLOW_UP = ("open", "in_progress", "completed", "not_completed")
KINDS_OF_RECOMMENDATION = ("recommendation", "commitment", "action")
Answer = Annotated[
    str,
    StringConstraints(
        pattern=r"^(pledge:\d{1,12}|practice:[A-Za-z0-9._-]{1,80}|meeting:[a-z0-9][a-z0-9._-]{0,63})$"
    ),
]


class FollowUp(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    url: Url
    quote: Annotated[str, StringConstraints(max_length=3000)] | None = None
    note: Annotated[str, StringConstraints(max_length=3000)] | None = None


class RecommendationData(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    meeting: MeetingId
    forum: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")] | None = None
    kind: Literal["recommendation", "commitment", "action"]
    text: Annotated[str, StringConstraints(min_length=1, max_length=5000)]
    document: Annotated[str, StringConstraints(max_length=500)] | None = None
    paragraph: Annotated[str, StringConstraints(max_length=20)] | None = None
    addressees: Annotated[
        list[Annotated[str, StringConstraints(min_length=1, max_length=200)]], Field(max_length=50)
    ] = []
    objectives: Annotated[list[Objective], Field(max_length=23)] = []
    countries: Annotated[
        list[Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]], Field(max_length=250)
    ] = []
    deadline: PartialDate | None = None
    status: Literal["open", "in_progress", "completed", "not_completed"] = "open"
    completed_on: PartialDate | None = None
    answered_by: Annotated[list[Answer], Field(max_length=100)] = []
    follow_up: Annotated[list[FollowUp], Field(max_length=20)] = []
    source: Source | None = None

    @model_validator(mode="after")
    def _rules(self) -> RecommendationData:
        if self.status == "completed" and self.completed_on is None:
            raise ValueError("completed_on: a completed recommendation says when (YYYY at least)")
        if self.status != "completed" and self.completed_on is not None:
            raise ValueError("completed_on: only a completed recommendation has this date")
        return self


def _title(data: RecordData) -> str:
    text = str(data.get("text", ""))
    return text if len(text) <= 90 else text[:89].rstrip() + "…"


def _refs(data: RecordData) -> list[str]:
    keys = [f"meeting:{data['meeting']}"] if data.get("meeting") else []
    if data.get("forum"):
        keys.append(f"forum:{data['forum']}")
    keys += [f"objective:{n}" for n in data.get("objectives") or []]
    keys += [f"country:{c}" for c in data.get("countries") or []]
    keys += [a for a in data.get("answered_by") or [] if a.startswith("meeting:")]
    return keys


def _check(conn: Connection, record_id: int) -> None:
    """Pledges named as answers exist in the workspace."""
    row = conn.execute(
        select(record_versions.c.data)
        .join(records, records.c.id == record_versions.c.record_id)
        .where(records.c.id == record_id, record_versions.c.number == records.c.latest_version)
    ).first()
    if row is None:
        return
    for i, answer in enumerate(dict(row.data).get("answered_by") or []):
        kind, _, key = answer.partition(":")
        if kind != PLEDGE_KIND:
            continue
        found = conn.execute(
            select(records.c.id).where(
                records.c.id == int(key),
                records.c.kind == PLEDGE_KIND,
                records.c.deleted_at.is_(None),
            )
        ).first()
        if found is None:
            raise Invalid(f"answered_by.{i}: no pledge {key}", f"answered_by.{i}")


RECOMMENDATION_KIND = "recommendation"
RECOMMENDATION = register(
    Kind(
        name=RECOMMENDATION_KIND,
        label="Recommendation",
        model=RecommendationData,
        fields=(
            FormField("meeting", "Meeting", help="a meeting id of the map, like gfmd-2008"),
            FormField("forum", "Forum"),
            FormField("kind", "Kind", help=", ".join(KINDS_OF_RECOMMENDATION)),
            FormField("text", "Text", widget="markdown"),
            FormField("document", "Document"),
            FormField("paragraph", "Paragraph"),
            FormField("addressees", "Addressees", widget="lines"),
            FormField("objectives", "GCM objectives", widget="lines"),
            FormField("status", "Follow-up status", help=", ".join(FOLLOW_UP)),
            FormField("completed_on", "Completed on"),
            FormField(
                "answered_by",
                "Answered by",
                widget="lines",
                help="pledge:12, practice:ID, meeting:ID",
            ),
        ),
        title=_title,
        refs=_refs,
        changed=_check,
    )
)


def status_on(data: RecordData, as_of: date | None) -> str:
    """The follow-up status as it stood on `as_of`: completed only from its completion date."""
    status = str(data.get("status", "open"))
    if status == "completed" and as_of is not None and day(str(data["completed_on"])) > as_of:
        return "open"
    return status


def recommendation_rows(
    conn: Connection, as_of: date | None = None
) -> list[PublishedRecommendation]:
    """Every published recommendation, with its status on `as_of` (default: now)."""
    query = published(RECOMMENDATION_KIND, records.c.organisation_id)
    out = []
    for record_id, organisation_id, raw in conn.execute(query):
        data = dict(raw)
        out.append(
            PublishedRecommendation(
                id=record_id,
                ref=review.ref(RECOMMENDATION_KIND, record_id),
                title=_title(data),
                organisation_id=organisation_id,
                meeting=data["meeting"],
                forum=data.get("forum"),
                kind=data["kind"],
                status=status_on(data, as_of),
                answered_by=data.get("answered_by") or [],
                data=data,
            )
        )
    return out
