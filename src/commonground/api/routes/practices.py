"""Practices (`/api/practices`): search with facets, one practice with its versions, drafting,
submitting and reviewing; calls for practices; partner finding; the practice gaps."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, select

from commonground.analysis import practices as analysis
from commonground.analysis.practices import PARTNERS
from commonground.api import practice_models as out
from commonground.api import workspace_models as shapes
from commonground.api.auth import Policy, Viewer, Workspace, WorkspaceRead, requires
from commonground.api.declared import add_declared
from commonground.api.deps import ConnDep
from commonground.api.envelopes import TABULAR_RESPONSES, analysis_page
from commonground.api.routes.analysis import respond
from commonground.api.routes.records import AssignIn, ReasonIn, ReviewIn
from commonground.workspace import practice_calls, practice_seed, review
from commonground.workspace import practice_semantic as semantic
from commonground.workspace.answers import RecordData
from commonground.workspace.audit import ANONYMOUS, Actor
from commonground.workspace.errors import Forbidden, NotFoundHere
from commonground.workspace.permissions import Action
from commonground.workspace.practice import PRACTICE, Vocabulary, use_vocabulary
from commonground.workspace.practice_index import (
    FACETS,
    record_for,
    slug_of,
)
from commonground.workspace.practice_index import (
    Query as Search,
)
from commonground.workspace.practice_suggest import suggest
from commonground.workspace.store import writing
from commonground.workspace.tables import records

router = APIRouter(tags=["practices"])
Writer = Annotated[Actor, Depends(requires(Action.write))]
Reviewer = Annotated[Actor, Depends(requires(Action.review))]
Moderator = Annotated[Actor, Depends(requires(Action.moderate))]


def vocabulary(request: Request, conn: ConnDep) -> Vocabulary:
    """The map's vocabulary, read once from the evidence base the app serves."""
    found: Vocabulary | None = getattr(request.app.state, "practice_vocabulary", None)
    if found is None:
        found = analysis.practice_vocabulary(conn)
        request.app.state.practice_vocabulary = found
        use_vocabulary(found)
    return found


Vocab = Annotated[Vocabulary, Depends(vocabulary)]


