"""Tables of the evidence base.

Every fact table carries `source_id` (which dataset and edition) and, where one row of a file
gives one fact, `source_row` (the 1-based line or spreadsheet row), so that any figure can be
traced back to the file it came from. Area codes are ISO 3166 alpha-3 for countries and areas,
and slugs (`world`, `more-developed-regions`, ...) for aggregates, which are never countries.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

build_info = Table(
    "build_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("dataset", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("publisher", Text, nullable=False),
    Column("edition", String(64), nullable=False),
    Column("licence", Text, nullable=False),
    Column("file", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("url", Text),
    Column("sha256", String(64), nullable=False),
    Column("file_rows", Integer, nullable=False),
    Column("rows_loaded", Integer, nullable=False),
    Column("years", String(64)),
    Column("note", Text),
)

source_editions = Table(
    "source_editions",
    metadata,
    Column("series", String(32), primary_key=True),
    Column("name", String(64), primary_key=True),
    Column("source_id", String(64), ForeignKey("sources.id"), nullable=False),
)
"""The names a query may give an edition of a series, as `facts/datasets.yaml` declares them."""

source_roles = Table(
    "source_roles",
    metadata,
    Column("role", String(64), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("source_id", String(64), ForeignKey("sources.id"), nullable=False),
)
"""The sources that play a fixed part (`roles`), and each series' default (`default:SERIES`)."""

areas = Table(
    "areas",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),  # country | territory | aggregate
    Column("aggregate_type", String(32)),
    Column("iso2", String(2)),
    Column("m49", Integer),
    Column("name_sort", Text),
    Column("region_code", Integer),
    Column("region", Text),
    Column("subregion_code", Integer),
    Column("subregion", Text),
    Column("intregion_code", Integer),
    Column("intregion", Text),
    Column("iom_region", Text),
    Column("development_group", String(16)),  # more developed | less developed
    Column("ldc", Boolean),
    Column("lldc", Boolean),
    Column("sids", Boolean),
    Column("income_group", String(32)),
    Column("un_member", Boolean, nullable=False, default=False),
    Column("note", Text),
    Column("source_id", String(64), ForeignKey("sources.id")),
)

area_aliases = Table(
    "area_aliases",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("alias", Text, nullable=False),
    Column("code", String(64), ForeignKey("areas.code"), nullable=False),
    Column("origin", Text, nullable=False),
)

