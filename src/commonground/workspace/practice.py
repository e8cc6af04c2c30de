"""Practices: the reviewed record of a policy, law, programme or partnership and what it did.

A practice has every field of the UN Migration Network Hub's repository and the GFMD Platform
for Partnerships and more (corridors served, the forum meeting or call it came from, results
and how they were measured, lessons, funding, a contact only signed-in users see). Its data is
checked twice: the shape by the pydantic model below (every message names the field and what
was expected), the references by `check` against the map's vocabulary (countries, regions,
forums, meetings: taken from the evidence base by the layer above and handed in as a
`Vocabulary`) and the workspace's organisations; an unknown value is refused with close
matches.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from sqlalchemy import Connection, select

from commonground.workspace.errors import Invalid
from commonground.workspace.review import FormField, Kind, register
from commonground.workspace.tables import organisations

FACTS = Path(__file__).resolve().parent.parent / "facts"
STATUSES = ("planned", "ongoing", "completed", "discontinued")
TYPES = (
    "policy",
    "law",
    "programme",
    "bilateral_agreement",
    "partnership",
    "tool",
    "data_system",
    "capacity_building",
    "other",
)
OBJECTIVES = tuple(range(1, 24))
FROM = ("source", "curator", "contributor")
PERIOD = re.compile(r"^(\d{4})(-(0[1-9]|1[0-2]))?$")
ISO3 = re.compile(r"^[A-Z]{3}$")
SDG = re.compile(r"^(1[0-7]|[1-9])\.([1-9][0-9]?|[a-z])$")


@cache
def _facts_ids(path: str) -> tuple[str, ...]:
    with (FACTS / path).open(encoding="utf-8", newline="") as f:
        return tuple(row["id"] for row in csv.DictReader(f))


def principles() -> tuple[str, ...]:
    """The GCM's ten guiding principles (facts/governance/gcm_principles.csv)."""
    return _facts_ids("governance/gcm_principles.csv")


def migof_ids() -> tuple[str, ...]:
    """IOM's Migration Governance Framework principles and objectives (facts/migof.csv)."""
    return _facts_ids("governance/migof.csv")


