"""What the follow-up functions of the workspace hand to the layers above: a pledge as a
viewer may see it, with its updates, status and flags; a published pledge as the lists, the
reports and the export read it, on a day; a published recommendation with its follow-up
status on a day.

Frozen pydantic models read by attribute. A record keeps its published version's data as
its authors wrote it (`data`, free JSON: the export writes it whole and the pages show its
sources); the fields the filters, tables and reports read are named properties of the
record, so that no layer above reads the data's keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from commonground.workspace.answers import Fields, Held, RecordData, ReviewedRecord


class PledgeUpdate(Held):
    """A dated progress update as readers see it."""

    number: int
    date: str
    status: str
    narrative: str
    value: str | None
    evidence: list[str]
    confirmation: str | None = Field(description="confirmed, declined, or null (awaiting)")
    counts: bool = Field(description="False for a fulfilment not (yet) confirmed")
    created_at: str


class Pledge(ReviewedRecord):
    """A pledge record (its published version, and the versions the viewer may see) with
    its updates, status, flags and the pledges that match it."""

    status: str
    fulfilment_pending: bool
    flags: list[str]
    updates: list[PledgeUpdate]
    matched_by: list[int]


class Party(Held):
    """A pledger or a partner: a workspace organisation, or only its id where the workspace
    no longer holds it (the export then writes the id alone)."""

    id: str
    name: str | None = None
    kind: str | None = None
    actor_id: str | None = None


class _Terms:
    """The fields of a pledge's or a recommendation's data that the lists and reports read
    (a mixin: the record declares `data` where its field order puts it)."""

    if TYPE_CHECKING:
        data: RecordData

    @property
    def objectives(self) -> list[int]:
        return [int(n) for n in self.data.get("objectives") or []]

    @property
    def countries(self) -> list[str]:
        return [str(c) for c in self.data.get("countries") or []]

    @property
    def deadline(self) -> str | None:
        return self._text("deadline")

    @property
    def source_url(self) -> str | None:
        """The address of the public source an imported record rests on."""
        source = self.data.get("source") or {}
        return str(source["url"]) if source.get("url") else None

    def _text(self, name: str) -> str | None:
        value = self.data.get(name)
        return None if value is None else str(value)


class PublishedPledge(Held, _Terms):
    """A published pledge with its pledger, partners and the updates dated by the day asked,
    and its status and flags on that day. Its fields are in the order the export has always
    written them."""

    id: int
    ref: str
    title: str
    pledger: Party
    partners: list[Party]
    data: Fields
    status: str
    fulfilment_pending: bool
    flags: list[str]
    updates: list[PledgeUpdate]
    last_update: str | None
    made_on: str = Field(description="The day it was made (its record's day if none given)")

    @property
    def kind(self) -> str | None:
        return self._text("kind")

    @property
    def pledger_country(self) -> str | None:
        return self._text("pledger_country")

    @property
    def places(self) -> set[str]:
        """The countries it names, and its pledger's country."""
        return set(self.countries) | ({self.pledger_country} if self.pledger_country else set())

    @property
    def partner_ids(self) -> list[str]:
        """Its partners that are workspace organisations, by id."""
        return [str(p) for p in self.data.get("partners") or []]

    @property
    def partners_named(self) -> list[str]:
        """Its partners outside the workspace, by name."""
        return [str(p) for p in self.data.get("partners_named") or []]

    @property
    def made_at(self) -> str | None:
        """The meeting it was made at, by id."""
        return self._text("made_at")

    @property
    def metric(self) -> str | None:
        return self._text("metric")

    @property
    def target(self) -> str | None:
        return self._text("target")

    @property
    def amount(self) -> float | None:
        value = self.data.get("amount")
        return None if value is None else float(value)

    @property
    def currency(self) -> str | None:
        return self._text("currency")

    @property
    def usd(self) -> float:
        """The amount pledged if it is in US dollars, else 0."""
        return (self.amount or 0.0) if self.currency == "USD" else 0.0


class PublishedRecommendation(Held, _Terms):
    """A published recommendation or commitment of a forum meeting, with its follow-up status
    on the day asked and what answered it (`pledge:12`, `practice:ID`, `meeting:ID`)."""

    id: int
    ref: str
    title: str
    organisation_id: str
    meeting: str
    forum: str | None
    kind: str
    status: str
    answered_by: list[str]
    data: Fields

    @property
    def text(self) -> str:
        return str(self.data["text"])

    @property
    def addressees(self) -> list[str]:
        return [str(a) for a in self.data.get("addressees") or []]

    @property
    def paragraph(self) -> str:
        return str(self.data.get("paragraph") or "")

    @property
    def completed_on(self) -> str | None:
        """The day its follow-up was completed, if it was by the day asked."""
        return self._text("completed_on") if self.status == "completed" else None
