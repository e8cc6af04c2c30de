"""Documents in the pages: the list, the upload form (signed-in writers, CSRF-checked), a
document's text with what the map knows highlighted and linked, and its proposed facts with
their comparison and review; and `documents_about`, which the entity pages include to list
the documents that mention them and the facts accepted from documents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from commonground.analysis.documents.ingest import ingest
from commonground.api.deps import ConnDep
from commonground.web import session as web_session
from commonground.web.routing import page_router
from commonground.web.templating import env
from commonground.web.workspace_pages import page, redirect
from commonground.workspace import accounts, document_facts, documents
from commonground.workspace.accounts import Session
from commonground.workspace.answers import Organisation
from commonground.workspace.document_answers import (
    CitingDocument,
    StoredMention,
    StoredPassage,
    StoredProposal,
)
from commonground.workspace.document_facts import AcceptedFact
from commonground.workspace.document_text import MAX_BYTES
from commonground.workspace.documents import Metadata
from commonground.workspace.errors import Forbidden, Invalid, WorkspaceError
from commonground.workspace.permissions import Action

router = page_router()
Writer = Annotated[Session, Depends(web_session.page_requires(Action.write))]
PAGES = {
    "country": "/countries/{}",
    "area": "/countries/{}",
    "forum": "/forums/{}",
    "meeting": "/meetings/{}",
    "instrument": "/instruments/{}",
    "actor": "/actors/{}",
    "objective": "/gcm/objectives/{}",
}
LAYER_ORDER = {"meeting": 0}


def entity_link(key: str | None) -> str | None:
    """The page of a stable key of the map (`country:MAR` -> /countries/MAR)."""
    if not key or ":" not in key:
        return None
    kind, _, value = key.partition(":")
    pattern = PAGES.get(kind)
    return pattern.format(value) if pattern else None


@dataclass(frozen=True)
class Piece:
    """A run of a passage's text; a mention has its kind, what it names and that page."""

    text: str
    kind: str | None = None
    title: str | None = None
    href: str | None = None


@dataclass(frozen=True)
class ShownPassage:
    """A passage as its page shows it: in pieces, with the facts proposed from it."""

    ordinal: int
    page: int | None
    pieces: list[Piece]
    proposals: list[StoredProposal]


def marked(passage: StoredPassage, found: list[StoredMention]) -> list[Piece]:
    """A passage as pieces of text, each mention a piece of its own: the longest of
    overlapping mentions is the one shown."""
    inside = [m for m in found if passage.start <= m.start and m.end <= passage.end]
    chosen: list[StoredMention] = []
    for m in sorted(inside, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    pieces = []
    at = passage.start
    text, offset = passage.text, passage.start
    for m in sorted(chosen, key=lambda m: m.start):
        if m.start > at:
            pieces.append(Piece(text[at - offset : m.start - offset]))
        pieces.append(
            Piece(
                text[m.start - offset : m.end - offset],
                kind=m.kind,
                title=m.key or m.value,
                href=entity_link(m.key),
            )
        )
        at = m.end
    if at < passage.end:
        pieces.append(Piece(text[at - offset :]))
    return pieces


@router.get("/documents", response_class=HTMLResponse)
def list_page(request: Request) -> HTMLResponse:
    with request.app.state.workspace.connect() as conn:
        rows = documents.list_documents(conn, limit=500)
    return page(request, "documents.html", with_form=False, rows=rows)


def _organisations(request: Request, session: Session | None) -> list[Organisation]:
    if session is None or session.user is None:
        return []
    with request.app.state.workspace.connect() as conn:
        return accounts.user_organisations(conn, session.user.id)


@router.get("/documents/upload", response_class=HTMLResponse)
def upload_page(request: Request) -> Response:
    session = web_session.current(request)
    if session is None or session.user is None:
        return redirect("/signin?next=/documents/upload")
    return page(
        request,
        "document_upload.html",
        organisations=_organisations(request, session),
        values={},
        max_mb=MAX_BYTES >> 20,
    )


@router.post("/documents/upload", response_class=HTMLResponse)
async def upload(request: Request, session: Writer, evidence: ConnDep) -> Response:
    form = await request.form()
    values = {
        name: str(form.get(name) or "")[:1000]
        for name in ("title", "publisher", "date", "url", "organisation_id")
    }
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise Invalid("choose the document's file", "file")
        data = await upload.read(MAX_BYTES + 1)
        with request.app.state.workspace.connect() as conn:
            actor = session.actor(conn)
        organisation_id = values["organisation_id"] or None
        if organisation_id is not None and organisation_id not in actor.organisations:
            raise Forbidden(f"you do not write for the organisation {organisation_id!r}")
        meta = Metadata(
            values["title"], values["publisher"], values["date"], values["url"], upload.filename
        )
        stored = await run_in_threadpool(
            ingest, evidence, request.app.state.workspace, actor, data, meta, organisation_id
        )
    except WorkspaceError as exc:
        return page(
            request,
            "document_upload.html",
            exc.status,
            organisations=_organisations(request, session),
            values=values,
            max_mb=MAX_BYTES >> 20,
            error=str(exc),
            errors=exc.errors,
        )
    return redirect(f"/documents/{stored.id}")


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: int) -> HTMLResponse:
    with request.app.state.workspace.connect() as conn:
        doc = documents.document_json(conn, document_id)
    by_passage: dict[int, list[StoredProposal]] = {}
    for proposal in doc.proposals:
        by_passage.setdefault(proposal.passage, []).append(proposal)
    shown = [
        ShownPassage(p.ordinal, p.page, marked(p, doc.mentions), by_passage.get(p.ordinal, []))
        for p in doc.passages
    ]
    kinds: dict[str, int] = {}
    for m in doc.mentions:
        kinds[m.kind] = kinds.get(m.kind, 0) + 1
    return page(
        request,
        "document.html",
        with_form=False,
        doc=doc,
        passages=shown,
        kinds=sorted(kinds.items()),
        link=entity_link,
    )


@dataclass(frozen=True)
class AboutKey:
    """What documents say of one key of the map, for its entity page."""

    documents: list[CitingDocument]
    facts: list[AcceptedFact]


def documents_about(request: Request, key: str) -> AboutKey:
    """The documents that mention `key` (with the passages) and the facts accepted from
    documents about it, for the entity pages."""
    with request.app.state.workspace.connect() as conn:
        return AboutKey(
            documents.documents_mentioning(conn, key), document_facts.accepted_facts(conn, key)
        )


env.globals["documents_about"] = documents_about
