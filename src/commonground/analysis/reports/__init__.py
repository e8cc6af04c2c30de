"""Review reports per GCM objective, per country and per forum, in the manner of the
International Migration Review Forum: the evidence, the governance record, the practices,
the pledges with their status and flags, and the recommendations with what answered them.

One function makes a report (`review_report`); the API returns it as JSON, the pages print
it as HTML and, through the same templates, as PDF, and `commonground report` writes either.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Connection, select

from commonground.analysis.areas import area_record, require_area
from commonground.analysis.gcm import gcm_sources, objective
from commonground.analysis.governance.forums import forum_record
from commonground.analysis.reports.evidence import (
    Cited,
    country_evidence,
    forum_evidence,
    world_evidence,
)
from commonground.analysis.reports.followup import (
    ReportPractice,
    pledges_section,
    practices_section,
    recommendations_section,
)
from commonground.analysis.reports.model import (
    WORKSPACE_SOURCE,
    Citation,
    Figure,
    Report,
    ReportKind,
    Section,
    Stamp,
)
from commonground.domain.errors import InvalidQuery
from commonground.evidence.store.governance_tables import meetings
from commonground.evidence.store.session import build_id
from commonground.evidence.store.tables import build_info
from commonground.workspace.followup_records import PublishedPledge, PublishedRecommendation
from commonground.workspace.tables import audit_log

__all__ = ["Citation", "Figure", "Report", "ReportKind", "Section", "Stamp", "review_report"]


def _stamp(evidence: Connection, workspace: Connection, today: date) -> Stamp:
    built_at = evidence.execute(
        select(build_info.c.value).where(build_info.c.key == "built_at")
    ).scalar()
    last = workspace.execute(
        select(audit_log.c.id, audit_log.c.at).order_by(audit_log.c.id.desc()).limit(1)
    ).first()
    state = f"audit entry {last.id} of {last.at:%Y-%m-%d %H:%M:%S} UTC" if last else "empty"
    return Stamp(
        made_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        today=today.isoformat(),
        evidence_build=build_id(evidence),
        evidence_built_at=str(built_at) if built_at else None,
        workspace_state=state,
    )


def _citations(cited: Cited, stamp: Stamp) -> list[Citation]:
    out = [
        Citation(id=s.id, title=s.title, publisher=s.publisher, edition=s.edition, url=s.url)
        for s in cited.values()
    ]
    out.append(
        Citation(
            id=WORKSPACE_SOURCE,
            title="Common Ground workspace: published practices, pledges and recommendations,"
            " each with the public source it rests on",
            publisher="Common Ground",
            edition=stamp.workspace_state,
        )
    )
    return out


def _objective(evidence: Connection, number: int, cited: Cited) -> tuple[str, list[Section]]:
    o = objective(evidence, number)
    text = gcm_sources(evidence)
    for s in text:
        cited.setdefault(s.id, s)
    intro = Section(
        id="objective",
        title=f"Objective {number}",
        figures=[
            Figure(
                label="Actions the Compact lists under this objective",
                value=len(o.actions),
                unit="actions",
                sources=[s.id for s in text],
            )
        ],
        notes=[o.title],
    )
    return f"GCM objective {number}: {o.title}", [intro, *world_evidence(evidence, cited)]


def _forum_meetings(evidence: Connection, forum_id: str) -> set[str]:
    return {
        m for (m,) in evidence.execute(select(meetings.c.id).where(meetings.c.forum == forum_id))
    }


def review_report(
    evidence: Connection, workspace: Connection, kind: ReportKind, key: str, today: date
) -> Report:
    """The report on one objective (1 to 23), country (ISO3, ISO2, M49 or name) or forum."""
    cited: Cited = {}
    if kind == "objective":
        if not key.isdigit() or not 1 <= int(key) <= 23:
            raise InvalidQuery("objective: a number from 1 to 23", field="key")
        number = int(key)
        key = str(number)
        title, sections = _objective(evidence, number, cited)

        def keep_pledge(p: PublishedPledge) -> bool:
            return number in p.objectives

        def keep_rec(r: PublishedRecommendation) -> bool:
            return number in r.objectives

        def keep_practice(p: ReportPractice) -> bool:
            return number in p.objectives

    elif kind == "country":
        code = require_area(evidence, key)
        area = area_record(evidence, code)
        if not area.is_country:
            raise InvalidQuery(f"{area.name} is an aggregate, not a country", field="key")
        key = code
        title = f"{area.name} ({code})"
        sections = country_evidence(evidence, code, cited)

        def keep_pledge(p: PublishedPledge) -> bool:
            return code in p.places

        def keep_rec(r: PublishedRecommendation) -> bool:
            return code in r.countries

        def keep_practice(p: ReportPractice) -> bool:
            return code in p.countries

    else:
        record = forum_record(evidence, key, None)
        key = record.forum.id
        title = record.forum.name
        sections = forum_evidence(evidence, key, cited)
        held = _forum_meetings(evidence, key)

        def keep_pledge(p: PublishedPledge) -> bool:
            return p.made_at in held

        def keep_rec(r: PublishedRecommendation) -> bool:
            return r.meeting in held or r.forum == key

        def keep_practice(p: ReportPractice) -> bool:
            return p.forum == key

    sections += [
        practices_section(workspace, keep_practice),
        pledges_section(workspace, today, keep_pledge),
        recommendations_section(workspace, today, keep_rec),
    ]
    stamp = _stamp(evidence, workspace, today)
    return Report(
        kind=kind,
        key=key,
        title=title,
        stamp=stamp,
        sections=sections,
        sources=_citations(cited, stamp),
    )
