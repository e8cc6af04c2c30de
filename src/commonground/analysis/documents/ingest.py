"""Reading a document into the map: its text, passages, mentions and proposed facts, stored
in the workspace in one transaction with its audit row.

This is where the two stores meet: the names and the facts to compare with come from the
evidence base, the document and what was read from it go to the workspace. Nothing is
written until the file has been read whole and every step has succeeded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from commonground.analysis.documents.mentions import finder_for
from commonground.analysis.documents.proposals import propose
from commonground.workspace import document_facts, documents
from commonground.workspace.audit import Actor
from commonground.workspace.document_text import MAX_BYTES, extract
from commonground.workspace.documents import Mention, Metadata, Passage, Proposal
from commonground.workspace.errors import TooLarge
from commonground.workspace.store import writing


@dataclass(frozen=True)
class Reading:
    """What was read from a document, before or after it is stored."""

    text: str
    passages: list[Passage]
    mentions: list[Mention]
    proposals: list[Proposal]


def read(evidence: Connection, data: bytes, file_name: str) -> tuple[Any, Reading]:
    """Extract, split, find mentions and propose facts; no store is written."""
    extracted = extract(data, file_name)
    found_passages = documents.split(extracted)
    found_mentions = finder_for(evidence).find(extracted.text)
    found_proposals = propose(evidence, extracted.text, found_passages, found_mentions)
    return extracted, Reading(extracted.text, found_passages, found_mentions, found_proposals)


def ingest(
    evidence: Connection,
    workspace: Engine,
    actor: Actor,
    data: bytes,
    meta: Metadata,
    organisation_id: str | None = None,
) -> documents.Stored:
    """Store a document and what was read from it; the same file again is the document
    already stored. With an organisation, each proposal becomes a submitted review record."""
    if len(data) > MAX_BYTES:
        raise TooLarge(
            f"the file has {len(data):,} bytes; a document may have at most"
            f" {MAX_BYTES // (1024 * 1024)} MB",
            "file",
        )
    meta = meta.checked()
    sha256 = hashlib.sha256(data).hexdigest()
    with workspace.connect() as conn:
        known = documents.by_checksum(conn, sha256)
    if known is not None:
        return documents.Stored(known, duplicate=True)
    extracted, reading = read(evidence, data, meta.file_name or "")
    try:
        with writing(workspace) as conn:
            document_id = documents.store(
                conn,
                actor,
                sha256,
                len(data),
                meta,
                extracted,
                reading.passages,
                reading.mentions,
                reading.proposals,
                organisation_id,
            )
            records = []
            if organisation_id is not None:
                records = document_facts.submit_proposals(
                    conn, actor, document_id, organisation_id, meta.url
                )
    except IntegrityError:
        # the same file, stored by another request in the meantime
        with workspace.connect() as conn:
            known = documents.by_checksum(conn, sha256)
        if known is None:
            raise
        return documents.Stored(known, duplicate=True)
    return documents.Stored(document_id, duplicate=False, records=records)
