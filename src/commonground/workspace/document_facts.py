"""Facts proposed from documents, as reviewed records (kind `document_fact`).

A proposal read from a document becomes a record of the uploader's organisation, submitted
for review: a moderator assigns a reviewer, who accepts (approve), sends it back for an edit
(return, with a comment; the organisation edits and submits it again) or rejects it. A
published version is a curated fact of the workspace: its source is the document and the
passage it was read from, and it shows on the pages of every entity it names.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import Connection, select, update

from commonground.workspace import review
from commonground.workspace.answers import Held, RecordData
from commonground.workspace.audit import Actor
from commonground.workspace.review import FormField, Kind, register
from commonground.workspace.tables import documents, proposals

FACT_KINDS = ("meeting", "members", "count", "action", "figure")
REF_KINDS = ("country", "area", "instrument", "forum", "meeting", "objective", "actor")
REF = rf"^({'|'.join(REF_KINDS)}):[A-Za-z0-9._-]{{1,64}}$"
Ref = Annotated[str, StringConstraints(pattern=REF, max_length=80)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=300)]


class DocumentFactData(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["meeting", "members", "count", "action", "figure"]
    statement: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    subject: Ref
    refs: Annotated[list[Ref], Field(max_length=200)] = []
    details: Annotated[list[Line], Field(max_length=200)] = []
    quote: Annotated[str, StringConstraints(min_length=1, max_length=5000)]
    document: Annotated[int, Field(ge=1)]
    passage: Annotated[int, Field(ge=1)]
    source_url: (
        Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$", max_length=1000)] | None
    ) = None
    comparison: Literal["agrees", "new", "conflicts"] = "new"


def _refs(data: RecordData) -> list[str]:
    keys = [str(data.get("subject") or ""), *(data.get("refs") or [])]
    return [r for r in dict.fromkeys(keys) if r]


DOCUMENT_FACT = register(
    Kind(
        name="document_fact",
        label="Fact from a document",
        model=DocumentFactData,
        fields=(
            FormField("kind", "Kind", help="meeting, members, count, action or figure"),
            FormField("statement", "Fact", help="the fact in one sentence"),
            FormField("subject", "About", help="meeting:gfmd-2010, forum:gmg, country:MAR, ..."),
            FormField("refs", "Also names", widget="lines", help="one stable key a line"),
            FormField("details", "Details", widget="lines", help="name: value, one a line"),
            FormField(
                "quote", "Evidence", widget="markdown", help="the words of the document it rests on"
            ),
            FormField("document", "Document", help="the document's number"),
            FormField("passage", "Passage", help="the passage's number in the document"),
            FormField("source_url", "Source address", help="where the document is published"),
            FormField("comparison", "Against the map", help="agrees, new or conflicts"),
        ),
        title=lambda data: str(data.get("statement", "")),
        refs=_refs,
        markdown=("quote",),
    )
)


def details_lines(details: dict[str, Any]) -> list[str]:
    out = []
    for name, value in details.items():
        if value is None or value == [] or value == "":
            continue
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        out.append(f"{name}: {shown}"[:300])
    return out


def record_data(row: Any, source_url: str | None) -> RecordData:
    """A proposal row as the data of a review record."""
    fact = dict(row.fact)
    return {
        "kind": row.kind,
        "statement": str(fact.get("statement", ""))[:500],
        "subject": fact["subject"],
        "refs": [r for r in fact.get("refs", []) if r != fact["subject"]][:200],
        "details": details_lines(dict(fact.get("details") or {})),
        "quote": str(fact.get("quote", ""))[:5000],
        "document": int(row.document_id),
        "passage": int(row.passage),
        "source_url": source_url,
        "comparison": row.comparison,
    }


def submit_proposals(
    conn: Connection, actor: Actor, document_id: int, organisation_id: str, source_url: str | None
) -> list[int]:
    """Every proposal of a document as a submitted record of `organisation_id`; returns
    the records' ids. Called in the transaction that stores the document."""
    rows = conn.execute(
        select(proposals)
        .where(proposals.c.document_id == document_id, proposals.c.record_id.is_(None))
        .order_by(proposals.c.ordinal)
    ).all()
    made = []
    for row in rows:
        record_id = review.create(
            conn, actor, DOCUMENT_FACT, organisation_id, record_data(row, source_url)
        )
        review.submit(conn, actor, DOCUMENT_FACT, record_id)
        conn.execute(update(proposals).where(proposals.c.id == row.id).values(record_id=record_id))
        made.append(record_id)
    return made


class AcceptedFact(Held):
    """A published fact from a document (its record's data, as `DocumentFactData` has it),
    with its record and the document's title and address."""

    record_id: int
    ref: str
    kind: str
    statement: str
    subject: str
    refs: list[str] = Field(default_factory=list)
    details: list[str] = Field(default_factory=list)
    quote: str
    document: int
    passage: int
    source_url: str | None = None
    comparison: str = "new"
    document_title: str
    document_url: str | None


def accepted_facts(conn: Connection, key: str | None = None) -> list[AcceptedFact]:
    """Published facts from documents (all, or those naming `key`), with their document."""
    out = []
    titles: dict[int, tuple[str, str | None]] = {}
    for published in review.list_published(conn, DOCUMENT_FACT, limit=100_000):
        record_id, data = published.id, published.data
        if key is not None and key not in _refs(data):
            continue
        doc = int(data["document"])
        if doc not in titles:
            found = conn.execute(
                select(documents.c.title, documents.c.url).where(documents.c.id == doc)
            ).first()
            titles[doc] = (found[0], found[1]) if found is not None else ("(removed)", None)
        out.append(
            AcceptedFact(
                record_id=int(record_id),
                ref=review.ref(DOCUMENT_FACT, int(record_id)),
                **data,
                document_title=titles[doc][0],
                document_url=titles[doc][1],
            )
        )
    return out
