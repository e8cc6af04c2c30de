"""Bulk import and export of practices (JSON, CSV), and the curated seed published on first run.

The exchange format is one object per practice: the fields of a version (see
`facts/practices/practice.schema.json`) plus `id`, its stable id. Organisations are named by
workspace id or by name; a name nobody has yet becomes a new organisation. Import is
idempotent by `id`: a new id is published as an imported record (the importer's account, the
date, "imported from source"); a known id that nobody has edited since its import gets a new
imported version when the file says something new; a practice someone has edited is kept as
it is and reported.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NotRequired

import yaml
from pydantic import TypeAdapter
from sqlalchemy import Connection, select, update
from typing_extensions import TypedDict  # pydantic reads TypedDicts from it before 3.12

from commonground.workspace import accounts, review
from commonground.workspace.answers import RecordData
from commonground.workspace.audit import Actor, now
from commonground.workspace.errors import Invalid, WorkspaceError
from commonground.workspace.permissions import Role
from commonground.workspace.practice import PRACTICE, PracticeData, Vocabulary, check
from commonground.workspace.tables import (
    organisations,
    practices,
    record_versions,
    records,
    users,
)

SEED = Path(__file__).resolve().parent.parent / "facts" / "practices" / "practices.yaml"
SCHEMA = SEED.with_name("practice.schema.json")
IMPORTER_EMAIL = "importer@commonground.invalid"
NOTE = "imported from source"
ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
LIST_SEP = " | "
# Organisation kinds read off a name, for organisations an import has to create.
_KIND_WORDS = (
    (
        "un-agency",
        r"United Nations|\bUN\b|UNHCR|UNDP|UNODC|UNICEF|UNFPA|UN Women|UN-Habitat"
        r"|International Organization for Migration|\bIOM\b|International Labour|\bILO\b|World Bank"
        r"|IFAD|International Fund for Agricultural|World Health|\bWHO\b|Migration Network|MPTF",
    ),
    (
        "regional-body",
        r"Union|Community|ECOWAS|MERCOSUR|ASEAN|IGAD|CARICOM|SADC|\bEAC\b"
        r"|Process|Conference|Forum|Commission|Secretariat|Dialogue|Pacific Islands|Council of",
    ),
    (
        "state",
        r"Government|Ministry|Department|Federal|National|Agency|Office|Directorate"
        r"|Bureau|Republic|Kingdom|Embassy|Authority|Service|Bank of",
    ),
    ("academia", r"University|Institute|School|Academy|College"),
    ("city", r"\bCity\b|Mayors|Municipal|Metropol"),
    ("business", r"\bLtd\b|\bInc\b|Company|Corporation|Business|Chamber|Employers"),
    (
        "civil-society",
        r"Foundation|Network|Society|Association|Caritas|Council|Ashoka|Church"
        r"|Coalition|Alliance|Trust|Red Cross|Red Crescent|Committee",
    ),
)


class CorridorItem(TypedDict):
    origin: str
    destination: str


class ObjectivesItem(TypedDict):
    primary: int
    secondary: list[int]


class OriginItem(TypedDict):
    forum: str | None
    meeting: str | None
    call: int | None


class ContactItem(TypedDict):
    name: str
    email: str
    role: str | None


class ImportedItem(TypedDict):
    by: str
    at: str
    note: str


Exchanged = TypedDict(  # functional form: "global" is a Python keyword
    "Exchanged",
    {
        "id": str,
        "title": str,
        "summary": str,
        "description": str,
        "lead_organisations": list[str],
        "partners": list[str],
        "countries": list[str],
        "regions": list[str],
        "global": bool,
        "corridors": list[CorridorItem],
        "start": str | None,
        "end": str | None,
        "status": str | None,
        "type": str,
        "gcm_objectives": ObjectivesItem,
        "objectives_from": str,
        "guiding_principles": list[str],
        "principles_from": str,
        "sdg_targets": list[str],
        "sdg_from": str,
        "migof": list[str],
        "thematic_area": str | None,
        "origin": OriginItem,
        "results": str | None,
        "lessons": str | None,
        "funding": str | None,
        "languages": list[str],
        "links": list[str],
        "contact": NotRequired[ContactItem | None],
        "source_url": str | None,
        "source_title": str | None,
        "retrieved": str | None,
        "rests_on": list[str],
        "imported": ImportedItem | None,
    },
)
"""A published practice in the exchange format: its stable id, then the fields of its
published version in the model's order (PracticeData checked them when it was stored). The
contact is left out of what people who are not signed in get."""
_EXCHANGED = TypeAdapter(Exchanged)


def guess_kind(name: str) -> str:
    for kind, pattern in _KIND_WORDS:
        if re.search(pattern, name):
            return kind
    return "other"


def importer(conn: Connection) -> Actor:
    """The account imports are published under (it cannot sign in: it has no password)."""
    found = conn.execute(select(users.c.id).where(users.c.email == IMPORTER_EMAIL)).scalar()
    if found is None:
        found = conn.execute(
            users.insert()
            .values(
                email=IMPORTER_EMAIL,
                display_name="Common Ground importer",
                password_hash=None,
                role=Role.reader.value,
                created_at=now(),
                disabled_at=now(),
            )
            .returning(users.c.id)
        ).scalar_one()
    return Actor(int(found), Role.admin, ip="command line", system=True)


def _organisation_id(conn: Connection, actor: Actor, value: str, created: list[str]) -> str:
    value = value.strip()
    by_id = conn.execute(select(organisations.c.id).where(organisations.c.id == value)).scalar()
    if by_id is not None:
        return str(by_id)
    by_name = conn.execute(
        select(organisations.c.id).where(organisations.c.name == value[:300])
    ).scalar()
    if by_name is not None:
        return str(by_name)
    oid = accounts.create_organisation(conn, actor, value[:300], guess_kind(value), join=False)
    created.append(oid)
    return oid


def to_data(conn: Connection, actor: Actor, item: RecordData, created: list[str]) -> RecordData:
    """A version's data from one object of the exchange format (as read, not yet checked)."""
    data = {k: v for k, v in item.items() if k not in ("id", "objectives_source")}
    for name in ("lead_organisations", "partners"):
        data[name] = [
            _organisation_id(conn, actor, str(v), created) for v in data.get(name) or [] if v
        ]
    return data


