"""Practices in the pages: search with facets (every filter in the URL), a practice, the draft
and edit form, calls for practices; and `related_practices`, which the country, objective,
forum, meeting, corridor and instrument pages include."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from starlette.datastructures import FormData

from commonground.analysis.practices import practice_vocabulary
from commonground.web import session as web_session
from commonground.web.routing import page_router
from commonground.web.templating import env
from commonground.web.workspace_pages import current_actor, page, redirect
from commonground.workspace import accounts, practice_calls, review
from commonground.workspace.accounts import Session
from commonground.workspace.answers import RecordData
from commonground.workspace.errors import Forbidden, NotFoundHere, WorkspaceError
from commonground.workspace.permissions import Action, allowed
from commonground.workspace.practice import (
    PRACTICE,
    STATUSES,
    TYPES,
    Vocabulary,
    principles,
    use_vocabulary,
)
from commonground.workspace.practice_hits import PracticeHit
from commonground.workspace.practice_index import FACETS, Query, record_for, search, slug_of
from commonground.workspace.practice_semantic import ranked_search, similar_practices
from commonground.workspace.practice_suggest import suggest
from commonground.workspace.store import writing
from commonground.workspace.tables import organisations, records

router = page_router()
Writer = Annotated[Session, Depends(web_session.page_requires(Action.write))]
Moderator = Annotated[Session, Depends(web_session.page_requires(Action.moderate))]
FACET_LABELS = {
    "objective": "GCM objective",
    "principle": "Guiding principle",
    "region": "Region",
    "country": "Country",
    "type": "Type",
    "status": "Status",
    "org_kind": "Kind of organisation",
    "period": "Period",
    "language": "Language",
    "sdg": "SDG target",
    "forum": "Came from",
    "theme": "Thematic area",
    "organisation": "Organisation",
    "meeting": "Meeting",
    "corridor": "Corridor",
}
LINES = ("partners", "regions", "migof", "links", "rests_on")
WORDS = ("countries", "sdg_targets", "languages")


def _vocabulary(request: Request) -> Vocabulary:
    found: Vocabulary | None = getattr(request.app.state, "practice_vocabulary", None)
    if found is None:
        with request.app.state.evidence.engine.connect() as conn:
            found = practice_vocabulary(conn)
        request.app.state.practice_vocabulary = found
        use_vocabulary(found)
    return found


def _query(request: Request) -> Query:
    params = request.query_params
    filters = tuple(
        (f, tuple(v[:120] for v in params.getlist(f) if v)) for f in FACETS if params.getlist(f)
    )
    years = {k: params.get(k) for k in ("year_from", "year_to")}
    bounds = {k: int(v) for k, v in years.items() if v and v.isdigit() and len(v) == 4}
    offset = params.get("offset", "0")
    return Query(
        q=(params.get("q") or "")[:500],
        filters=filters,
        year_from=bounds.get("year_from"),
        year_to=bounds.get("year_to"),
        limit=20,
        offset=int(offset) if offset.isdigit() else 0,
        sort="newest" if params.get("sort") == "newest" else "best",
    )


def _link(query: Query, facet: str | None = None, value: str | None = None, **extra: Any) -> str:
    """The URL of this search with one facet value toggled (or other parameters changed)."""
    pairs: list[tuple[str, str]] = [("q", query.q)] if query.q else []
    for f, values in query.filters:
        for v in values:
            if not (f == facet and v == value):
                pairs.append((f, v))
    if facet is not None and value is not None and value not in dict(query.filters).get(facet, ()):
        pairs.append((facet, value))
    for k in ("year_from", "year_to"):
        if getattr(query, k) is not None:
            pairs.append((k, str(getattr(query, k))))
    if query.sort != "best" and "sort" not in extra:
        pairs.append(("sort", query.sort))
    pairs += [(k, str(v)) for k, v in extra.items()]
    return "/practices" + ("?" + urlencode(pairs) if pairs else "")


@router.get("/practices", response_class=HTMLResponse)
def practices_page(request: Request) -> HTMLResponse:
    vocab = _vocabulary(request)
    query = _query(request)
    with request.app.state.workspace.connect() as conn:
        found = ranked_search(conn, query, request.query_params.get("mode", "hybrid"))
    selected = {f: set(v) for f, v in query.filters}
    return page(
        request,
        "practices.html",
        with_form=False,
        query=query,
        found=found,
        selected=selected,
        labels=FACET_LABELS,
        link=lambda f=None, v=None, **kw: _link(query, f, v, **kw),
        value_label=lambda f, v: _value_label(vocab, f, v),
    )


def _value_label(vocab: Vocabulary, facet: str, value: str) -> str:
    if facet == "objective" and value.isdigit():
        return f"{value}. {vocab.objectives.get(int(value), '')}"[:80]
    if facet == "country":
        return vocab.countries.get(value, value)
    return value.replace("_", " ").replace("-", " ") if facet in ("type", "principle") else value


@router.get("/practices/new", response_class=HTMLResponse)
def new_practice_page(request: Request, call: int | None = None) -> Response:
    session = web_session.current(request)
    if session is None or session.user is None:
        return redirect("/signin?next=/practices/new")
    values: RecordData = {"origin": {"call": call} if call else {}}
    return _form(request, session, values, "/practices/new")


def _form(
    request: Request,
    session: Session,
    data: RecordData,
    action: str,
    status: int = 200,
    error: WorkspaceError | None = None,
) -> HTMLResponse:
    vocab = _vocabulary(request)
    with request.app.state.workspace.connect() as conn:
        organisations = accounts.user_organisations(conn, session.user.id if session.user else 0)
    return page(
        request,
        "practice_form.html",
        status,
        values=form_values(data),
        organisations=organisations,
        action=action,
        statuses=STATUSES,
        types=TYPES,
        objectives=vocab.objectives,
        principles=principles(),
        error=str(error) if error else None,
        errors=error.errors if error else [],
    )


@dataclass(frozen=True)
class PracticeForm:
    """A version's data as the form shows it: each field as the text of its input ("" for a
    field not given), lists one a line (LINES) or as words (WORDS)."""

    title: str
    summary: str
    description: str
    type: str
    status: str
    start: str
    end: str
    thematic_area: str
    results: str
    lessons: str
    funding: str
    source_url: str
    lead_organisations: list[str]
    partners: str
    countries: str
    regions: str
    is_global: bool
    corridors: str
    primary: str
    secondary: str
    guiding_principles: set[str]
    sdg_targets: str
    migof: str
    languages: str
    links: str
    rests_on: str
    origin_forum: str
    origin_meeting: str
    origin_call: str
    contact_name: str
    contact_email: str


def _text(data: RecordData, name: str) -> str:
    value = data.get(name)
    return value if isinstance(value, str) else ""


def _joined(data: RecordData, name: str) -> str:
    return ("\n" if name in LINES else " ").join(data.get(name) or [])


def form_values(data: RecordData) -> PracticeForm:
    """A version's data as the form shows it."""
    objectives = data.get("gcm_objectives") or {}
    origin = data.get("origin") or {}
    contact = data.get("contact") or {}

    def came_from(key: str) -> str:
        return "" if origin.get(key) is None else str(origin[key])

    return PracticeForm(
        title=_text(data, "title"),
        summary=_text(data, "summary"),
        description=_text(data, "description"),
        type=_text(data, "type"),
        status=_text(data, "status"),
        start=_text(data, "start"),
        end=_text(data, "end"),
        thematic_area=_text(data, "thematic_area"),
        results=_text(data, "results"),
        lessons=_text(data, "lessons"),
        funding=_text(data, "funding"),
        source_url=_text(data, "source_url"),
        lead_organisations=list(data.get("lead_organisations") or []),
        partners=_joined(data, "partners"),
        countries=_joined(data, "countries"),
        regions=_joined(data, "regions"),
        is_global=bool(data.get("global")),
        corridors="\n".join(
            f"{c['origin']} > {c['destination']}" for c in data.get("corridors") or []
        ),
        primary=str(objectives.get("primary") or ""),
        secondary=" ".join(str(n) for n in objectives.get("secondary") or []),
        guiding_principles=set(data.get("guiding_principles") or []),
        sdg_targets=_joined(data, "sdg_targets"),
        migof=_joined(data, "migof"),
        languages=_joined(data, "languages"),
        links=_joined(data, "links"),
        rests_on=_joined(data, "rests_on"),
        origin_forum=came_from("forum"),
        origin_meeting=came_from("meeting"),
        origin_call=came_from("call"),
        contact_name=contact.get("name", ""),
        contact_email=contact.get("email", ""),
    )


