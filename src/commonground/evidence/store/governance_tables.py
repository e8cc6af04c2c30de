"""Tables of the governance map: actors, forums, meetings and their documents, roles over time,
treaty actions.

They mirror the curated files in `facts/governance/` column for column, with years as
integers beside partial dates, and keep on every fact row what the file says about where the
fact comes from (`source_url`, `source_says`), our `note`, and the `conflict` slug shared by
rows of sources that disagree. `source_row` is the row's line in its file (header = 1).
Curated instruments live in the `instruments` table of `tables.py`, beside the bundle's.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text

from commonground.evidence.store.tables import metadata


def _provenance() -> list[Column[object]]:
    return [
        Column("source_url", Text, nullable=False),
        Column("source_says", Text, nullable=False),
        Column("note", Text),
        Column("conflict", String(64)),
        Column("source_row", Integer, nullable=False),
    ]


pillars = Table(
    "pillars",
    metadata,
    Column("number", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("source_url", Text, nullable=False),
)

fact_sources = Table(
    "fact_sources",
    metadata,
    Column("url", String(400), primary_key=True),
    Column("title", Text, nullable=False),
    Column("publisher", Text, nullable=False),
    Column("trust", String(16), nullable=False),  # official | secondary | news | low
    Column("note", Text),
    Column("source_row", Integer, nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("short_name", String(64)),
    Column("kind", String(32), nullable=False),
    Column("founded", String(10)),
    Column("founded_year", Integer),
    Column("description", Text, nullable=False),
    Column("url", Text),
    *_provenance(),
)

forums = Table(
    "forums",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("short_name", String(64)),
    Column("kind", String(32), nullable=False),
    Column("parent", String(64), ForeignKey("forums.id")),
    Column("pillar", Integer, ForeignKey("pillars.number"), nullable=False),
    Column("founded", String(10)),
    Column("founded_year", Integer),
    Column("ended", String(10)),
    Column("ended_year", Integer),
    Column("description", Text, nullable=False),
    Column("url", Text),
    *_provenance(),
)

meetings = Table(
    "meetings",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("forum", String(64), ForeignKey("forums.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("ordinal", Integer),
    Column("start_date", String(10)),
    Column("end_date", String(10)),
    Column("year", Integer),
    Column("place", Text),
    Column("host_country", String(64), ForeignKey("areas.code")),
    Column("theme", Text),
    *_provenance(),
    Index("ix_meetings_forum", "forum"),
)

meeting_documents = Table(
    "meeting_documents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("meeting", String(64), ForeignKey("meetings.id"), nullable=False),
    Column("symbol", String(64)),  # a UN document symbol, e.g. A/68/L.5, where one was read
    Column("title", Text, nullable=False),
    Column("kind", String(32), nullable=False),  # declaration | resolution | compact | ...
    Column("date", String(10)),
    Column("year", Integer),
    Column("url", Text),
    Column("source_url", Text, nullable=False),
    Column("source_says", Text, nullable=False),
    Column("note", Text),
    Column("source_row", Integer, nullable=False),
    Index("ix_meeting_documents_meeting", "meeting"),
)

roles = Table(
    "roles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("actor", String(64), nullable=False),  # an actors.id slug or a state's areas.code
    Column("actor_type", String(16), nullable=False),  # state | organisation
    Column("forum", String(64), ForeignKey("forums.id")),
    Column("meeting", String(64), ForeignKey("meetings.id")),
    Column("role", String(32), nullable=False),
    Column("from_year", Integer),
    Column("to_year", Integer),
    Column("as_of", Integer),
    Column("name_as_read", Text),
    *_provenance(),
    Index("ix_roles_actor", "actor"),
    Index("ix_roles_forum", "forum"),
    Index("ix_roles_meeting", "meeting"),
)

instrument_actions = Table(
    "instrument_actions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("instrument_id", String(64), ForeignKey("instruments.id"), nullable=False),
    Column("country", String(64), ForeignKey("areas.code"), nullable=False),
    Column("action", String(32), nullable=False),
    Column("date", String(10)),
    Column("year", Integer),
    Column("name_as_read", Text),
    Column("list_as_of", String(10)),
    Column("list_as_of_year", Integer),
    Column("list_complete", Boolean, nullable=False),
    Column("source_id", String(64), ForeignKey("sources.id"), nullable=False),
    *_provenance(),
    Index("ix_instrument_actions_instrument", "instrument_id"),
    Index("ix_instrument_actions_country", "country"),
)

gcm_principles = Table(
    "gcm_principles",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("letter", String(2), nullable=False),
    Column("name", Text, nullable=False),
    Column("definition", Text),
    Column("source_url", Text, nullable=False),
    Column("source_says", Text, nullable=False),
    Column("source_row", Integer, nullable=False),
)

migof = Table(
    "migof",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("kind", String(16), nullable=False),  # principle | objective
    Column("name", Text, nullable=False),
    Column("source_url", Text, nullable=False),
    Column("source_says", Text, nullable=False),
    Column("source_row", Integer, nullable=False),
)

# Members of groups of states and of processes as the bundle's group files give them
# (`groups/`), with the dated curated additions their sources declare. `group_id` is the
# named set (`g20`, `eu`, `un-group:african`, `forum:budapest-process`, ...); a member is a
# state (its area code) or, like the European Union in the G20, an organisation.
group_members = Table(
    "group_members",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("group_id", String(64), nullable=False),
    Column("member", String(64), nullable=False),  # an area code, or an organisation's slug
    Column("member_type", String(16), nullable=False),  # state | organisation
    Column("name_as_read", Text, nullable=False),
    Column("from_date", String(10)),
    Column("from_year", Integer),
    Column("as_of", String(10), nullable=False),  # the date the list is known to hold
    Column("as_of_year", Integer, nullable=False),
    Column("list_complete", Boolean, nullable=False),
    Column("source_id", String(64), ForeignKey("sources.id"), nullable=False),
    Column("source_url", Text),
    Column("source_says", Text),
    Column("note", Text),
    Column("source_row", Integer),
    Index("ix_group_members_group", "group_id"),
)

# Where two sources cover one instrument, what the build found when it compared them.
source_disagreements = Table(
    "source_disagreements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("instrument_id", String(64), nullable=False),
    Column("country", String(64), ForeignKey("areas.code"), nullable=False),
    Column("kind", String(32), nullable=False),  # only_in_first | only_in_second | year_differs
    Column("first_source", String(64), ForeignKey("sources.id"), nullable=False),
    Column("first_value", Text),
    Column("second_source", String(64), ForeignKey("sources.id"), nullable=False),
    Column("second_value", Text),
    Column("declared", Boolean, nullable=False),
    Column("reason", Text),
)