def _comparable(data: RecordData) -> RecordData:
    return {k: v for k, v in data.items() if k != "imported"}


@dataclass(frozen=True)
class Refusal:
    """An item the import refused: its place in the file, its id and what was wrong."""

    item: int
    id: str
    error: str
    errors: list[dict[str, str]] | None = None
    """The model's errors field by field, where the model refused the item."""

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"item": self.item, "id": self.id, "error": self.error}
        return out if self.errors is None else out | {"errors": self.errors}


@dataclass
class PracticeImport:
    """What an import did with each id, filled in as it goes."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Practices someone has edited since their import: kept as they are."""
    refused: list[Refusal] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    """Organisations the import created for names nobody had yet."""

    def as_dict(self) -> dict[str, object]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kept": self.kept,
            "refused": [r.as_dict() for r in self.refused],
            "organisations": self.organisations,
        }


def import_practices(
    conn: Connection,
    items: list[RecordData],
    vocab: Vocabulary | None = None,
    source: str = "commonground practices import",
) -> PracticeImport:
    """Publish each item as an imported record; what happened to each id is reported."""
    actor = importer(conn)
    report = PracticeImport()
    today = date.today().isoformat()
    for n, item in enumerate(items, 1):
        slug = str(item.get("id") or "")
        if not ID.match(slug):
            report.refused.append(Refusal(n, slug, "id: expected a stable id, a-z 0-9 and -"))
            continue
        savepoint = conn.begin_nested()
        try:
            created: list[str] = []
            data = to_data(conn, actor, item, created)
            data["imported"] = {"by": source, "at": today, "note": NOTE}
            clean = review.validate(PRACTICE, data)
            check(conn, clean, vocab)
            existing = conn.execute(select(practices).where(practices.c.slug == slug)).first()
            if existing is None:
                record_id, number = review.publish_imported(
                    conn, actor, PRACTICE, clean["lead_organisations"][0], clean
                )
                conn.execute(
                    update(practices)
                    .where(practices.c.record_id == record_id)
                    .values(slug=slug, imported_version=number)
                )
                report.created.append(slug)
            else:
                record = conn.execute(
                    select(records).where(records.c.id == existing.record_id)
                ).one()
                if record.latest_version != existing.imported_version:
                    report.kept.append(slug)
                else:
                    old = conn.execute(
                        select(record_versions.c.data).where(
                            record_versions.c.record_id == record.id,
                            record_versions.c.number == record.latest_version,
                        )
                    ).scalar_one()
                    if _comparable(dict(old)) == _comparable(clean):
                        report.unchanged.append(slug)
                    else:
                        _, number = review.publish_imported(
                            conn, actor, PRACTICE, record.organisation_id, clean, record.id
                        )
                        conn.execute(
                            update(practices)
                            .where(practices.c.record_id == record.id)
                            .values(imported_version=number)
                        )
                        report.updated.append(slug)
            savepoint.commit()
            report.organisations += created
        except WorkspaceError as exc:
            savepoint.rollback()
            report.refused.append(Refusal(n, slug, str(exc), exc.errors))
    return report


