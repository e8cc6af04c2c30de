"""Documents read into the map: storing a document with its passages, the mentions found in it
and the facts proposed from it, in one transaction with its audit row; and reading them back.

The same file twice is one document (its SHA-256). What is found in a document is computed
above the workspace (the analysis layer knows the map's names); here it is only stored, by
stable keys, so a rebuilt evidence base never orphans a row.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from commonground.workspace import audit, document_index
from commonground.workspace.accounts import require
from commonground.workspace.audit import Actor, aware, now
from commonground.workspace.document_answers import (
    CitedPassage,
    CitingDocument,
    DocumentSummary,
    ProposedFact,
    StoredDocument,
    StoredMention,
    StoredPassage,
    StoredProposal,
)
from commonground.workspace.document_text import Extracted
from commonground.workspace.errors import Invalid, NotFoundHere, TooManyAttempts
from commonground.workspace.permissions import Action
from commonground.workspace.tables import documents, mentions, passages, proposals

MAX_UPLOADS_PER_HOUR = 30
PASSAGE_TARGET = 1200  # characters: a paragraph, or a long one cut at sentence ends
_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"[.!?;:](?=\s+[A-Z0-9(\"'“])")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Passage:
    ordinal: int
    page: int | None
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """Words of the text that name something the map knows (`key`) or a value (`value`)."""

    start: int
    end: int
    surface: str
    kind: str
    key: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class Proposal:
    """A fact read from the text, its evidence span, and how it compares with the store."""

    start: int
    end: int
    kind: str
    fact: dict[str, Any]
    comparison: str  # agrees | new | conflicts
    stored: dict[str, Any] | None = None


@dataclass(frozen=True)
class Metadata:
    """What the uploader says of the document; the title defaults to the file's own."""

    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    file_name: str | None = None

    def checked(self) -> Metadata:
        def text(value: str | None, name: str, limit: int) -> str | None:
            value = (value or "").strip() or None
            if value is not None and len(value) > limit:
                raise Invalid(f"{name} may have at most {limit} characters", name)
            return value

        date = text(self.date, "date", 10)
        if date is not None and not _DATE.match(date):
            raise Invalid(f"date is YYYY, YYYY-MM or YYYY-MM-DD, not {date!r}", "date")
        url = text(self.url, "url", 1000)
        if url is not None and not re.match(r"^https?://\S+$", url):
            raise Invalid("url is an http(s) address", "url")
        return Metadata(
            text(self.title, "title", 500),
            text(self.publisher, "publisher", 300),
            date,
            url,
            (self.file_name or "").strip()[-300:] or None,
        )


@dataclass
class Stored:
    """The outcome of storing: the document's id, and whether it was there already."""

    id: int
    duplicate: bool
    records: list[int] = field(default_factory=list)


