"""The shape of each validated governance row, as the store inserts it.

Each is a TypedDict, not a dataclass: the rows are the checked cells of a curated CSV file
plus a few derived columns (the year of a partial date), handed straight to a bulk insert, so
a class would only be a copy. The keys are the columns of the table each row goes to.
"""

from __future__ import annotations

from typing import TypedDict


class Cited(TypedDict):
    """Where a curated row comes from: the page, the words it rests on, the curator's note
    and its line in the file."""

    source_url: str
    source_says: str
    note: str | None
    source_row: int


class Disputed(Cited):
    """A cited row of a table that keeps a disagreement with another source."""

    conflict: str | None


class SourceRow(TypedDict):
    url: str
    title: str
    publisher: str
    trust: str
    note: str | None
    source_row: int


class ActorRow(Disputed):
    id: str
    name: str
    short_name: str | None
    kind: str
    founded: str | None
    founded_year: int | None
    description: str
    url: str | None


class ForumRow(Disputed):
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


class MeetingRow(Disputed):
    id: str
    forum: str | None
    name: str
    ordinal: int | None
    start_date: str | None
    end_date: str | None
    year: int | None
    place: str | None
    host_country: str | None
    theme: str | None


class DocumentRow(Cited):
    id: str
    meeting: str | None
    symbol: str | None
    title: str
    kind: str | None
    date: str | None
    year: int | None
    url: str | None


class RoleRow(Disputed):
    actor: str
    actor_type: str
    forum: str | None
    meeting: str | None
    role: str | None
    from_year: int | None
    to_year: int | None
    as_of: int | None
    name_as_read: str | None


class InstrumentRow(Cited):
    id: str
    title: str
    short_name: str
    kind: str
    binding: bool | None
    adopted: str | None
    entry_into_force: str | None
    status_as_of: str | None
    coverage: str | None
    pillar: int
    depositary: str | None
    url: str | None


class ActionRow(Disputed):
    instrument_id: str | None
    country: str
    action: str | None
    date: str | None
    year: int | None
    name_as_read: str | None
    list_as_of: str | None
    list_as_of_year: int | None
    list_complete: bool


VocabularyRow = dict[str, str | int | None]
"""A term of a vocabulary file (GCM principles, MiGOF): its cells as read, and its line."""