migrant_stock = Table(
    "migrant_stock",
    metadata,
    Column("source_id", String(64), ForeignKey("sources.id"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("destination", String(64), ForeignKey("areas.code"), primary_key=True),
    Column("origin", String(64), ForeignKey("areas.code"), primary_key=True),
    Column("sex", String(8), primary_key=True),  # total | female | male
    Column("stock", Integer, nullable=False),
    Column("source_row", Integer),
    Index("ix_migrant_stock_origin", "source_id", "year", "origin"),
)

stock_totals = Table(
    "stock_totals",
    metadata,
    Column("source_id", String(64), ForeignKey("sources.id"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("area", String(64), ForeignKey("areas.code"), primary_key=True),
    Column("sex", String(8), primary_key=True),
    Column("stock", Integer, nullable=False),
    Column("source_row", Integer),
)

population = Table(
    "population",
    metadata,
    Column("source_id", String(64), ForeignKey("sources.id"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("area", String(64), ForeignKey("areas.code"), primary_key=True),
    Column("population", BigInteger, nullable=False),
    Column("source_row", Integer),
)

remittances = Table(
    "remittances",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_id", String(64), ForeignKey("sources.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("flow", String(16), nullable=False),  # bilateral | inflow | outflow
    Column("sender", String(64), ForeignKey("areas.code")),
    Column("receiver", String(64), ForeignKey("areas.code")),
    Column("usd_millions", Float, nullable=False),
    Column("estimate", Boolean, nullable=False, default=False),
    Column("source_row", Integer),
    Index("ix_remittances_lookup", "source_id", "year", "flow"),
)

displacement = Table(
    "displacement",
    metadata,
    Column("source_id", String(64), ForeignKey("sources.id"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("asylum", String(64), ForeignKey("areas.code"), primary_key=True),
    Column("origin", String(64), ForeignKey("areas.code"), primary_key=True),
    Column("population_type", String(32), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("source_row", Integer),
    Index("ix_displacement_origin", "source_id", "year", "origin"),
)

missing_migrants = Table(
    "missing_migrants",
    metadata,
    Column("id", Integer, primary_key=True),  # the source row
    Column("source_id", String(64), ForeignKey("sources.id"), nullable=False),
    Column("incident_date", Date, nullable=False),
    Column("year", Integer, nullable=False),
    Column("incident_type", String(32), nullable=False),
    Column("route", Text),
    Column("country", String(64), ForeignKey("areas.code")),
    Column("dead_and_missing", Integer, nullable=False),
    Column("survivors", Integer),
    Column("cause", Text),
    Column("origins", Text),
    Column("location", Text),
    Column("lon", Float),
    Column("lat", Float),
    Index("ix_missing_migrants_year", "year"),
)

missing_migrant_origins = Table(
    "missing_migrant_origins",
    metadata,
    Column("incident_id", Integer, ForeignKey("missing_migrants.id"), primary_key=True),
    Column("origin", String(64), ForeignKey("areas.code"), primary_key=True),
)

instruments = Table(
    "instruments",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text, nullable=False),
    Column("short_name", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("binding", Boolean),  # empty where no curated source says
    Column("adopted", String(10)),
    Column("entry_into_force", String(10)),
    Column("status_as_of", String(32)),
    Column("coverage", Text),
    Column("source_id", String(64), ForeignKey("sources.id"), nullable=False),
    # Curated instruments (facts/governance/instruments.csv) also carry these.
    Column("pillar", Integer),
    Column("depositary", Text),
    Column("url", Text),
    Column("source_url", Text),
    Column("source_says", Text),
    Column("note", Text),
    Column("source_row", Integer),
    # When the treaty binds a state that deposits after its entry into force (its own
    # article, declared in facts/datasets.yaml): days after the deposit, or the first day
    # of the month after so many months.
    Column("state_entry_days", Integer),
    Column("state_entry_months", Integer),
    Column("state_entry_article", Text),
    Column("state_entry_url", Text),
    Column("state_entry_says", Text),
)

treaty_status = Table(
    "treaty_status",
    metadata,
    Column("instrument_id", String(64), ForeignKey("instruments.id"), primary_key=True),
    Column("country", String(64), ForeignKey("areas.code"), primary_key=True),
    Column("status", String(16), nullable=False),  # party | signatory | none, today
    Column("year", Integer),  # of ratification or accession
    Column("denounced", Integer),  # year a party denounced it (then status is none)
    Column("note", Text),
    Column("source_id", String(64), ForeignKey("sources.id"), nullable=False),
    Column("source_row", Integer),
)

roll_calls = Table(
    "roll_calls",
    metadata,
    Column("rcid", Integer, primary_key=True),
    Column("session", Integer, nullable=False),
    Column("date", Date, nullable=False),
    Column("resolution", String(64)),
    Column("unres", String(64)),
    Column("amend", Boolean),
    Column("para", Boolean),
    Column("important", Boolean),
    Column("short", Text),
    Column("descr", Text),
    Column("source_id", String(64), ForeignKey("sources.id"), nullable=False),
    Column("source_row", Integer),
    Index("ix_roll_calls_resolution", "resolution"),
    Index("ix_roll_calls_session", "session"),
)

roll_call_issues = Table(
    "roll_call_issues",
    metadata,
    Column("rcid", Integer, ForeignKey("roll_calls.rcid"), primary_key=True),
    Column("issue_code", String(8), primary_key=True),
    Column("issue", Text, nullable=False),
)

votes = Table(
    "votes",
    metadata,
    Column("rcid", Integer, ForeignKey("roll_calls.rcid"), primary_key=True),
    Column("country", String(64), ForeignKey("areas.code"), primary_key=True),
    Column("vote", String(8), nullable=False),  # yes | no | abstain
    Column("note", Text),
    Column("source_row", Integer),
    Index("ix_votes_country", "country"),
)

gcm_objectives = Table(
    "gcm_objectives",
    metadata,
    Column("number", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("commitment", Text, nullable=False),
    Column("n_actions", Integer, nullable=False),
    Column("title_in_source", Text),
    Column("note", Text),
    Column("source_id", String(64), ForeignKey("sources.id"), nullable=False),
)

gcm_actions = Table(
    "gcm_actions",
    metadata,
    Column("objective", Integer, ForeignKey("gcm_objectives.number"), primary_key=True),
    Column("letter", String(2), primary_key=True),
    Column("text", Text, nullable=False),
    Column("source_id", String(64), ForeignKey("sources.id"), nullable=False),
    Column("source_row", Integer),
)