def split(extracted: Extracted) -> list[Passage]:
    """Paragraphs in reading order, long ones cut at sentence ends near PASSAGE_TARGET,
    each with the PDF page it starts on."""
    text = extracted.text
    spans: list[tuple[int, int]] = []
    at = 0
    for gap in [*_PARAGRAPH.finditer(text), None]:
        end = gap.start() if gap is not None else len(text)
        spans.extend(_cut(text, at, end))
        at = gap.end() if gap is not None else len(text)
    starts = [start for _, start, _ in extracted.pages]
    out: list[Passage] = []
    for start, end in spans:
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        start, chunk = start + lead, chunk.strip()
        if not chunk:
            continue
        page = None
        if extracted.pages:
            page = extracted.pages[max(0, bisect.bisect_right(starts, start) - 1)][0]
        out.append(Passage(len(out) + 1, page, start, start + len(chunk), chunk))
    return out


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    while end - start > PASSAGE_TARGET * 3 // 2:
        window = text[start + PASSAGE_TARGET // 2 : start + PASSAGE_TARGET * 3 // 2]
        found = list(_SENTENCE_END.finditer(window))
        cut = start + PASSAGE_TARGET // 2 + found[-1].end() if found else start + PASSAGE_TARGET
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def passage_of(found: list[Passage], offset: int) -> int:
    """The ordinal of the passage that holds a character offset of the text."""
    starts = [p.start for p in found]
    return found[max(0, bisect.bisect_right(starts, offset) - 1)].ordinal if found else 1


def by_checksum(conn: Connection, sha256: str) -> int | None:
    found = conn.execute(select(documents.c.id).where(documents.c.sha256 == sha256)).first()
    return int(found[0]) if found is not None else None


def check_upload_rate(conn: Connection, actor: Actor) -> None:
    """At most MAX_UPLOADS_PER_HOUR new documents an hour per account (counted in the
    workspace, so the limit holds across server processes)."""
    if actor.system or actor.user_id is None:
        return
    since = now() - timedelta(hours=1)
    count, oldest = conn.execute(
        select(func.count(), func.min(documents.c.created_at)).where(
            documents.c.uploaded_by == actor.user_id, documents.c.created_at > since
        )
    ).one()
    if int(count) >= MAX_UPLOADS_PER_HOUR and oldest is not None:
        wait = int((aware(oldest) + timedelta(hours=1) - now()).total_seconds()) + 1
        raise TooManyAttempts(
            f"you have uploaded {MAX_UPLOADS_PER_HOUR} documents in the last hour: try again"
            f" in {max(1, wait // 60)} minutes",
            retry_after=max(1, wait),
        )


def store(
    conn: Connection,
    actor: Actor,
    sha256: str,
    size: int,
    meta: Metadata,
    extracted: Extracted,
    found_passages: list[Passage],
    found_mentions: list[Mention],
    found_proposals: list[Proposal],
    organisation_id: str | None = None,
) -> int:
    """Write the document and everything read from it; call inside one write transaction."""
    require(actor, Action.write)
    check_upload_rate(conn, actor)
    first_line = extracted.text.strip().split("\n", 1)[0].strip()
    if len(first_line) > 300:
        first_line = ""
    title = meta.title or extracted.title or first_line or meta.file_name or "Untitled document"
    values = {
        "sha256": sha256,
        "title": title[:500],
        "publisher": meta.publisher,
        "date": meta.date,
        "url": meta.url,
        "media_type": extracted.media_type,
        "file_name": meta.file_name,
        "size": size,
        "pages": max((p[0] for p in extracted.pages), default=None),
        "uploaded_by": actor.user_id,
        "organisation_id": organisation_id,
        "created_at": now(),
    }
    insert = documents.insert().values(text=extracted.text, **values)
    document_id = int(conn.execute(insert.returning(documents.c.id)).scalar_one())
    if found_passages:
        conn.execute(
            passages.insert(),
            [
                {
                    "document_id": document_id,
                    "ordinal": p.ordinal,
                    "page": p.page,
                    "char_start": p.start,
                    "char_end": p.end,
                    "text": p.text,
                }
                for p in found_passages
            ],
        )
    if found_mentions:
        conn.execute(
            mentions.insert(),
            [
                {
                    "document_id": document_id,
                    "passage": passage_of(found_passages, m.start),
                    "char_start": m.start,
                    "char_end": m.end,
                    "surface": m.surface[:500],
                    "kind": m.kind,
                    "key": m.key,
                    "value": m.value,
                }
                for m in found_mentions
            ],
        )
    document_index.index_document(
        conn, document_id, title[:500], [(p.ordinal, p.text) for p in found_passages]
    )
    for ordinal, p in enumerate(found_proposals, start=1):
        conn.execute(
            proposals.insert().values(
                document_id=document_id,
                ordinal=ordinal,
                passage=passage_of(found_passages, p.start),
                char_start=p.start,
                char_end=p.end,
                kind=p.kind,
                fact=p.fact,
                comparison=p.comparison,
                stored=p.stored,
            )
        )
    summary = {
        **values,
        "passages": len(found_passages),
        "mentions": len(found_mentions),
        "proposals": len(found_proposals),
    }
    audit.record(conn, actor, "document.create", f"document:{document_id}", None, summary)
    return document_id


# --- reading --------------------------------------------------------------------------------


def _document_row(conn: Connection, document_id: int) -> Any:
    row = conn.execute(select(documents).where(documents.c.id == document_id)).first()
    if row is None:
        raise NotFoundHere(f"no document {document_id}")
    return row


def _summary(row: Any) -> DocumentSummary:
    return DocumentSummary(
        id=int(row.id),
        title=row.title,
        publisher=row.publisher,
        date=row.date,
        url=row.url,
        media_type=row.media_type,
        file_name=row.file_name,
        size=int(row.size),
        pages=row.pages,
        sha256=row.sha256,
        created_at=aware(row.created_at).isoformat(),
    )


def list_documents(conn: Connection, limit: int = 100, offset: int = 0) -> list[DocumentSummary]:
    query = (
        select(*[c for c in documents.c if c.name != "text"])
        .order_by(documents.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [_summary(r) for r in conn.execute(query)]


def count_documents(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())


def _mention(r: Any) -> StoredMention:
    return StoredMention(
        passage=int(r.passage),
        start=int(r.char_start),
        end=int(r.char_end),
        surface=r.surface,
        kind=r.kind,
        key=r.key,
        value=r.value,
    )


def _proposal(r: Any) -> StoredProposal:
    return StoredProposal(
        ordinal=int(r.ordinal),
        passage=int(r.passage),
        start=int(r.char_start),
        end=int(r.char_end),
        kind=r.kind,
        fact=ProposedFact.model_validate(dict(r.fact)),
        comparison=r.comparison,
        stored=dict(r.stored) if r.stored is not None else None,
        record_id=r.record_id,
    )


def document_json(conn: Connection, document_id: int) -> StoredDocument:
    """A document with its text, passages, mentions and proposals."""
    row = _document_row(conn, document_id)
    found_passages = conn.execute(
        select(passages).where(passages.c.document_id == document_id).order_by(passages.c.ordinal)
    ).all()
    found_mentions = conn.execute(
        select(mentions)
        .where(mentions.c.document_id == document_id)
        .order_by(mentions.c.char_start, mentions.c.id)
    ).all()
    found_proposals = conn.execute(
        select(proposals)
        .where(proposals.c.document_id == document_id)
        .order_by(proposals.c.ordinal)
    ).all()
    return StoredDocument(
        **dict(_summary(row)),
        text=row.text,
        passages=[
            StoredPassage(
                ordinal=int(p.ordinal),
                page=p.page,
                start=int(p.char_start),
                end=int(p.char_end),
                text=p.text,
            )
            for p in found_passages
        ],
        mentions=[_mention(m) for m in found_mentions],
        proposals=[_proposal(p) for p in found_proposals],
    )


def proposal_row(conn: Connection, document_id: int, ordinal: int) -> Any:
    row = conn.execute(
        select(proposals).where(
            proposals.c.document_id == document_id, proposals.c.ordinal == ordinal
        )
    ).first()
    if row is None:
        raise NotFoundHere(f"no proposal {ordinal} in document {document_id}")
    return row


def documents_mentioning(conn: Connection, key: str, limit: int = 50) -> list[CitingDocument]:
    """The documents that mention a stable key, each with the passages that do."""
    query = (
        select(
            documents.c.id,
            documents.c.title,
            documents.c.date,
            passages.c.ordinal,
            passages.c.page,
            passages.c.text,
        )
        .join(mentions, mentions.c.document_id == documents.c.id)
        .join(
            passages,
            (passages.c.document_id == mentions.c.document_id)
            & (passages.c.ordinal == mentions.c.passage),
        )
        .where(mentions.c.key == key)
        .group_by(
            documents.c.id,
            documents.c.title,
            documents.c.date,
            passages.c.ordinal,
            passages.c.page,
            passages.c.text,
        )
        .order_by(documents.c.id.desc(), passages.c.ordinal)
    )
    heads: dict[int, Any] = {}
    cited: dict[int, list[CitedPassage]] = {}
    for r in conn.execute(query):
        if int(r.id) not in heads:
            if len(heads) >= limit:
                break
            heads[int(r.id)], cited[int(r.id)] = r, []
        if len(cited[int(r.id)]) < 5:
            cited[int(r.id)].append(CitedPassage(ordinal=int(r.ordinal), page=r.page, text=r.text))
    return [
        CitingDocument(id=i, title=r.title, date=r.date, passages=cited[i])
        for i, r in heads.items()
    ]
