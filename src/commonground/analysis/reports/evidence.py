"""The evidence sections of the review reports, from the analyses the API serves: migrant
stock and corridors, remittances, the instruments a state is party to, the governance record
of a state or a forum and who is in a forum's room. Each figure keeps the sources of the
analysis it comes from."""

from __future__ import annotations

from sqlalchemy import Connection

from commonground.analysis.flows import FlowSummary
from commonground.analysis.governance.actors import actor_record
from commonground.analysis.governance.forums import forum_record
from commonground.analysis.remittances import remittances
from commonground.analysis.reports.model import Figure, Section, Table
from commonground.analysis.representation import representation
from commonground.analysis.result import Analysis
from commonground.analysis.stock import stock
from commonground.domain.citation import Citation

TOP = 5
Cited = dict[str, Citation]


def _ids(sources: list[Citation], cited: Cited) -> list[str]:
    for s in sources:
        cited.setdefault(s.id, s)
    return [s.id for s in sources]


def _of(result: Analysis[FlowSummary], label: str, unit: str, cited: Cited) -> Figure:
    """The total of a table of flows, labelled with its year."""
    return Figure(
        label=f"{label} ({result.summary.year})",
        value=result.summary.total,
        unit=unit,
        sources=_ids(result.sources, cited),
    )


def country_evidence(evidence: Connection, code: str, cited: Cited) -> list[Section]:
    inward = stock(evidence, destination=code, group_by="origin")
    outward = stock(evidence, origin=code, group_by="destination")
    received = remittances(evidence, edition="inflows", flow="inflow", receiver=code)
    paid = remittances(evidence, edition="wdi", flow="outflow", sender=code)
    corridors = [
        {
            "corridor": f"{row['origin']} to {code}",
            "migrants": row["stock"],
            "source": inward.summary.edition,
        }
        for row in inward.rows[:TOP]
    ] + [
        {
            "corridor": f"{code} to {row['destination']}",
            "migrants": row["stock"],
            "source": outward.summary.edition,
        }
        for row in outward.rows[:TOP]
    ]
    record = actor_record(evidence, code)
    treaties = record.treaty_status or []
    parties = [t for t in treaties if t.status == "party"]
    roles = record.summary
    return [
        Section(
            id="migration",
            title="Migrant stock and corridors",
            figures=[
                _of(inward, "International migrants living here", "persons", cited),
                _of(outward, "Emigrants living abroad", "persons", cited),
            ],
            table=Table(columns=["corridor", "migrants", "source"], rows=corridors),
        ),
        Section(
            id="remittances",
            title="Remittances",
            figures=[
                _of(received, "Remittances received", "US$ millions", cited),
                _of(paid, "Remittances paid", "US$ millions", cited),
            ],
        ),
        Section(
            id="instruments",
            title="Coverage of the instruments",
            figures=[
                Figure(
                    label=f"Party to, of the {len(treaties)} treaties whose status is held",
                    value=len(parties),
                    unit="treaties",
                    sources=_ids([s for s in record.sources if s.id.startswith("untc-")], cited),
                )
            ],
            table=Table(
                columns=["instrument", "status", "year", "source"],
                rows=[
                    {
                        "instrument": t.short_name or t.instrument_id,
                        "status": t.status,
                        "year": t.year,
                        "source": t.source_id,
                    }
                    for t in treaties
                ],
            ),
        ),
        Section(
            id="governance",
            title="Governance record",
            figures=[
                Figure(
                    label="Forum memberships held (any year)",
                    value=int(roles.get("member", 0)),
                    unit="memberships",
                    sources=_ids(
                        [s for s in record.sources if not s.id.startswith("untc-")], cited
                    ),
                ),
                Figure(
                    label="Forum meetings hosted",
                    value=len(record.meetings_hosted or []),
                    unit="meetings",
                    sources=_ids(
                        [s for s in record.sources if not s.id.startswith("untc-")], cited
                    ),
                ),
            ],
        ),
    ]


def world_evidence(evidence: Connection, cited: Cited) -> list[Section]:
    world = stock(evidence)
    return [
        Section(
            id="migration",
            title="Migrant stock",
            figures=[_of(world, "International migrants in the world", "persons", cited)],
        )
    ]


def forum_evidence(evidence: Connection, forum_id: str, cited: Cited) -> list[Section]:
    record = forum_record(evidence, forum_id, None)
    governance = _ids(record.sources, cited)
    room = representation(evidence, [f"forum:{forum_id}"])
    return [
        Section(
            id="governance",
            title="Governance record",
            figures=[
                Figure(
                    label="Member states (any year held)",
                    value=int(record.member_count or 0),
                    unit="states",
                    sources=governance,
                ),
                Figure(
                    label="Meetings held",
                    value=len(record.meetings),
                    unit="meetings",
                    sources=governance,
                ),
            ],
        ),
        Section(
            id="room",
            title="Who is in the room",
            figures=[
                Figure(
                    label="Members' share of the world's international migrants, by"
                    f" destination ({room.summary.year})",
                    value=room.summary.share_of_migrants_by_destination,
                    unit="share",
                    sources=_ids(room.sources, cited),
                ),
                Figure(
                    label="Members' share of remittances received",
                    value=room.summary.share_of_remittances_received,
                    unit="share",
                    sources=_ids(room.sources, cited),
                ),
            ],
        ),
    ]
