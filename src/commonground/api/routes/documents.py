"""Documents read into the map (`/api/documents`): upload one (signed-in contributors), list
them, and read one with its passages, the mentions of what the map knows and the facts it
proposes. The proposals are reviewed through the record routes (kind `document_fact`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile
from pydantic import BaseModel

from commonground.analysis.documents.ingest import ingest
from commonground.api.auth import Workspace, WorkspaceRead, requires
from commonground.api.deps import ConnDep
from commonground.workspace import documents
from commonground.workspace.audit import Actor
from commonground.workspace.document_answers import DocumentSummary, StoredDocument
from commonground.workspace.document_text import MAX_BYTES
from commonground.workspace.documents import Metadata
from commonground.workspace.errors import Forbidden, Invalid
from commonground.workspace.permissions import Action

router = APIRouter(tags=["documents"])
Writer = Annotated[Actor, Depends(requires(Action.write))]


class DocumentList(BaseModel):
    ok: bool = True
    total: int
    limit: int
    offset: int
    documents: list[DocumentSummary]


class DocumentAnswer(BaseModel):
    ok: bool = True
    duplicate: bool
    records: list[int]
    document: StoredDocument


@router.get("/documents", response_model=DocumentList, summary="Documents read into the map")
def list_documents(
    conn: WorkspaceRead,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
) -> DocumentList:
    return DocumentList(
        total=documents.count_documents(conn),
        limit=limit,
        offset=offset,
        documents=documents.list_documents(conn, limit, offset),
    )


@router.get(
    "/documents/{document_id}",
    response_model=StoredDocument,
    summary="A document: its text, passages, mentions and proposed facts",
)
def get_document(document_id: int, conn: WorkspaceRead) -> StoredDocument:
    return documents.document_json(conn, document_id)


@router.post(
    "/documents",
    status_code=201,
    response_model=DocumentAnswer,
    summary=f"Upload a document (PDF, HTML, Markdown or text, at most {MAX_BYTES >> 20} MB)",
    responses={200: {"model": DocumentAnswer, "description": "The same file, already stored"}},
)
def upload(
    response: Response,
    actor: Writer,
    engine: Workspace,
    evidence: ConnDep,
    file: UploadFile = File(..., description="The document"),
    title: str | None = Form(None, max_length=500),
    publisher: str | None = Form(None, max_length=300),
    date: str | None = Form(None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD"),
    url: str | None = Form(None, max_length=1000),
    organisation_id: str | None = Form(
        None, max_length=64, description="Propose its facts for review as this organisation"
    ),
) -> DocumentAnswer:
    if organisation_id is not None and organisation_id not in actor.organisations:
        raise Forbidden(f"you do not write for the organisation {organisation_id!r}")
    data = file.file.read(MAX_BYTES + 1)
    if len(data) == 0 and not file.filename:
        raise Invalid("send the document as the multipart field `file`", "file")
    meta = Metadata(title, publisher, date, url, file.filename)
    stored = ingest(evidence, engine, actor, data, meta, organisation_id)
    if stored.duplicate:
        response.status_code = 200  # nothing new was made: the document already stored
    with engine.connect() as conn:
        doc = documents.document_json(conn, stored.id)
    return DocumentAnswer(duplicate=stored.duplicate, records=stored.records, document=doc)
