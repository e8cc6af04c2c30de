"""The workspace's tables: what people write, kept for good.

The workspace has its own MetaData and its own Alembic history (`migrations/`); nothing here
refers to a row id of the evidence base. Where a row points at the map it holds a stable key
(`country:MAR`, `instrument:icmw`, `forum:gfmd`, `meeting:gfmd-2008`, `objective:5`,
`actor:iom`), which `commonground workspace check` compares with the current build.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _when(name: str, nullable: bool = True) -> Column[object]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("display_name", String(200)),
    Column("password_hash", String(255)),  # None once purged
    Column("role", String(16), nullable=False),
    _when("created_at", nullable=False),
    _when("email_verified_at"),
    _when("disabled_at"),
    _when("purged_at"),
    Column("totp_secret", String(64)),  # two-step sign-in, once its first code is confirmed
    Column("totp_pending", String(64)),  # a secret shown to its owner, not yet confirmed
    _when("totp_enabled_at"),
    Column("totp_last_step", Integer),  # the time step of the last code used: no replay
)

recovery_codes = Table(
    "recovery_codes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("code_hash", String(64), nullable=False),
    _when("created_at", nullable=False),
    _when("used_at"),
)
Index("ix_recovery_codes_user", recovery_codes.c.user_id)

organisations = Table(
    "organisations",
    metadata,
    Column("id", String(64), primary_key=True),  # a slug, stable
    Column("name", String(300), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("actor_id", String(64)),  # the map's actor (`actor:ID`), once a moderator links it
    Column("created_by", Integer, ForeignKey("users.id")),
    _when("created_at", nullable=False),
    _when("deleted_at"),
    Column("delete_reason", Text),
)

memberships = Table(
    "memberships",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("organisation_id", String(64), ForeignKey("organisations.id"), primary_key=True),
    _when("created_at", nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),  # sha256 of the cookie's value
    Column("user_id", Integer, ForeignKey("users.id")),  # None before sign-in
    Column("csrf_token", String(64), nullable=False),
    _when("created_at", nullable=False),
    _when("last_seen_at", nullable=False),
    _when("expires_at", nullable=False),
    _when("revoked_at"),
    Column("ip", String(64)),
    Column("user_agent", String(300)),
)
Index("ix_sessions_user", sessions.c.user_id)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("scopes", String(32), nullable=False),  # "read" or "read write"
    _when("created_at", nullable=False),
    _when("last_used_at"),
    _when("expires_at"),
    _when("revoked_at"),
)

sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False),
    Column("ip", String(64), nullable=False),
    _when("at", nullable=False),
)
Index("ix_sign_in_failures_email", sign_in_failures.c.email, sign_in_failures.c.at)
Index("ix_sign_in_failures_ip", sign_in_failures.c.ip, sign_in_failures.c.at)

one_time_tokens = Table(
    "one_time_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("purpose", String(16), nullable=False),  # reset | verify
    _when("created_at", nullable=False),
    _when("expires_at", nullable=False),
    _when("used_at"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("to_address", String(254), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
    _when("created_at", nullable=False),
    _when("sent_at"),
    Column("error", Text),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    _when("at", nullable=False),
    Column("user_id", Integer),  # who; None for the command line without --as
    Column("ip", String(64)),
    Column("token_id", Integer),  # the API token used, if any
    Column("action", String(64), nullable=False),
    Column("record", String(100), nullable=False),  # KIND:ID
    Column("before", JSON),
    Column("after", JSON),
)
Index("ix_audit_log_record", audit_log.c.record, audit_log.c.id)
Index("ix_audit_log_user", audit_log.c.user_id, audit_log.c.id)

# The review mechanism (revision 2): one table of records of every kind, their versions and
# the reviews of each version.
records = Table(
    "records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("organisation_id", String(64), ForeignKey("organisations.id"), nullable=False),
    Column("created_by", Integer, ForeignKey("users.id"), nullable=False),
    _when("created_at", nullable=False),
    Column("latest_version", Integer, nullable=False),
    Column("published_version", Integer),
    _when("deleted_at"),
    Column("delete_reason", Text),
)
Index("ix_records_kind", records.c.kind, records.c.id)

record_versions = Table(
    "record_versions",
    metadata,
    Column("record_id", Integer, ForeignKey("records.id"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("state", String(16), nullable=False),
    Column("data", JSON, nullable=False),
    Column("author_id", Integer, ForeignKey("users.id"), nullable=False),
    _when("created_at", nullable=False),
    _when("submitted_at"),
    _when("decided_at"),
    Column("extra_reviews", Integer, nullable=False, default=0),
)
Index("ix_record_versions_state", record_versions.c.state)

review_assignments = Table(
    "review_assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("reviewer_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("internal", Boolean, nullable=False),
    Column("assigned_by", Integer, ForeignKey("users.id"), nullable=False),
    _when("assigned_at", nullable=False),
    Column("conflict", Text),  # a declared conflict of interest: the review does not count
    Column("decision", String(16)),  # approve | return | reject
    Column("comment", Text),
    _when("decided_at"),
    UniqueConstraint("record_id", "version", "reviewer_id", name="uq_review_assignments_once"),
)
Index("ix_review_assignments_reviewer", review_assignments.c.reviewer_id)

# Practices (revision 3): the stable id of each practice record, the facets of its published
# version (one row per value, for filters and counts) and calls for practices. The full-text
# index beside them (`practice_fts`) is made by the migration (see `fulltext.py`) and, like
# these, is rebuilt from the records by `commonground practices reindex`.
practices = Table(
    "practices",
    metadata,
    Column("record_id", Integer, ForeignKey("records.id"), primary_key=True),
    Column("slug", String(80), nullable=False, unique=True),  # the stable id in URLs
    Column("imported_version", Integer),  # the version an import wrote, if any
    Column("published", Boolean, nullable=False, default=False),
    Column("title", Text, nullable=False, default=""),
    Column("summary", Text, nullable=False, default=""),
    Column("start_year", Integer),
    Column("end_year", Integer),
    Column("call_id", Integer),
    # Revision 6: moved past every other practice's by each reindex of this one, so a reader
    # of the index reads again only the practices whose generation passed the one it holds.
    Column("generation", Integer, nullable=False, default=0, server_default="0"),
)
Index("ix_practices_generation", practices.c.generation)

practice_tags = Table(
    "practice_tags",
    metadata,
    Column("record_id", Integer, ForeignKey("records.id"), primary_key=True),
    Column("facet", String(24), primary_key=True),
    Column("value", String(120), primary_key=True),
)
Index("ix_practice_tags_value", practice_tags.c.facet, practice_tags.c.value)

practice_calls = Table(
    "practice_calls",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(300), nullable=False),
    Column("theme", Text, nullable=False),
    Column("objectives", JSON, nullable=False),
    Column("deadline", String(10), nullable=False),  # YYYY-MM-DD
    Column("opened_by", Integer, ForeignKey("users.id"), nullable=False),
    _when("opened_at", nullable=False),
    _when("closed_at"),
)

# Follow-up (revision 4): the dated progress updates of pledges, append-only (a correction is
# a new update), and the stable ids of curated imports, so a second import finds its records.
pledge_updates = Table(
    "pledge_updates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", Integer, ForeignKey("records.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("on_date", String(10), nullable=False),  # YYYY-MM-DD: what the update reports as of
    Column("status", String(16), nullable=False),
    Column("narrative", Text, nullable=False),
    Column("value", String(200)),
    Column("evidence", JSON, nullable=False),
    Column("author_id", Integer, ForeignKey("users.id")),  # None for the command line
    _when("created_at", nullable=False),
    Column("confirmation", String(16)),  # confirmed | declined, for a "fulfilled" update
    Column("confirmed_by", Integer, ForeignKey("users.id")),
    _when("confirmed_at"),
    Column("confirmation_note", Text),
    UniqueConstraint("record_id", "number", name="uq_pledge_updates_number"),
)
Index("ix_pledge_updates_record", pledge_updates.c.record_id, pledge_updates.c.number)

followup_keys = Table(
    "followup_keys",
    metadata,
    Column("kind", String(32), primary_key=True),
    Column("key", String(100), primary_key=True),
    Column("record_id", Integer, ForeignKey("records.id"), nullable=False),
    Column("imported_version", Integer, nullable=False),
)

# Documents (revision 5): reports read into the map. A document is its extracted text with its
# checksum (one file, one document), split into numbered passages with their page and their
# place in the text; what the map knows is found in it (mentions, by stable key) and facts are
# proposed from it (proposals, each with its evidence span and its comparison with the
# evidence base at the time of reading). A proposal a reviewer looks at is a reviewed record
# of kind `document_fact`; `record_id` links the two.
documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),  # of the file as uploaded
    Column("title", String(500), nullable=False),
    Column("publisher", String(300)),
    Column("date", String(10)),  # YYYY, YYYY-MM or YYYY-MM-DD
    Column("url", String(1000)),
    Column("media_type", String(64), nullable=False),
    Column("file_name", String(300)),
    Column("size", Integer, nullable=False),  # bytes of the file
    Column("pages", Integer),  # for a PDF
    Column("text", Text, nullable=False),
    Column("uploaded_by", Integer, ForeignKey("users.id")),  # None for the command line
    Column("organisation_id", String(64), ForeignKey("organisations.id")),
    _when("created_at", nullable=False),
)
Index("ix_documents_uploader", documents.c.uploaded_by, documents.c.created_at)

passages = Table(
    "passages",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id"), primary_key=True),
    Column("ordinal", Integer, primary_key=True),  # 1, 2, ... in reading order
    Column("page", Integer),  # the PDF page it is on (1-based); None for other media
    Column("char_start", Integer, nullable=False),  # offsets in the document's text
    Column("char_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("passage", Integer, nullable=False),  # the passage's ordinal
    Column("char_start", Integer, nullable=False),  # offsets in the document's text
    Column("char_end", Integer, nullable=False),
    Column("surface", String(500), nullable=False),  # the words as they stand in the text
    Column("kind", String(16), nullable=False),  # country | forum | meeting | ... | figure
    Column("key", String(100)),  # the map's stable key (`country:MAR`); None for values
    Column("value", String(100)),  # a year or a figure with its unit, for values
)
Index("ix_mentions_document", mentions.c.document_id, mentions.c.char_start)
Index("ix_mentions_key", mentions.c.key)

proposals = Table(
    "proposals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),  # 1, 2, ... in the document
    Column("passage", Integer, nullable=False),
    Column("char_start", Integer, nullable=False),  # the evidence span in the document's text
    Column("char_end", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # meeting | members | count | action | figure
    Column("fact", JSON, nullable=False),  # the proposed fact, by stable keys
    Column("comparison", String(16), nullable=False),  # agrees | new | conflicts
    Column("stored", JSON),  # the evidence base's values and sources it was compared with
    Column("record_id", Integer, ForeignKey("records.id")),  # the review record, if any
    UniqueConstraint("document_id", "ordinal", name="uq_proposals_ordinal"),
)
Index("ix_proposals_document", proposals.c.document_id, proposals.c.ordinal)
