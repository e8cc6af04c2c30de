"""Read and validate every curated governance file into rows ready for the store.

Validation runs as soon as the country resolver knows the areas, before the long bundle load,
so that a bad curated row stops the build within seconds. It stops at the first problem: a
role with no or an unknown actor, forum or meeting; dates out of order; an unknown country;
a fact with no source; a duplicate fact; a value outside the controlled vocabularies.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from commonground.domain import vocab
from commonground.domain.errors import UnresolvedCountry
from commonground.evidence.countries import AreaResolver
from commonground.evidence.sources.governance.checks import FileChecks, year_of
from commonground.evidence.sources.governance.files import label, read
from commonground.evidence.sources.governance.rows import (
    ActionRow,
    ActorRow,
    Cited,
    Disputed,
    DocumentRow,
    ForumRow,
    InstrumentRow,
    MeetingRow,
    RoleRow,
    SourceRow,
    VocabularyRow,
)

STATE_KINDS = ("country", "territory")


@dataclass
class Governance:
    """Validated rows per table, in the order they must be inserted."""

    fact_sources: list[SourceRow] = field(default_factory=list)
    actors: list[ActorRow] = field(default_factory=list)
    forums: list[ForumRow] = field(default_factory=list)
    meetings: list[MeetingRow] = field(default_factory=list)
    documents: list[DocumentRow] = field(default_factory=list)
    roles: list[RoleRow] = field(default_factory=list)
    instruments: list[InstrumentRow] = field(default_factory=list)
    instrument_actions: list[ActionRow] = field(default_factory=list)
    gcm_principles: list[VocabularyRow] = field(default_factory=list)
    migof: list[VocabularyRow] = field(default_factory=list)


def read_governance(
    facts_dir: Path, resolver: AreaResolver, reserved_instruments: Collection[str] = ()
) -> Governance:
    """Every curated file, validated; `reserved_instruments` are ids the bundle already uses."""
    g = Governance()
    g.fact_sources = _sources(facts_dir)
    known = {r["url"] for r in g.fact_sources}
    g.actors = _actors(facts_dir, known, resolver)
    g.forums = _forums(facts_dir, known)
    forum_ids = {r["id"] for r in g.forums}
    g.meetings = _meetings(facts_dir, known, resolver, forum_ids)
    meeting_ids = {r["id"] for r in g.meetings}
    g.documents = _documents(facts_dir, known, meeting_ids)
    actor_ids = {r["id"] for r in g.actors}
    g.roles = _roles(facts_dir, known, resolver, actor_ids, forum_ids, meeting_ids)
    g.instruments = _instruments(facts_dir, known, reserved_instruments)
    # Curated actions may add to a bundled instrument's record (later accessions, say).
    instrument_ids = {r["id"] for r in g.instruments} | set(reserved_instruments)
    g.instrument_actions = _actions(facts_dir, known, resolver, instrument_ids)
    g.gcm_principles = _vocabulary(facts_dir, "gcm_principles.csv", known)
    g.migof = _vocabulary(facts_dir, "migof.csv", known)
    return g


def _cited(r: dict[str, str], line: int) -> Cited:
    """Where a curated row comes from: the page, the words it rests on, the curator's note,
    and its line."""
    return {
        "source_url": r["source_url"],
        "source_says": r["source_says"],
        "note": r.get("note") or None,
        "source_row": line,
    }


def _disputed(r: dict[str, str], line: int) -> Disputed:
    """Where a curated row comes from, with its disagreement with another source (for the
    tables that keep one)."""
    return {
        "source_url": r["source_url"],
        "source_says": r["source_says"],
        "note": r.get("note") or None,
        "conflict": r.get("conflict") or None,
        "source_row": line,
    }


def _state(checks: FileChecks, resolver: AreaResolver, value: str, *, row: int, field: str) -> str:
    """A state or territory by its exact ISO3 code, as the area resolver knows it."""
    if resolver.kinds.get(value) in STATE_KINDS:
        return value
    close = resolver.suggest(value, limit=3)
    raise UnresolvedCountry(
        checks.file,
        "unknown country" + (f" (close: {', '.join(close)})" if close else ""),
        row=row,
        field=field,
        value=value,
        expected="the ISO3 code of a state or territory the country resolver knows",
    )


def _sources(facts_dir: Path) -> list[SourceRow]:
    name = "sources.csv"
    checks = FileChecks(name)
    out: list[SourceRow] = []
    for line, r in read(facts_dir, name):
        url = checks.required(r, "url", row=line)
        checks.unique(url, row=line, what="source", field="url")
        checks.required(r, "title", row=line)
        checks.required(r, "publisher", row=line)
        checks.choice(r, "trust", vocab.TRUST, row=line)
        kind = checks.choice(r, "citation", vocab.CITATIONS, row=line)
        shape = (
            "url"
            if url.startswith(("http://", "https://"))
            else "unsourced"
            if url.startswith(vocab.UNSOURCED)
            else "document"
        )
        if kind != shape:
            raise checks.error(
                "the citation is not what its kind says",
                row=line,
                field="citation",
                value=f"{kind} for {url!r}",
                expected="url for an http(s) address, unsourced for 'unsourced: ...',"
                " document for a published document named by publisher and date",
            )
        out.append(
            {
                "url": url,
                "title": r["title"],
                "publisher": r["publisher"],
                "trust": r["trust"],
                "note": r["note"] or None,
                "source_row": line,
            }
        )
    return out


def _actors(facts_dir: Path, known: set[str], resolver: AreaResolver) -> list[ActorRow]:
    name = "actors.csv"
    checks = FileChecks(name)
    out: list[ActorRow] = []
    for line, r in read(facts_dir, name):
        actor = checks.required(r, "id", row=line)
        checks.unique(actor, row=line, what="actor id", field="id")
        if actor.upper() in resolver.kinds:
            raise checks.error(
                "an actor id must not be an area code (states are their ISO3 code)",
                row=line,
                field="id",
                value=actor,
                expected="a slug that is not an ISO3 code",
            )
        checks.required(r, "name", row=line)
        checks.required(r, "description", row=line)
        checks.choice(r, "kind", vocab.ACTOR_KINDS, row=line)
        checks.sourced(r, row=line, known=known)
        founded = checks.partial_date(r, "founded", row=line)
        out.append(
            {
                "id": actor,
                "name": r["name"],
                "short_name": r["short_name"] or None,
                "kind": r["kind"],
                "founded": founded,
                "founded_year": year_of(founded),
                "description": r["description"],
                "url": r["url"] or None,
                **_disputed(r, line),
            }
        )
    return out


def _forums(facts_dir: Path, known: set[str]) -> list[ForumRow]:
    name = "forums.csv"
    checks = FileChecks(name)
    out: list[ForumRow] = []
    rows = read(facts_dir, name)
    ids = {r["id"] for _, r in rows}
    for line, r in rows:
        forum = checks.required(r, "id", row=line)
        checks.unique(forum, row=line, what="forum id", field="id")
        checks.required(r, "name", row=line)
        checks.required(r, "description", row=line)
        checks.choice(r, "kind", vocab.FORUM_KINDS, row=line)
        parent = checks.reference(r, "parent", ids - {forum}, "forum", row=line)
        pillar = checks.choice(r, "pillar", [str(p) for p in vocab.PILLARS], row=line)
        checks.sourced(r, row=line, known=known)
        founded = checks.partial_date(r, "founded", row=line)
        ended = checks.partial_date(r, "ended", row=line)
        checks.ordered(founded, ended, ("founded", "ended"), row=line)
        out.append(
            {
                "id": forum,
                "name": r["name"],
                "short_name": r["short_name"] or None,
                "kind": r["kind"],
                "parent": parent,
                "pillar": int(str(pillar)),
                "founded": founded,
                "founded_year": year_of(founded),
                "ended": ended,
                "ended_year": year_of(ended),
                "description": r["description"],
                "url": r["url"] or None,
                **_disputed(r, line),
            }
        )
    # Parents first, so that the self-reference holds at every insert.
    depth = {f["id"]: _depth(f["id"], {x["id"]: x["parent"] for x in out}) for f in out}
    return sorted(out, key=lambda f: depth[f["id"]])


def _depth(forum: str, parents: dict[str, str | None]) -> int:
    depth, seen = 0, {forum}
    while (forum := parents.get(forum) or "") != "":
        if forum in seen:
            raise FileChecks("forums.csv").error(
                "forums form a cycle of parents", row=1, field="parent", value=forum
            )
        seen.add(forum)
        depth += 1
    return depth


def _meetings(
    facts_dir: Path, known: set[str], resolver: AreaResolver, forum_ids: set[str]
) -> list[MeetingRow]:
    name = "meetings.csv"
    checks = FileChecks(name)
    out: list[MeetingRow] = []
    for line, r in read(facts_dir, name):
        meeting = checks.required(r, "id", row=line)
        checks.unique(meeting, row=line, what="meeting id", field="id")
        checks.required(r, "forum", row=line)
        forum = checks.reference(r, "forum", forum_ids, "forum", row=line)
        checks.required(r, "name", row=line)
        checks.sourced(r, row=line, known=known)
        start = checks.partial_date(r, "start_date", row=line)
        end = checks.partial_date(r, "end_date", row=line)
        if end is not None and start is None:
            raise checks.error(
                "an end date with no start date", row=line, field="start_date", expected="a date"
            )
        checks.ordered(start, end, ("start_date", "end_date"), row=line)
        ordinal = r["ordinal"]
        if ordinal and not ordinal.isdigit():
            raise checks.error(
                "not an ordinal", row=line, field="ordinal", value=ordinal, expected="1, 2, ..."
            )
        host = r["host_country"]
        out.append(
            {
                "id": meeting,
                "forum": forum,
                "name": r["name"],
                "ordinal": int(ordinal) if ordinal else None,
                "start_date": start,
                "end_date": end,
                "year": year_of(start),
                "place": r["place"] or None,
                "host_country": (
                    _state(checks, resolver, host, row=line, field="host_country") if host else None
                ),
                "theme": r["theme"] or None,
                **_disputed(r, line),
            }
        )
    return out


def _documents(facts_dir: Path, known: set[str], meeting_ids: set[str]) -> list[DocumentRow]:
    """The documents a meeting produced: declarations, compacts, summaries, reports..."""
    name = "documents.csv"
    checks = FileChecks(name)
    out: list[DocumentRow] = []
    for line, r in read(facts_dir, name):
        document = checks.required(r, "id", row=line)
        checks.unique(document, row=line, what="document id", field="id")
        checks.required(r, "meeting", row=line)
        meeting = checks.reference(r, "meeting", meeting_ids, "meeting", row=line)
        title = checks.required(r, "title", row=line)
        kind = checks.choice(r, "kind", vocab.DOCUMENT_KINDS, row=line)
        when = checks.partial_date(r, "date", row=line)
        url = r["url"]
        if url and not url.startswith(("https://", "http://")):
            raise checks.error(
                "not a link", row=line, field="url", value=url, expected="an http(s) URL or nothing"
            )
        checks.sourced(r, row=line, known=known)
        # One document of one meeting, as one source gives it (by symbol where one is known).
        key = (meeting, r["symbol"] or title.casefold(), r["source_url"])
        checks.unique(
            key, row=line, what="document (meeting, symbol or title, and source)", field="id"
        )
        out.append(
            {
                "id": document,
                "meeting": meeting,
                "symbol": r["symbol"] or None,
                "title": title,
                "kind": kind,
                "date": when,
                "year": year_of(when),
                "url": url or None,
                **_cited(r, line),
            }
        )
    return out


def _roles(
    facts_dir: Path,
    known: set[str],
    resolver: AreaResolver,
    actor_ids: set[str],
    forum_ids: set[str],
    meeting_ids: set[str],
) -> list[RoleRow]:
    name = "roles.csv"
    checks = FileChecks(name)
    out: list[RoleRow] = []
    for line, r in read(facts_dir, name):
        actor = r["actor"]
        if not actor:
            raise checks.error(
                "a role with no actor",
                row=line,
                field="actor",
                expected="an actor id from actors.csv or a state's ISO3 code",
            )
        if actor in actor_ids:
            actor_type = "organisation"
        elif actor.isupper() and len(actor) == 3:
            actor_type = "state"
            _state(checks, resolver, actor, row=line, field="actor")
        else:
            checks.reference(r, "actor", actor_ids, "actor", row=line)
            raise AssertionError("unreachable")  # pragma: no cover
        if bool(r["forum"]) == bool(r["meeting"]):
            raise checks.error(
                "a role needs exactly one of forum and meeting"
                + (" (both are empty)" if not r["forum"] else " (both are filled)"),
                row=line,
                field="forum",
                expected="a forum id or a meeting id",
            )
        forum = checks.reference(r, "forum", forum_ids, "forum", row=line)
        meeting = checks.reference(r, "meeting", meeting_ids, "meeting", row=line)
        role = checks.choice(r, "role", vocab.ROLES, row=line)
        start = checks.year(r, "from_year", row=line)
        end = checks.year(r, "to_year", row=line)
        as_of = checks.year(r, "as_of", row=line)
        checks.ordered(start, end, ("from_year", "to_year"), row=line)
        checks.sourced(r, row=line, known=known)
        # The name as read is part of the fact: an undated source may name one state twice in
        # one role, e.g. Zambia as current and as past MIDCOM chair (two terms, years unknown).
        key = (actor, forum, meeting, role, start, end, as_of, r["name_as_read"], r["source_url"])
        checks.unique(
            key, row=line, what="role (actor, place, role, years and source)", field="actor"
        )
        out.append(
            {
                "actor": actor,
                "actor_type": actor_type,
                "forum": forum,
                "meeting": meeting,
                "role": role,
                "from_year": start,
                "to_year": end,
                "as_of": as_of,
                "name_as_read": r["name_as_read"] or None,
                **_disputed(r, line),
            }
        )
    return out


def _instruments(
    facts_dir: Path, known: set[str], reserved: Collection[str]
) -> list[InstrumentRow]:
    name = "instruments.csv"
    checks = FileChecks(name)
    out: list[InstrumentRow] = []
    for line, r in read(facts_dir, name):
        instrument = checks.required(r, "id", row=line)
        checks.unique(instrument, row=line, what="instrument id", field="id")
        if instrument in reserved:
            raise checks.error(
                "this id is already an instrument of the data bundle",
                row=line,
                field="id",
                value=instrument,
                expected="an id not in facts/datasets.yaml",
            )
        checks.required(r, "title", row=line)
        checks.required(r, "short_name", row=line)
        checks.choice(r, "type", vocab.INSTRUMENT_TYPES, row=line)
        binding = checks.choice(r, "binding", list(vocab.YES_NO), row=line, blank=True)
        pillar = checks.choice(r, "pillar", [str(p) for p in vocab.PILLARS], row=line)
        adopted = checks.partial_date(r, "adopted", row=line)
        in_force = checks.partial_date(r, "entry_into_force", row=line)
        checks.ordered(adopted, in_force, ("adopted", "entry_into_force"), row=line)
        checks.sourced(r, row=line, known=known)
        out.append(
            {
                "id": instrument,
                "title": r["title"],
                "short_name": r["short_name"],
                "kind": r["type"],
                "binding": None if binding is None else vocab.YES_NO[binding],
                "adopted": adopted,
                "entry_into_force": in_force,
                "status_as_of": None,
                "coverage": None,
                "pillar": int(str(pillar)),
                "depositary": r["depositary"] or None,
                "url": r["url"] or None,
                **_cited(r, line),
            }
        )
    return out


def _actions(
    facts_dir: Path, known: set[str], resolver: AreaResolver, instrument_ids: set[str]
) -> list[ActionRow]:
    name = "instrument_actions.csv"
    checks = FileChecks(name)
    out: list[ActionRow] = []
    for line, r in read(facts_dir, name):
        checks.required(r, "instrument", row=line)
        instrument = checks.reference(r, "instrument", instrument_ids, "instrument", row=line)
        country = _state(
            checks, resolver, checks.required(r, "actor", row=line), row=line, field="actor"
        )
        action = checks.choice(r, "action", vocab.ACTIONS, row=line)
        when = checks.partial_date(r, "date", row=line)
        list_as_of = checks.partial_date(r, "list_as_of", row=line)
        if action != "entry_into_force":  # a list may announce a later entry into force
            checks.ordered(when, list_as_of, ("date", "list_as_of"), row=line)
        complete = checks.choice(r, "list_complete", list(vocab.YES_NO), row=line)
        checks.sourced(r, row=line, known=known)
        key = (instrument, country, action, when, r["source_url"])
        checks.unique(
            key, row=line, what="action (instrument, state, action, date and source)", field="actor"
        )
        out.append(
            {
                "instrument_id": instrument,
                "country": country,
                "action": action,
                "date": when,
                "year": year_of(when),
                "name_as_read": r["name_as_read"] or None,
                "list_as_of": list_as_of,
                "list_as_of_year": year_of(list_as_of),
                "list_complete": vocab.YES_NO[str(complete)],
                **_disputed(r, line),
            }
        )
    return out


def _vocabulary(facts_dir: Path, name: str, known: set[str]) -> list[VocabularyRow]:
    checks = FileChecks(name)
    out: list[VocabularyRow] = []
    for line, r in read(facts_dir, name):
        term = checks.required(r, "id", row=line)
        checks.unique(term, row=line, what="id", field="id")
        checks.required(r, "name", row=line)
        checks.sourced(r, row=line, known=known)
        row: VocabularyRow = {k: (v or None) for k, v in r.items()}
        if name == "migof.csv":
            checks.choice(r, "kind", vocab.MIGOF_KINDS, row=line)
        else:
            checks.required(r, "letter", row=line)
        row["source_row"] = line
        out.append(row)
    return out


__all__ = ["Governance", "label", "read_governance"]