def seeded(conn: Connection) -> bool:
    """Whether any practice was ever imported into this workspace."""
    found = conn.execute(
        select(practices.c.record_id).where(practices.c.imported_version.is_not(None)).limit(1)
    )
    return found.first() is not None


def export_practices(conn: Connection) -> list[Exchanged]:
    """Every published practice in the exchange format, by stable id. Each is read through
    the exchange format's type, which keeps the stored data as it is."""
    query = (
        select(practices.c.slug, record_versions.c.data)
        .join(records, records.c.id == practices.c.record_id)
        .join(
            record_versions,
            (record_versions.c.record_id == records.c.id)
            & (record_versions.c.number == records.c.published_version),
        )
        .where(records.c.deleted_at.is_(None))
        .order_by(practices.c.slug)
    )
    return [_EXCHANGED.validate_python({"id": slug, **data}) for slug, data in conn.execute(query)]


def read_seed(path: Path = SEED) -> list[RecordData]:
    """The curated practices shipped with Common Ground (facts/practices/practices.yaml)."""
    return parse(path.read_text(encoding="utf-8"), "yaml")


def parse(text: str, fmt: str) -> list[RecordData]:
    """Items from JSON (a list, or {"practices": [...]}), YAML or CSV text, as written: the
    model checks each on import."""
    if fmt == "csv":
        return [unflatten(row) for row in csv.DictReader(io.StringIO(text))]
    try:
        loaded = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise Invalid(f"not valid {fmt.upper()}: {exc}", "file") from None
    if isinstance(loaded, dict) and "practices" in loaded:
        loaded = loaded["practices"]
    if not isinstance(loaded, list) or not all(isinstance(i, dict) for i in loaded):
        raise Invalid("expected a list of practices (objects)", "file")
    return [_seed_item(i) for i in loaded]


def _seed_item(item: RecordData) -> RecordData:
    """The curated file's provenance fields, as the record keeps them."""
    out = dict(item)
    origin = out.get("origin") or {}
    out["origin"] = {k: v for k, v in origin.items() if v is not None}
    return {k: v for k, v in out.items() if v is not None and v != {}}


# --- CSV: one row per practice; lists joined by " | ", nested fields as JSON --------------

NESTED = ("corridors", "gcm_objectives", "origin", "contact", "imported")
BOOLEAN = ("global",)


def columns() -> list[str]:
    fields = PracticeData.model_json_schema()["properties"]
    return ["id", *fields]


def flatten(item: Exchanged) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in columns():
        value = item.get(name)
        if value is None:
            out[name] = ""
        elif name in NESTED:
            out[name] = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, bool):
            out[name] = "true" if value else "false"
        elif isinstance(value, list):
            out[name] = LIST_SEP.join(str(v) for v in value)
        else:
            out[name] = str(value)
    return out


def unflatten(row: dict[str, str]) -> RecordData:
    """One CSV row as an item of the exchange format, as written: the model checks it."""
    schema = PracticeData.model_json_schema()["properties"]
    out: RecordData = {}
    for name, raw in row.items():
        if name is None or raw is None or raw.strip() == "":
            continue
        raw = raw.strip()
        if name in NESTED:
            try:
                out[name] = json.loads(raw)
            except json.JSONDecodeError:
                out[name] = raw  # the model names the field and what it expected
        elif name in BOOLEAN:
            out[name] = raw.lower() in ("true", "yes", "1")
        elif schema.get(name, {}).get("type") == "array":
            out[name] = [v.strip() for v in raw.split("|") if v.strip()]
        else:
            out[name] = raw
    return out


def to_csv(items: list[Exchanged]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns(), lineterminator="\n")
    writer.writeheader()
    for item in items:
        writer.writerow(flatten(item))
    return buffer.getvalue()


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the exchange format (written to facts/practices/practice.schema.json
    and checked against the model by the tests)."""
    schema = PracticeData.model_json_schema(by_alias=True)
    schema["properties"] = {
        "id": {
            "type": "string",
            "pattern": ID.pattern,
            "description": "The practice's stable id; import is idempotent by it.",
        },
        **schema["properties"],
    }
    schema["required"] = ["id", *schema.get("required", [])]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Common Ground practice"
    schema["description"] = (
        "One practice of the exchange format: a JSON array of these (or CSV with the same"
        " columns, lists joined by ' | ', nested fields as JSON). Organisations are workspace"
        " ids or names."
    )
    return schema
