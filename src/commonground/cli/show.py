"""`commonground show <id>`: any entity of the governance map with its relations and sources.

An id is tried as a forum, a meeting, an instrument, an organisation's slug, a state (any
code or name the country lookup accepts) and, for 1 to 23, a GCM objective number (so a
state is best named by ISO3, not by an M49 code of 23 or less).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy import Connection

from commonground.analysis.areas import find_area, suggest_areas
from commonground.analysis.gcm import GcmObjective, gcm_sources, objective
from commonground.analysis.governance.actors import ActorRecord, actor_record
from commonground.analysis.governance.forums import ForumRecord, forum_record
from commonground.analysis.governance.lookup import close_ids, entity_kind
from commonground.analysis.governance.meetings import MeetingRecord, meeting_record
from commonground.analysis.governance.records import Role
from commonground.analysis.instruments import parties
from commonground.cli.format import print_table
from commonground.cli.options import AsOfOption, DbOption
from commonground.domain.citation import Citation
from commonground.domain.treaties import Parties
from commonground.settings import load_settings

console = Console()


def show(
    entity: Annotated[
        str, typer.Argument(help="A forum, meeting, instrument, actor, state or 1-23")
    ],
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """Print an entity with its relations and sources.

    Examples: commonground show gfmd --as-of 2018; commonground show MAR; commonground show 23
    """
    from commonground.evidence.store.session import connect

    with connect(load_settings(None, db)) as conn:
        kind, key = _identify(conn, entity)
        if kind is None:
            close = _close(conn, entity)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            console.print(f"[red]Nothing is called {escape(entity)!r}.[/]{escape(hint)}")
            raise typer.Exit(1)
        if kind == "forum":
            _forum(forum_record(conn, key, as_of))
        elif kind == "meeting":
            _meeting(meeting_record(conn, key))
        elif kind == "instrument":
            _instrument(parties(conn, key, as_of))
        elif kind == "objective":
            _objective(objective(conn, int(key)), gcm_sources(conn))
        else:
            _actor(actor_record(conn, key, as_of))


def _identify(conn: Connection, entity: str) -> tuple[str | None, str]:
    slug = entity.strip().lower()
    kind = entity_kind(conn, slug)
    if kind is not None:
        return kind, slug
    if slug.isdigit() and 1 <= int(slug) <= 23:
        return "objective", slug
    code = find_area(conn, entity)
    return ("actor", code) if code else (None, entity)


def _close(conn: Connection, entity: str) -> list[str]:
    return close_ids(conn, entity) + suggest_areas(conn, entity, 3)


def _table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    if records:
        print_table(console, title, records, columns)


def _header(title: str, lines: Iterable[str]) -> None:
    console.print(f"[bold]{escape(title)}[/]")
    for line in lines:
        if line:
            console.print(escape(line))


def _roles(title: str, rows: list[Role], who: str = "actor_name") -> None:
    _table(
        title,
        ["who" if who == "actor_name" else "where", "role", "when", "source", "source says"],
        ((getattr(r, who) or r.forum, r.role, r.when, r.source_url, r.source_says) for r in rows),
    )


def _sources(sources: Iterable[Citation]) -> None:
    _table(
        "Sources",
        ["id", "publisher", "title", "edition"],
        ((s.id, s.publisher, s.title, s.edition) for s in sources),
    )


def _notes(notes: Iterable[str]) -> None:
    for note in notes:
        console.print(f"[yellow]Note:[/] {escape(note)}")


def _forum(r: ForumRecord) -> None:
    f = r.forum
    _header(
        f"{f.name} ({f.id})",
        [
            f"{f.kind}, pillar {f.pillar} ({f.pillar_name})",
            f"part of {r.parent.name}" if r.parent else "",
            f.description,
            f"source: {f.source_url}",
            f"as of {r.as_of}: {r.member_count} members" if r.as_of else "",
        ],
    )
    _table("Organs", ["id", "name", "kind"], ((o.id, o.name, o.kind) for o in r.organs))
    _roles("Roles", r.roles)
    _table(
        "Meetings",
        ["id", "date", "place", "host", "chairs"],
        (
            (
                m.id,
                m.start_date,
                m.place,
                m.host_country_name,
                ", ".join(c.actor_name or c.actor for c in m.chairs),
            )
            for m in r.meetings
        ),
    )
    _notes(r.notes)
    _sources(r.sources)


def _meeting(r: MeetingRecord) -> None:
    m = r.meeting
    host = r.host_country.name if r.host_country else "not recorded"
    _header(
        f"{m.name} ({m.id})",
        [
            f"{r.forum.name}; {m.start_date or 'date not recorded'}"
            f"{' to ' + m.end_date if m.end_date else ''}; {m.place or ''}",
            f"host country: {host}",
            f"theme: {m.theme}" if m.theme else "",
            f"source: {m.source_url} ({m.source_says})",
        ],
    )
    _roles("Hosts, chairs and participants", r.hosts + r.chairs + r.participants)
    _notes(r.notes)
    _sources(r.sources)


def _instrument(r: Parties) -> None:
    i = r.instrument
    counts = ", ".join(f"{n} {status}" for status, n in r.counts.model_dump().items())
    _header(
        f"{i.title} ({i.id})",
        [
            f"{i.kind}, pillar {i.pillar}; adopted {i.adopted or 'date not recorded'}",
            f"as of {r.as_of}: {counts}" if r.as_of else counts,
            f"source: {i.source_url}" if i.source_url else "",
        ],
    )
    _table(
        "States",
        ["state", "status", "year", "note"],
        ((s.name, s.status, s.year, s.note) for s in r.states),
    )
    _notes(list(r.warnings))
    _sources(list(r.sources))


def _objective(o: GcmObjective, sources: list[Citation]) -> None:
    _header(f"GCM objective {o.number}: {o.title}", [o.commitment])
    _table("Actions", ["", "action"], ((a.letter, a.text) for a in o.actions))
    _sources(sources)


def _actor(r: ActorRecord) -> None:
    a = r.actor if isinstance(r.actor, dict) else vars(r.actor)
    _header(
        f"{a['name']} ({a['id']})",
        [
            a["kind"] + (f", pillar {a['pillar']}" if a.get("pillar") else ""),
            a.get("description") or "",
            f"as of {r.as_of}" if r.as_of else "",
        ],
    )
    _roles("Roles in forums", r.forum_roles, who="forum_name")
    _roles("Roles at meetings", r.meeting_roles, who="meeting_name")
    _table(
        "Meetings hosted",
        ["id", "date", "forum", "place"],
        ((m.id, m.start_date, m.forum_name, m.place) for m in r.meetings_hosted or []),
    )
    _table(
        "Instrument actions",
        ["instrument", "action", "date", "source"],
        (
            (x.short_name, x.action, x.date or f"by {x.list_as_of}", x.source_url)
            for x in r.instrument_actions or []
        ),
    )
    _table(
        "Human-rights treaties (UN Treaty Collection)",
        ["treaty", "status", "year"],
        ((x.short_name, x.status, x.year) for x in r.treaty_status or []),
    )
    _notes(r.notes)
    _sources(r.sources)