def form_data(form: FormData) -> RecordData:
    """The posted form as a version's data; the model then checks every field."""

    def one(name: str) -> str:
        raw = form.get(name)
        return raw.strip() if isinstance(raw, str) else ""

    data: RecordData = {}
    for name in ("title", "summary", "description", "type", "thematic_area", "results",
                 "lessons", "funding", "source_url", "start", "end", "status"):  # fmt: skip
        if one(name):
            data[name] = one(name)
    data.setdefault("title", "")
    data.setdefault("summary", "")
    data.setdefault("type", "")
    data["lead_organisations"] = [
        v for v in form.getlist("lead_organisations") if isinstance(v, str) and v
    ]
    for name in LINES:
        data[name] = [line.strip() for line in one(name).splitlines() if line.strip()][:60]
    for name in WORDS:
        data[name] = one(name).replace(",", " ").split()[:200]
    if not data["languages"]:
        data["languages"] = ["en"]
    corridors = []
    for line in one("corridors").splitlines():
        if ">" in line:
            start, _, end = line.partition(">")
            corridors.append({"origin": start.strip(), "destination": end.strip()})
        elif line.strip():
            corridors.append({"origin": line.strip(), "destination": ""})
    data["corridors"] = corridors
    primary = one("primary")
    secondary = one("secondary").replace(",", " ").split()
    data["gcm_objectives"] = {
        "primary": int(primary) if primary.isdigit() else primary,
        "secondary": [int(s) if s.isdigit() else s for s in secondary],
    }
    data["guiding_principles"] = [
        v for v in form.getlist("guiding_principles") if isinstance(v, str)
    ]
    origin: dict[str, str | int] = {}
    for key in ("forum", "meeting"):
        if one(f"origin_{key}"):
            origin[key] = one(f"origin_{key}")
    call = one("origin_call")
    if call:
        origin["call"] = int(call) if call.isdigit() else call
    data["origin"] = origin
    if one("contact_name") or one("contact_email"):
        data["contact"] = {"name": one("contact_name"), "email": one("contact_email")}
    data["global"] = one("global") == "on"
    return data