PracticeKey = Annotated[
    str,
    Path(
        description="The practice's stable id or its number",
        # GET /practices/schema and /practices/export are routes of their own, matched first;
        # said in the OpenAPI only, as the regular expressions that check values have no
        # look-ahead (and a request for those two never reaches this route)
        json_schema_extra={"pattern": "^(?!(?:schema|export)$)"},
    ),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PracticeIn(Strict):
    organisation_id: str = Field(max_length=64)
    data: RecordData


class PracticePatch(Strict):
    data: RecordData = Field(description="Fields to change; null removes an optional field")


class CallIn(Strict):
    title: str = Field(max_length=300)
    theme: str = Field(max_length=5000)
    objectives: list[int] = Field(max_length=23)
    deadline: str = Field(max_length=10)


class SuggestIn(Strict):
    text: str = Field(min_length=1, max_length=50_000)
    limit: int = Field(5, ge=1, le=23)


def _id(conn: Connection, key: str) -> int:
    record_id = record_for(conn, key)
    if record_id is None:
        raise NotFoundHere(f"no practice {key!r}")
    return record_id


def _practice(conn: Connection, record_id: int, viewer: Actor) -> out.Practice:
    found = review.record_json(conn, PRACTICE, record_id, viewer)
    slug = slug_of(conn, record_id)
    return out.Practice(**dict(found), slug=slug, url=f"/practices/{slug}")


def search_query(
    q: str = Query(
        "",
        max_length=500,
        description="Words to find in title, summary, description, organisations and places",
    ),
    objective: list[str] = Query([], description="GCM objective numbers"),
    principle: list[str] = Query([], description="GCM guiding principle ids"),
    region: list[str] = Query([], description="M49 region names, or Global"),
    country: list[str] = Query([], description="ISO3 codes"),
    type: list[str] = Query([], description="Type of practice"),
    status: list[str] = Query([]),
    org_kind: list[str] = Query([], description="Kind of organisation"),
    period: list[str] = Query([], description="Decades such as 2010s"),
    language: list[str] = Query([]),
    sdg: list[str] = Query([], description="SDG targets such as 10.7"),
    forum: list[str] = Query([], description="Forum ids the practice came from"),
    theme: list[str] = Query([], description="Thematic area"),
    organisation: list[str] = Query([], description="Workspace organisation ids"),
    year_from: int | None = Query(None, ge=1900, le=2100, description="Active in or after"),
    year_to: int | None = Query(None, ge=1900, le=2100, description="Started by"),
    limit: int = Query(20, ge=1, le=1000),
    offset: int = Query(0, ge=0),
    sort: Literal["best", "newest"] = Query(
        "best", description="best: best match, then by title; newest: most recently added first"
    ),
) -> Search:
    given = {
        "objective": objective,
        "principle": principle,
        "region": region,
        "country": country,
        "type": type,
        "status": status,
        "org_kind": org_kind,
        "period": period,
        "language": language,
        "sdg": sdg,
        "forum": forum,
        "theme": theme,
        "organisation": organisation,
    }
    filters = tuple((f, tuple(v)) for f, v in given.items() if v)
    return Search(q, filters, year_from, year_to, limit, offset, sort)


SearchDep = Annotated[Search, Depends(search_query)]
CSV_COLUMNS = ("id", "slug", "title", "summary", "score")
"""The columns of a page of hits as CSV."""


@router.get(
    "/practices",
    summary="Find practices: words, facets with counts, filters, pages",
    response_model=out.PracticeSearch,
    response_class=JSONResponse,  # json.dumps, as the API's answers have always been written
    responses=TABULAR_RESPONSES,
)
def list_practices(
    request: Request,
    query: SearchDep,
    conn: WorkspaceRead,
    _vocab: Vocab,
    format: str | None = Query(None, pattern="^(json|csv)$"),
    mode: str = Query(
        "hybrid",
        pattern="^(hybrid|keyword)$",
        description="hybrid (default): full-text and embedding scores blended, where the"
        " embedding model is installed; keyword: full text only",
    ),
) -> out.PracticeSearch | Response:
    found = semantic.ranked_search(conn, query, mode)
    if format == "csv" or (format is None and "text/csv" in request.headers.get("accept", "")):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows([getattr(hit, c) for c in CSV_COLUMNS] for hit in found.results)
        return Response(
            buffer.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="practices.csv"'},
        )
    nxt = None
    if query.offset + query.limit < found.total:
        nxt = str(request.url.include_query_params(offset=query.offset + query.limit))
    return out.PracticeSearch(
        q=query.q,
        filters={f: list(v) for f, v in query.filters},
        mode=found.mode,
        total=found.total,
        limit=query.limit,
        offset=query.offset,
        next=nxt,
        results=found.results,
        facets={f: found.facets.get(f, []) for f in FACETS},
    )


@router.get(
    "/practices/schema",
    summary="The JSON Schema of the import and export format",
    response_model=out.JsonSchema,
)
def schema() -> dict[str, Any]:
    return practice_seed.json_schema()


@router.get(
    "/practices/export",
    summary="Every published practice (JSON or CSV), for bulk use",
    response_model=out.Export,
    response_class=JSONResponse,
    responses=TABULAR_RESPONSES,
)
def export(
    conn: WorkspaceRead, format: str = Query("json", pattern="^(json|csv)$")
) -> out.Export | Response:
    items = practice_seed.export_practices(conn)
    for item in items:
        item.pop("contact", None)  # the contact is for signed-in users only
    if format == "csv":
        return Response(
            practice_seed.to_csv(items),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="practices.csv"'},
        )
    return out.Export(practices=items)


@router.post(
    "/practices/suggest",
    summary="GCM objectives and guiding principles for a text",
    response_model=out.Suggestions,
)
def suggest_tags(body: SuggestIn, conn: WorkspaceRead, vocab: Vocab) -> out.Suggestions:
    found = suggest(conn, body.text, vocab, body.limit)
    return out.Suggestions(objectives=found.objectives, principles=found.principles)


@router.get(
    "/practices/{key}",
    summary="A practice (stable id or number) with its versions",
    response_model=out.OnePractice,
)
def get_practice(key: PracticeKey, viewer: Viewer, conn: WorkspaceRead) -> out.OnePractice:
    return out.OnePractice(practice=_practice(conn, _id(conn, key), viewer))


@router.get(
    "/practices/{key}/similar",
    summary="Practices like this one (embeddings, else words)",
    response_model=out.SimilarPractices,
)
def similar(
    key: str, conn: WorkspaceRead, limit: int = Query(5, ge=1, le=50)
) -> out.SimilarPractices:
    record_id = _id(conn, key)
    published = review.record_json(conn, PRACTICE, record_id, ANONYMOUS).published
    if published is None:
        raise NotFoundHere(f"no published practice {key!r}")
    return out.SimilarPractices(
        similar=semantic.similar_practices(conn, record_id, published.data, limit)
    )


@router.get(
    "/practices/{key}/diff",
    summary="What changed between two versions",
    response_model=shapes.Diff,
)
def diff(
    key: str,
    viewer: Viewer,
    conn: WorkspaceRead,
    old: int = Query(..., alias="from", ge=1),
    new: int = Query(..., alias="to", ge=1),
) -> shapes.Diff:
    return shapes.Diff(changes=review.diff(conn, PRACTICE, _id(conn, key), old, new, viewer))


@router.post(
    "/practices",
    status_code=201,
    summary="A new practice (a draft) for your organisation",
    response_model=out.OnePractice,
)
def create(body: PracticeIn, actor: Writer, engine: Workspace, vocab: Vocab) -> out.OnePractice:
    with writing(engine) as conn:
        clean = practice_calls.checked(conn, body.data, vocab)
        record_id = review.create(conn, actor, PRACTICE, body.organisation_id, clean)
        return out.OnePractice(practice=_practice(conn, record_id, actor))


@router.patch(
    "/practices/{key}",
    summary="Change fields of the draft, or start a new version",
    response_model=out.Edited,
)
def patch(
    key: str, body: PracticePatch, actor: Writer, engine: Workspace, vocab: Vocab
) -> out.Edited:
    with writing(engine) as conn:
        record_id = _id(conn, key)
        owner = conn.execute(
            select(records.c.organisation_id).where(records.c.id == record_id)
        ).scalar()
        if owner not in actor.organisations:
            raise Forbidden(f"you do not write for the organisation {owner!r}")
        data = dict(review.record_json(conn, PRACTICE, record_id, actor).latest.data)
        for name, value in body.data.items():
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
        data.pop("imported", None)
        clean = practice_calls.checked(conn, data, vocab)
        number = review.edit(conn, actor, PRACTICE, record_id, clean)
        return out.Edited(version=number, practice=_practice(conn, record_id, actor))


@router.post(
    "/practices/{key}/submit",
    summary="Submit the draft for review",
    response_model=out.OnePractice,
)
def submit(key: str, actor: Writer, engine: Workspace) -> out.OnePractice:
    with writing(engine) as conn:
        record_id = _id(conn, key)
        review.submit(conn, actor, PRACTICE, record_id)
        return out.OnePractice(practice=_practice(conn, record_id, actor))


@router.post(
    "/practices/{key}/assign", summary="Assign a reviewer (moderators)", response_model=shapes.Ok
)
def assign(key: str, body: AssignIn, actor: Moderator, engine: Workspace) -> shapes.Ok:
    with writing(engine) as conn:
        review.assign(conn, actor, PRACTICE, _id(conn, key), body.reviewer_id, body.internal)
    return shapes.Ok()


@router.post(
    "/practices/{key}/conflict",
    summary="Declare a conflict of interest",
    response_model=shapes.Ok,
)
def conflict(key: str, body: ReasonIn, actor: Reviewer, engine: Workspace) -> shapes.Ok:
    with writing(engine) as conn:
        review.declare_conflict(conn, actor, PRACTICE, _id(conn, key), body.reason)
    return shapes.Ok()


@router.post(
    "/practices/{key}/review",
    summary="Approve, return (with comments) or reject",
    response_model=shapes.Decided,
)
def decide(
    key: str, body: ReviewIn, actor: Reviewer, policy: Policy, engine: Workspace
) -> shapes.Decided:
    with writing(engine) as conn:
        state = review.review(
            conn, actor, PRACTICE, _id(conn, key), body.decision, body.comment, policy
        )
    return shapes.Decided(state=state)


@router.delete(
    "/practices/{key}/contact",
    summary="Remove the contact from every version",
    response_model=out.ContactRemoved,
)
def remove_contact(key: str, actor: Writer, engine: Workspace) -> out.ContactRemoved:
    with writing(engine) as conn:
        removed = practice_calls.remove_contact(conn, actor, _id(conn, key))
    return out.ContactRemoved(versions=removed)


@router.get("/practice-calls", summary="Calls for practices", response_model=out.Calls)
def calls(conn: WorkspaceRead) -> out.Calls:
    return out.Calls(calls=practice_calls.list_calls(conn))


@router.post(
    "/practice-calls",
    status_code=201,
    summary="Open a call for practices (moderators)",
    response_model=out.OneCall,
)
def open_call(body: CallIn, actor: Moderator, engine: Workspace) -> out.OneCall:
    with writing(engine) as conn:
        call_id = practice_calls.open_call(
            conn, actor, body.title, body.theme, body.objectives, body.deadline
        )
        return out.OneCall(call=practice_calls.get_call(conn, call_id))


@router.get(
    "/practice-calls/{call_id}",
    summary="A call and the practices that answered it",
    response_model=out.OneCall,
)
def get_call(call_id: int, conn: WorkspaceRead) -> out.OneCall:
    return out.OneCall(call=practice_calls.get_call(conn, call_id))


# The analyses' own routes are /api/analysis/partners and /api/analysis/practice-gaps; the
# partner finder keeps its first address, made from the same declaration.
add_declared(
    router,
    PARTNERS,
    path="/partners",
    respond=respond,
    response_model=analysis_page(PARTNERS),
    tables=True,
    name="partners",
)
