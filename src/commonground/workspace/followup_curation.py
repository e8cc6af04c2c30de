"""The shape of the curated follow-up files (`facts/followup/pledges.yaml` and
`recommendations.yaml`), as the import reads them.

TypedDicts, not classes: the items are parsed YAML that the pledge and recommendation models
check once they are turned into a record's data, so a class would only be a copy. Only the
keys the import reads are named; the curators' notes on a field (`kind_from`,
`made_on_note`...) stay in the file for the reader.
"""

from __future__ import annotations

from importlib import resources
from typing import NotRequired, TypedDict, cast

import yaml


class NewMeeting(TypedDict):
    """A meeting the map does not hold yet, named by its forum and year."""

    forum: str
    year: int


class Corridor(TypedDict):
    origin: str
    destination: str


class CuratedUpdate(TypedDict):
    """A dated report on a pledge that the curation found."""

    date: str | None
    status: str
    narrative: str
    source_url: NotRequired[str]


class Curated(TypedDict):
    """What every curated item has: its stable id and the page it rests on."""

    id: str
    source_url: str
    source_title: str
    retrieved: str
    note: NotRequired[str]


class CuratedPledge(Curated):
    title: str
    pledger: str
    pledger_iso3: str | None
    pledger_actor_id: NotRequired[str]
    partners: list[str]
    kind: str | None
    gcm_objectives: list[int]
    guiding_principles: list[str]
    description: str
    countries: list[str]
    regions: list[str]
    corridors: list[Corridor]
    metric: str | None
    baseline: str | None
    target: str | None
    deadline: str | None
    means_of_implementation: str | None
    amount: int | None
    currency: str | None
    made_at: str | None
    made_at_new: NotRequired[NewMeeting]
    made_on: str | None
    status_reported: str | None
    status_date: str | None
    updates: list[CuratedUpdate]
    rests_on: list[str]
    source_url_alt: NotRequired[str]
    matches: NotRequired[str]
    """The curated id of the pledge this one matches (a GRF pledge matching a GCM one)."""


class FollowUp(TypedDict):
    """Where a recommendation's follow-up is reported."""

    source_url: str
    quote: str | None
    note: NotRequired[str]


class CuratedRecommendation(Curated):
    meeting: str | None
    meeting_new: NotRequired[NewMeeting]
    forum: str | None
    document: str
    paragraph: str | None
    text: str
    kind: str
    addressees: list[str]
    gcm_objectives: list[int]
    countries: NotRequired[list[str]]
    deadline: NotRequired[str]
    follow_up: FollowUp | None
    follow_up_status: str
    completed_on: str | None
    answered_by: list[str]


def _load(name: str) -> object:
    text = resources.files("commonground.facts").joinpath(f"followup/{name}").read_text("utf-8")
    return yaml.safe_load(text)


def curated_pledges() -> list[CuratedPledge]:
    """The curated pledges, as the file has them."""
    return cast(list[CuratedPledge], _load("pledges.yaml"))


def curated_recommendations() -> list[CuratedRecommendation]:
    """The curated recommendations, as the file has them."""
    return cast(list[CuratedRecommendation], _load("recommendations.yaml"))