@router.post("/practices/new", response_class=HTMLResponse)
async def create_practice(request: Request, session: Writer) -> Response:
    form = await request.form()
    data = form_data(form)
    organisation_id = str(form.get("organisation_id") or "")[:64]
    if not data["lead_organisations"] and organisation_id:
        data["lead_organisations"] = [organisation_id]
    vocab = _vocabulary(request)
    try:
        with writing(request.app.state.workspace) as conn:
            clean = practice_calls.checked(conn, data, vocab)
            record_id = review.create(conn, session.actor(conn), PRACTICE, organisation_id, clean)
            slug = slug_of(conn, record_id)
    except WorkspaceError as exc:
        return _form(request, session, data, "/practices/new", exc.status, exc)
    return redirect(f"/practices/{slug}")


def _record_id(request: Request, key: str) -> int:
    with request.app.state.workspace.connect() as conn:
        record_id = record_for(conn, key)
    if record_id is None:
        raise NotFoundHere(f"no practice {key!r}")
    return record_id


@router.get("/practices/{key}", response_class=HTMLResponse)
def practice_page(request: Request, key: str) -> HTMLResponse:
    vocab = _vocabulary(request)
    viewer = current_actor(request)
    record_id = _record_id(request, key)
    with request.app.state.workspace.connect() as conn:
        record = review.record_json(conn, PRACTICE, record_id, viewer)
        slug = slug_of(conn, record_id)
        latest, shown = record.latest, record.shown
        names = dict(conn.execute(select(organisations.c.id, organisations.c.name)).all())
        similar = []
        text = f"{shown.data['title']} {shown.data['summary']}"
        if record.published is not None:
            similar = similar_practices(conn, record_id, record.published.data, 5)
        is_author = record.organisation_id in viewer.organisations
        suggestions = suggest(conn, text, vocab, 3) if is_author else None
    return page(
        request,
        "practice.html",
        with_form=not viewer.anonymous,
        record=record,
        slug=slug,
        shown=shown,
        latest=latest,
        names=names,
        countries=vocab.countries,
        objectives=vocab.objectives,
        similar=similar,
        suggestions=suggestions,
        is_author=is_author,
        signed_in=not viewer.anonymous,
        may_moderate=allowed(viewer.role, Action.moderate),
    )


