"""The records the governance analyses hand to the API, the CLI and the pages: a forum, a
meeting, an organisation, a role and what an "as of" view left out.

Each is a frozen dataclass whose fields are the columns of its table in table order (then
what the analysis adds), so its JSON has the keys, and the order, that the API has always
given; `/openapi.json` documents them field by field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

T = TypeVar("T")


def from_row(cls: type[T], row: Mapping[Any, Any], **more: Any) -> T:
    """A record from a row of its table and `more` (which wins over a column of the same name;
    other columns of the query are ignored)."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in row.items() if k in names and k not in more}, **more)


@dataclass(frozen=True)
class Provenance:
    """Where a curated row comes from: the page, the words it rests on, and its file row."""

    source_url: str
    source_says: str
    note: str | None
    conflict: str | None
    source_row: int


@dataclass(frozen=True)
class ForumRef:
    """A forum by id and name, as a parent or an organ's forum is shown."""

    id: str
    name: str


@dataclass(frozen=True)
class _ForumColumns:
    id: str
    name: str
    short_name: str | None
    kind: str
    parent: str | None
    pillar: int
    founded: str | None
    founded_year: int | None
    ended: str | None
    ended_year: int | None
    description: str
    url: str | None


@dataclass(frozen=True)
class Forum(Provenance, _ForumColumns):
    """A forum, process, organ or free-movement regime, as forums.csv records it."""


@dataclass(frozen=True)
class NamedForum(Forum):
    """A forum with the name of its pillar."""

    pillar_name: str | None


@dataclass(frozen=True)
class Role:
    """Who held which role where and when, with the words of the source it rests on.

    `basis` says how its time is known (dated, listed, meeting or undated) and `when` says it
    for people."""

    actor: str
    actor_name: str | None
    actor_type: str
    forum: str | None
    forum_name: str | None
    meeting: str | None
    meeting_name: str | None
    meeting_year: int | None
    meeting_date: str | None
    role: str
    from_year: int | None
    to_year: int | None
    as_of: int | None
    basis: str
    when: str
    name_as_read: str | None
    source_url: str | None
    source_says: str | None
    note: str | None
    conflict: str | None
    source_row: int
    source_id: str


@dataclass(frozen=True)
class ListedRole(Role):
    """A membership read from a bundle file's list of a forum's members."""

    list_complete: bool


@dataclass(frozen=True)
class Organ(Forum):
    """An organ of a forum with its roles (as of a year)."""

    roles: list[Role]


@dataclass(frozen=True)
class LeftOut:
    """What an "as of a year" view could not show: roles from lists of other years, roles of
    undated sources, and the years of the lists held."""

    listed_other_years: int = 0
    undated: int = 0
    lists_held_as_of: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _MeetingColumns:
    id: str
    forum: str
    name: str
    ordinal: int | None
    start_date: str | None
    end_date: str | None
    year: int | None
    place: str | None
    host_country: str | None
    theme: str | None


@dataclass(frozen=True)
class Meeting(Provenance, _MeetingColumns):
    """A meeting as meetings.csv records it, with its host country's name."""

    host_country_name: str | None


@dataclass(frozen=True)
class MeetingSummary(Meeting):
    """A meeting of a forum's list: its hosts and chairs, and how many others took part."""

    hosts: list[Role]
    chairs: list[Role]
    participants: int


@dataclass(frozen=True)
class HostedMeeting(Provenance, _MeetingColumns):
    """A meeting a state hosted, with its forum's name."""

    forum_name: str
    host_country_name: str | None


@dataclass(frozen=True)
class MeetingForum(ForumRef):
    """The forum a meeting belongs to."""

    pillar: int


@dataclass(frozen=True)
class MeetingDocument:
    """A document a meeting produced, as documents.csv records it."""

    id: str
    meeting: str
    symbol: str | None
    """A UN document symbol (e.g. A/68/L.5), where one was read."""
    title: str
    kind: str
    date: str | None
    year: int | None
    url: str | None
    source_url: str
    source_says: str
    note: str | None
    source_row: int


@dataclass(frozen=True)
class HostCountry:
    code: str
    name: str | None


@dataclass(frozen=True)
class _OrganisationColumns:
    id: str
    name: str
    short_name: str | None
    kind: str
    founded: str | None
    founded_year: int | None
    description: str
    url: str | None


@dataclass(frozen=True)
class Organisation(Provenance, _OrganisationColumns):
    """An organisation as actors.csv records it, with the pillar its kind places it in."""

    pillar: int | None


@dataclass(frozen=True)
class ListedOrganisation(Organisation):
    """An organisation in the list of actors, with how many roles it holds."""

    roles: int


@dataclass(frozen=True)
class ListedState:
    """A state in the list of actors: one that holds at least one curated role."""

    id: str
    name: str
    kind: str
    pillar: None
    roles: int


ActorListing = ListedState | ListedOrganisation


@dataclass(frozen=True)
class _Named:
    """The short name and title of the instrument a row is about."""

    short_name: str | None
    title: str


@dataclass(frozen=True)
class _ActionColumns:
    id: int
    instrument_id: str
    country: str
    action: str
    date: str | None
    year: int | None
    name_as_read: str | None
    list_as_of: str | None
    list_as_of_year: int | None
    list_complete: bool
    source_id: str


@dataclass(frozen=True)
class ActionRow(Provenance, _ActionColumns):
    """One row of instrument_actions as the evidence base holds it: a state's act on a
    curated instrument, when it was done (or by which list's date it is known), and the
    source row it comes from. The parties of an instrument and a state's actions both read
    it."""


@dataclass(frozen=True)
class InstrumentAction(_Named, ActionRow):
    """A state's action on an instrument as instrument_actions.csv records it, and whether
    the action makes it a party."""

    makes_party: bool


@dataclass(frozen=True)
class _StatusColumns:
    instrument_id: str
    country: str
    status: str
    year: int | None
    denounced: int | None
    note: str | None
    source_id: str
    source_row: int | None


@dataclass(frozen=True)
class TreatyStatus(_Named, _StatusColumns):
    """A state's status on a human-rights treaty as the UN Treaty Collection file gives it
    (as of a year: a party since a later year shows as none, with a note saying when)."""