Text = Annotated[str, StringConstraints(min_length=1, max_length=300)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$", max_length=500)]
Long = Annotated[str, StringConstraints(max_length=20_000)]


def _one_of(value: Any, allowed: tuple[Any, ...], what: str) -> Any:
    if value in allowed:
        return value
    close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValueError(f"expected {what}: one of {', '.join(map(str, allowed))}, not {value!r}{hint}")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Corridor(Strict):
    """Origin and destination: an ISO3 code or the name of a group ("GCC countries")."""

    origin: Annotated[str, StringConstraints(min_length=2, max_length=100)]
    destination: Annotated[str, StringConstraints(min_length=2, max_length=100)]


class Objectives(Strict):
    primary: int
    secondary: Annotated[list[int], Field(max_length=22)] = []

    @field_validator("primary")
    @classmethod
    def _primary(cls, v: int) -> int:
        return int(_one_of(v, OBJECTIVES, "a GCM objective number from 1 to 23"))

    @field_validator("secondary")
    @classmethod
    def _secondary(cls, v: list[int]) -> list[int]:
        return [int(_one_of(n, OBJECTIVES, "GCM objective numbers from 1 to 23")) for n in v]

    @model_validator(mode="after")
    def _distinct(self) -> Objectives:
        self.secondary = [n for n in dict.fromkeys(self.secondary) if n != self.primary]
        return self


class Origin(Strict):
    """Where the practice came from: a forum, one of its meetings, or a call for practices."""

    forum: Annotated[str, StringConstraints(max_length=64)] | None = None
    meeting: Annotated[str, StringConstraints(max_length=64)] | None = None
    call: int | None = None


class Contact(Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    email: Annotated[
        str, StringConstraints(pattern=r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$", max_length=254)
    ]
    role: Annotated[str, StringConstraints(max_length=200)] | None = None


class Imported(Strict):
    """Provenance of a record published by an import: who, when, from what."""

    by: str
    at: str
    note: str = "imported from source"


class PracticeData(Strict):
    """One version of a practice."""

    title: Annotated[str, StringConstraints(min_length=3, max_length=300)]
    summary: Annotated[str, StringConstraints(min_length=10, max_length=1_000)]
    description: Long = ""
    lead_organisations: Annotated[list[str], Field(min_length=1, max_length=20)]
    partners: Annotated[list[str], Field(max_length=60)] = []
    countries: Annotated[list[str], Field(max_length=200)] = []
    regions: Annotated[list[Text], Field(max_length=30)] = []
    global_: bool = Field(False, alias="global")
    corridors: Annotated[list[Corridor], Field(max_length=60)] = []
    start: str | None = None
    end: str | None = None
    status: str | None = None
    type: str
    gcm_objectives: Objectives
    objectives_from: str = "contributor"
    guiding_principles: Annotated[list[str], Field(max_length=10)] = []
    principles_from: str = "contributor"
    sdg_targets: Annotated[list[str], Field(max_length=40)] = []
    sdg_from: str = "contributor"
    migof: Annotated[list[str], Field(max_length=6)] = []
    thematic_area: Text | None = None
    origin: Origin = Origin()
    results: Long | None = None
    lessons: Long | None = None
    funding: Annotated[str, StringConstraints(max_length=2_000)] | None = None
    languages: Annotated[list[str], Field(max_length=20)] = ["en"]
    links: Annotated[list[Url], Field(max_length=30)] = []
    contact: Contact | None = None
    source_url: Url | None = None
    source_title: Text | None = None
    retrieved: str | None = None
    rests_on: Annotated[
        list[Annotated[str, StringConstraints(max_length=2_000)]], Field(max_length=30)
    ] = []
    imported: Imported | None = None

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, populate_by_name=True, serialize_by_alias=True
    )

    @field_validator("countries")
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        for code in v:
            if not ISO3.match(code):
                raise ValueError(
                    f"expected ISO 3166 alpha-3 country codes such as MAR, not {code!r}"
                )
        return list(dict.fromkeys(v))

    @field_validator("start", "end")
    @classmethod
    def _period(cls, v: str | None) -> str | None:
        if v is not None and not PERIOD.match(v):
            raise ValueError(f"expected a year (2019) or a month (2019-05), not {v!r}")
        return v

    @field_validator("status")
    @classmethod
    def _status(cls, v: str | None) -> str | None:
        return None if v is None else str(_one_of(v, STATUSES, "a status"))

    @field_validator("type")
    @classmethod
    def _type(cls, v: str) -> str:
        return str(_one_of(v, TYPES, "a type of practice"))

    @field_validator("objectives_from", "principles_from", "sdg_from")
    @classmethod
    def _from(cls, v: str) -> str:
        return str(_one_of(v, FROM, "who assigned the tags"))

    @field_validator("guiding_principles")
    @classmethod
    def _principles(cls, v: list[str]) -> list[str]:
        return [str(_one_of(p, principles(), "GCM guiding principles")) for p in dict.fromkeys(v)]

    @field_validator("migof")
    @classmethod
    def _migof(cls, v: list[str]) -> list[str]:
        return [str(_one_of(p, migof_ids(), "MiGOF principles or objectives")) for p in v]

    @field_validator("sdg_targets")
    @classmethod
    def _sdgs(cls, v: list[str]) -> list[str]:
        for target in v:
            if not SDG.match(target):
                raise ValueError(f"expected SDG targets such as 10.7 or 10.c, not {target!r}")
        return list(dict.fromkeys(v))

    @field_validator("languages")
    @classmethod
    def _languages(cls, v: list[str]) -> list[str]:
        for code in v:
            if not re.match(r"^[a-z]{2,3}$", code):
                raise ValueError(f"expected ISO 639 language codes such as en or fr, not {code!r}")
        return v

    @model_validator(mode="after")
    def _order(self) -> PracticeData:
        if self.start and self.end and self.end[:7] < self.start[:7]:
            raise ValueError(f"end ({self.end}) comes before start ({self.start})")
        return self


@dataclass(frozen=True)
class Vocabulary:
    """What a practice may point at on the map, read from the evidence base by the caller."""

    countries: dict[str, str] = field(default_factory=dict)  # ISO3 -> name
    geography: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ISO3 -> region, subregion
    regions: frozenset[str] = frozenset()
    forums: frozenset[str] = frozenset()
    meetings: dict[str, str] = field(default_factory=dict)  # meeting -> forum
    objectives: dict[int, str] = field(default_factory=dict)  # number -> title


_VOCABULARY: list[Vocabulary] = [Vocabulary()]


def use_vocabulary(vocabulary: Vocabulary) -> None:
    """Set the map's vocabulary for checks and the index (the app and the CLI do, at start)."""
    _VOCABULARY[0] = vocabulary


def vocabulary() -> Vocabulary:
    return _VOCABULARY[0]


def _unknown(field_name: str, value: str, known: list[str], what: str) -> dict[str, str]:
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
    lowered = {k.lower(): k for k in known}
    if value.lower() in lowered and lowered[value.lower()] not in close:
        close.insert(0, lowered[value.lower()])
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return {"field": field_name, "message": f"unknown {what} {value!r}{hint}"}


def close_countries(value: str, countries: dict[str, str], n: int = 3) -> list[str]:
    """Codes close to a wrong one ("MRA": MAR), by letters and by name, as "MAR (Morocco)"."""
    upper = value.upper()
    found = [c for c in countries if sorted(c) == sorted(upper) and c != upper]
    found += difflib.get_close_matches(upper, list(countries), n=n, cutoff=0.6)
    names = {name.lower(): code for code, name in countries.items()}
    found += [names[k] for k in difflib.get_close_matches(value.lower(), list(names), n=n)]
    return [f"{c} ({countries[c]})" for c in list(dict.fromkeys(found))[:n]]


def _unknown_country(field_name: str, value: str, countries: dict[str, str]) -> dict[str, str]:
    close = close_countries(value, countries)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return {"field": field_name, "message": f"unknown country {value!r}{hint}"}


def check(conn: Connection, data: dict[str, Any], vocab: Vocabulary | None = None) -> None:
    """Refuse references to nothing: countries, regions, forums, meetings, organisations."""
    vocab = vocab or vocabulary()
    errors: list[dict[str, str]] = []
    known_orgs = {
        r.id: r.name
        for r in conn.execute(
            select(organisations.c.id, organisations.c.name).where(
                organisations.c.deleted_at.is_(None)
            )
        )
    }
    for name in ("lead_organisations", "partners"):
        for i, oid in enumerate(data.get(name) or []):
            if oid not in known_orgs:
                by_name = {v.lower(): k for k, v in known_orgs.items()}
                if oid.lower() in by_name:
                    errors.append(
                        {
                            "field": f"{name}.{i}",
                            "message": f"give the organisation's id, {by_name[oid.lower()]!r},"
                            f" not its name {oid!r}",
                        }
                    )
                else:
                    error = _unknown(f"{name}.{i}", oid, list(known_orgs), "organisation")
                    error["message"] += " (propose it first: POST /api/organisations)"
                    errors.append(error)
    if vocab.countries:
        for i, code in enumerate(data.get("countries") or []):
            if code not in vocab.countries:
                errors.append(_unknown_country(f"countries.{i}", code, vocab.countries))
        for i, corridor in enumerate(data.get("corridors") or []):
            for side in ("origin", "destination"):
                end = corridor[side]
                if ISO3.match(end) and end not in vocab.countries:
                    errors.append(_unknown_country(f"corridors.{i}.{side}", end, vocab.countries))
    if vocab.regions:
        for i, region in enumerate(data.get("regions") or []):
            if region not in vocab.regions:
                errors.append(_unknown(f"regions.{i}", region, sorted(vocab.regions), "region"))
    origin = data.get("origin") or {}
    if vocab.forums and origin.get("forum") and origin["forum"] not in vocab.forums:
        errors.append(_unknown("origin.forum", origin["forum"], sorted(vocab.forums), "forum"))
    if vocab.meetings and origin.get("meeting"):
        meeting = origin["meeting"]
        if meeting not in vocab.meetings:
            errors.append(_unknown("origin.meeting", meeting, sorted(vocab.meetings), "meeting"))
        elif origin.get("forum") and vocab.meetings[meeting] != origin["forum"]:
            errors.append(
                {
                    "field": "origin.meeting",
                    "message": f"meeting {meeting!r} is a meeting of"
                    f" {vocab.meetings[meeting]!r}, not of {origin['forum']!r}",
                }
            )
    if errors:
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        raise Invalid(f"invalid practice: {summary}", errors[0]["field"], errors)


def year(period: str | None) -> int | None:
    return int(period[:4]) if period else None


def places(data: dict[str, Any], vocab: Vocabulary | None = None) -> list[str]:
    """Every place a practice names, as words to search: countries (code and name), regions,
    corridor ends."""
    vocab = vocab or vocabulary()
    out: list[str] = []
    for code in data.get("countries") or []:
        out += [code, vocab.countries.get(code, "")]
    out += list(data.get("regions") or [])
    for corridor in data.get("corridors") or []:
        for side in ("origin", "destination"):
            end = corridor[side]
            out += [end, vocab.countries.get(end, "")] if ISO3.match(end) else [end]
    if data.get("global"):
        out.append("global")
    return [p for p in dict.fromkeys(out) if p]


def _refs(data: dict[str, Any]) -> list[str]:
    refs = [f"country:{c}" for c in data.get("countries") or []]
    objectives = data.get("gcm_objectives") or {}
    for n in [objectives.get("primary"), *(objectives.get("secondary") or [])]:
        if n is not None:
            refs.append(f"objective:{n}")
    origin = data.get("origin") or {}
    if origin.get("forum"):
        refs.append(f"forum:{origin['forum']}")
    if origin.get("meeting"):
        refs.append(f"meeting:{origin['meeting']}")
    return refs


INDEXERS: list[Callable[[Connection, int], None]] = []
"""Called after every write to a practice; `practice_index` adds its own on import."""


def _changed(conn: Connection, record_id: int) -> None:
    for indexer in INDEXERS:
        indexer(conn, record_id)


PRACTICE = register(
    Kind(
        name="practice",
        label="Practice",
        model=PracticeData,
        fields=(
            FormField("title", "Title"),
            FormField("summary", "Summary", help="who, what, where, in a few sentences"),
            FormField("description", "Description", widget="markdown", help="Markdown"),
            FormField("lead_organisations", "Lead organisations", widget="lines"),
            FormField("partners", "Partners", widget="lines"),
            FormField("countries", "Countries", widget="lines", help="ISO3 codes"),
            FormField("regions", "Regions", widget="lines", help="M49 region names"),
            FormField("corridors", "Corridors"),
            FormField("start", "Start"),
            FormField("end", "End"),
            FormField("status", "Status"),
            FormField("type", "Type"),
            FormField("gcm_objectives", "GCM objectives"),
            FormField("guiding_principles", "Guiding principles", widget="lines"),
            FormField("sdg_targets", "SDG targets", widget="lines"),
            FormField("migof", "MiGOF", widget="lines"),
            FormField("thematic_area", "Thematic area"),
            FormField("origin", "Came from"),
            FormField("results", "Results and evidence of effect", widget="markdown"),
            FormField("lessons", "Lessons learned and pitfalls", widget="markdown"),
            FormField("funding", "Funding"),
            FormField("languages", "Languages", widget="lines"),
            FormField("links", "Links and documents", widget="lines"),
            FormField("contact", "Contact"),
            FormField("source_url", "Source"),
            FormField("rests_on", "Sentences it rests on", widget="lines"),
        ),
        refs=_refs,
        markdown=("description", "results", "lessons"),
        private=("contact",),
        changed=_changed,
    )
)

__all__ = [
    "PRACTICE",
    "STATUSES",
    "TYPES",
    "PracticeData",
    "Vocabulary",
    "check",
    "places",
    "use_vocabulary",
    "vocabulary",
]