@router.get("/practices/{key}/edit", response_class=HTMLResponse)
def edit_practice_page(request: Request, key: str) -> Response:
    session = web_session.current(request)
    if session is None or session.user is None:
        return redirect(f"/signin?next=/practices/{key}/edit")
    record_id = _record_id(request, key)
    with request.app.state.workspace.connect() as conn:
        latest = review.record_json(conn, PRACTICE, record_id, session.actor(conn)).latest
    data = dict(latest.data)
    return _form(request, session, data, f"/practices/{key}/edit")


@router.post("/practices/{key}/edit", response_class=HTMLResponse)
async def edit_practice(request: Request, key: str, session: Writer) -> Response:
    record_id = _record_id(request, key)
    data = form_data(await request.form())
    vocab = _vocabulary(request)
    try:
        with writing(request.app.state.workspace) as conn:
            actor = session.actor(conn)
            owner = conn.execute(
                select(records.c.organisation_id).where(records.c.id == record_id)
            ).scalar()
            if owner not in actor.organisations:
                raise Forbidden(f"you do not write for the organisation {owner!r}")
            if not data["lead_organisations"]:
                data["lead_organisations"] = [str(owner)]
            review.edit(conn, actor, PRACTICE, record_id, practice_calls.checked(conn, data, vocab))
    except WorkspaceError as exc:
        return _form(request, session, data, f"/practices/{key}/edit", exc.status, exc)
    return redirect(f"/practices/{key}")


@router.post("/practices/{key}/submit", response_class=HTMLResponse)
def submit_practice(request: Request, key: str, session: Writer) -> Response:
    record_id = _record_id(request, key)
    with writing(request.app.state.workspace) as conn:
        review.submit(conn, session.actor(conn), PRACTICE, record_id)
    return redirect(f"/practices/{key}")


@router.get("/practice-calls", response_class=HTMLResponse)
def calls_page(request: Request) -> HTMLResponse:
    viewer = current_actor(request)
    with request.app.state.workspace.connect() as conn:
        calls = practice_calls.list_calls(conn)
    return page(
        request,
        "practice_calls.html",
        with_form=allowed(viewer.role, Action.moderate) and not viewer.anonymous,
        calls=calls,
        may_moderate=allowed(viewer.role, Action.moderate) and not viewer.anonymous,
        objectives=_vocabulary(request).objectives,
    )


@router.post("/practice-calls", response_class=HTMLResponse)
async def open_call(request: Request, session: Moderator) -> Response:
    form = await request.form()
    objectives = [int(v) for v in form.getlist("objectives") if isinstance(v, str) and v.isdigit()]
    try:
        with writing(request.app.state.workspace) as conn:
            call_id = practice_calls.open_call(
                conn,
                session.actor(conn),
                str(form.get("title") or ""),
                str(form.get("theme") or ""),
                objectives,
                str(form.get("deadline") or ""),
            )
    except WorkspaceError as exc:
        with request.app.state.workspace.connect() as conn:
            calls = practice_calls.list_calls(conn)
        return page(
            request,
            "practice_calls.html",
            exc.status,
            calls=calls,
            may_moderate=True,
            objectives=_vocabulary(request).objectives,
            error=str(exc),
            errors=exc.errors,
        )
    return redirect(f"/practice-calls/{call_id}")


@router.get("/practice-calls/{call_id}", response_class=HTMLResponse)
def call_page(request: Request, call_id: int) -> HTMLResponse:
    with request.app.state.workspace.connect() as conn:
        call = practice_calls.get_call(conn, call_id)
    return page(
        request,
        "practice_call.html",
        with_form=False,
        call=call,
        objectives=_vocabulary(request).objectives,
    )


@dataclass(frozen=True)
class Related:
    """The newest practices a page includes, how many there are, and the search of them all."""

    total: int
    results: list[PracticeHit]
    link: str


def related_practices(request: Request, facet: str, *values: str) -> Related:
    """Published practices with any of these values of a facet (for page includes)."""
    wanted = tuple(str(v) for v in values if v is not None and str(v))
    if not wanted:
        return Related(0, [], "/practices")
    with request.app.state.workspace.connect() as conn:
        found = search(conn, Query(filters=((facet, wanted),), limit=10, sort="newest"))
    link = "/practices?" + urlencode([*((facet, v) for v in wanted), ("sort", "newest")])
    return Related(found.total, found.results, link)


env.globals["related_practices"] = related_practices
