"""The curated pledges and recommendations (`facts/followup/*.yaml`), published as imported
records on the first run and by `commonground pledges import`.

Each curated item has a stable id; `followup_keys` remembers which record it became and at
which version, so a second import changes nothing, and a record someone has edited since
(its latest version is no longer the imported one) is never overwritten. Pledgers and
partners become workspace organisations (linked to the map's actor where the curation
names one). Meetings the map does not hold yet (the Global Refugee Forums, say) keep an id
of their own, which `commonground workspace check` lists as unknown to the evidence base.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, select

from commonground.workspace import accounts, pledges, review
from commonground.workspace.answers import RecordData
from commonground.workspace.audit import COMMAND_LINE, Actor
from commonground.workspace.followup_curation import (
    Curated,
    CuratedPledge,
    CuratedRecommendation,
    NewMeeting,
    curated_pledges,
    curated_recommendations,
)
from commonground.workspace.pledges import PLEDGE, day
from commonground.workspace.practice_seed import importer
from commonground.workspace.recommendations import RECOMMENDATION
from commonground.workspace.store import writing
from commonground.workspace.tables import followup_keys, organisations, records

CURATION = "curation"
# meetings named by the curation that the map does not hold (yet): forum and year -> an id
NEW_MEETINGS = {
    ("Global Refugee Forum", 2019): ("grf-2019", "2019-12-17"),
    ("Global Refugee Forum", 2023): ("grf-2023", "2023-12-13"),
    ("Leaders' Summit on Refugees", 2016): ("leaders-summit-refugees-2016", "2016-09-20"),
    ("Summit of the Americas", 2022): ("summit-americas-2022", "2022-06-10"),
    (
        "UN General Assembly high-level plenary meeting on addressing large movements of"
        " refugees and migrants",
        2016,
    ): ("unga-hlpm-2016", "2016-09-19"),
    ("rabat-process", 2018): ("rabat-2018-ministerial", "2018-05-02"),
    ("rabat-process", 2022): ("rabat-2022-ministerial", "2022-12-13"),
    ("colombo-process", 2016): ("colombo-2016-ministerial", "2016-08-25"),
}
MEETING_DAYS = {"imrf-2022": "2022-05-17"}
ACTORS = {
    "international labour organization": "ilo",
    "international organization for migration": "iom",
    "unhcr": "unhcr",
    "unicef": "unicef",
}
STATUS_WORDS = {"planned": pledges.PLANNED, "planning": pledges.PLANNED}


def _meeting(known: str | None, new: NewMeeting | None) -> tuple[str | None, str | None]:
    """A meeting's id and day: one the map holds (`known`), or one of NEW_MEETINGS."""
    if known:
        return str(known), MEETING_DAYS.get(str(known))
    if not new:
        return None, None
    return NEW_MEETINGS[(new["forum"], int(new["year"]))]


def _source(item: Curated, quotes: list[str]) -> RecordData:
    return {
        "url": item["source_url"],
        "title": item.get("source_title") or "",
        "retrieved": str(item["retrieved"]) if item.get("retrieved") else None,
        "rests_on": [q for q in quotes if q],
        "note": item.get("note"),
    }


def _organisation(conn: Connection, name: str, iso3: str | None, actor_id: str | None) -> str:
    """The workspace organisation of a curated pledger or partner, made once."""
    oid = accounts.slugify(name)
    found = conn.execute(select(organisations.c.id).where(organisations.c.id == oid)).first()
    if found is not None:
        return oid
    actor_id = actor_id or ACTORS.get(name.lower())
    kind = "state" if iso3 or name.lower().startswith("government of") else "other"
    if actor_id is not None and kind == "other":
        kind = "un-agency"
    return accounts.create_organisation(
        conn, COMMAND_LINE, name, kind, actor_id, organisation_id=oid, join=False
    )


def pledge_data(item: CuratedPledge) -> RecordData:
    """A curated pledge as the pledge model has it (the description followed by the words
    it rests on, quoted)."""
    made_at, meeting_day = _meeting(item.get("made_at"), item.get("made_at_new"))
    quotes = [str(q) for q in item.get("rests_on") or []]
    description = str(item["description"]).strip()
    corridors = [f"{c['origin']}-{c['destination']}" for c in item.get("corridors") or []]
    principles = [accounts.slugify(p) for p in item.get("guiding_principles") or []]
    return {
        "title": item["title"],
        "kind": item.get("kind"),
        "description": description,
        "partners": [],
        "partners_named": [str(p) for p in item.get("partners") or []],
        "objectives": [int(n) for n in item.get("gcm_objectives") or []],
        "principles": principles,
        "pledger_country": item.get("pledger_iso3"),
        "countries": list(item.get("countries") or []),
        "regions": list(item.get("regions") or []),
        "corridors": corridors,
        "metric": item.get("metric"),
        "baseline": item.get("baseline"),
        "target": item.get("target"),
        "deadline": str(item["deadline"]) if item.get("deadline") else None,
        "means_of_implementation": item.get("means_of_implementation"),
        "amount": item.get("amount"),
        "currency": item.get("currency"),
        "made_at": made_at,
        "made_on": str(item["made_on"]) if item.get("made_on") else meeting_day,
        "evidence": [u for u in [item.get("source_url_alt")] if isinstance(u, str)],
        "source": _source(item, quotes),
    }


def recommendation_data(item: CuratedRecommendation) -> RecordData:
    meeting, _ = _meeting(item.get("meeting"), item.get("meeting_new"))
    follow = item.get("follow_up")
    return {
        "meeting": meeting,
        "forum": item.get("forum"),
        "kind": item["kind"],
        "text": item["text"],
        "document": item.get("document"),
        "paragraph": str(item["paragraph"]) if item.get("paragraph") else None,
        "addressees": list(item.get("addressees") or []),
        "objectives": [int(n) for n in item.get("gcm_objectives") or []],
        "countries": list(item.get("countries") or []),
        "deadline": str(item["deadline"]) if item.get("deadline") else None,
        "status": item.get("follow_up_status") or "open",
        "completed_on": str(item["completed_on"]) if item.get("completed_on") else None,
        "answered_by": list(item.get("answered_by") or []),
        "follow_up": (
            [
                {
                    "url": follow["source_url"],
                    "quote": follow.get("quote"),
                    "note": follow.get("note"),
                }
            ]
            if follow
            else []
        ),
        "source": _source(item, [str(item["text"])]),
    }


def _update_status(text: str) -> str:
    text = text.lower()
    return next((v for k, v in STATUS_WORDS.items() if k in text), pledges.IN_PROGRESS)


@dataclass
class ImportReport:
    """What an import did with one kind of record, counted as it goes."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_edits: list[str] = field(default_factory=list)
    """The curated ids of records edited since their import, which are kept as they are."""
    updates: int = 0


@dataclass(frozen=True)
class FollowupImport:
    """What an import of the curated follow-up did with the pledges and the recommendations."""

    pledges: ImportReport
    recommendations: ImportReport


def _put(
    conn: Connection,
    actor: Actor,
    kind: review.Kind,
    key: str,
    organisation_id: str,
    data: RecordData,
    report: ImportReport,
) -> int:
    known = conn.execute(
        select(followup_keys).where(followup_keys.c.kind == kind.name, followup_keys.c.key == key)
    ).first()
    clean = review.validate(kind, data)
    if known is None:
        record_id, number = review.publish_imported(conn, actor, kind, organisation_id, clean)
        conn.execute(
            followup_keys.insert().values(
                kind=kind.name, key=key, record_id=record_id, imported_version=number
            )
        )
        report.created += 1
        return record_id
    record = conn.execute(select(records).where(records.c.id == known.record_id)).one()
    if record.latest_version != known.imported_version:
        report.kept_edits.append(key)
        return int(known.record_id)
    current = review.record_json(conn, kind, known.record_id, actor).published
    if current is not None and current.data == clean:
        report.unchanged += 1
        return int(known.record_id)
    _, number = review.publish_imported(
        conn, actor, kind, organisation_id, clean, record_id=int(known.record_id)
    )
    conn.execute(
        followup_keys.update()
        .where(followup_keys.c.kind == kind.name, followup_keys.c.key == key)
        .values(imported_version=number)
    )
    report.updated += 1
    return int(known.record_id)


def import_followup(engine: Engine) -> FollowupImport:
    """Import (or refresh) the curated pledges and recommendations, in one transaction."""
    pledge_report, rec_report = ImportReport(), ImportReport()
    with writing(engine) as conn:
        actor = importer(conn)
        ids: dict[str, int] = {}
        # a matching pledge names the curated id of the pledge it matches: those come last
        items = sorted(curated_pledges(), key=lambda item: item.get("matches") is not None)
        for item in items:
            pledger = _organisation(
                conn, item["pledger"], item.get("pledger_iso3"), item.get("pledger_actor_id")
            )
            data = pledge_data(item)
            if matches := item.get("matches"):
                data["matches"] = ids[matches]
            ids[item["id"]] = _put(conn, actor, PLEDGE, item["id"], pledger, data, pledge_report)
            pledge_report.updates += _import_updates(conn, actor, ids[item["id"]], item)
        curators = _organisation(conn, "Common Ground curation", None, None)
        for rec in curated_recommendations():
            _put(
                conn,
                actor,
                RECOMMENDATION,
                rec["id"],
                curators,
                recommendation_data(rec),
                rec_report,
            )
    return FollowupImport(pledge_report, rec_report)


def _import_updates(conn: Connection, actor: Actor, record_id: int, item: CuratedPledge) -> int:
    """The dated updates the curation found, once (a pledge that has updates keeps them)."""
    if pledges._updates_by_record(conn, [record_id]):
        return 0
    found = [u for u in item.get("updates") or [] if u.get("date")]
    status, when = item.get("status_reported"), item.get("status_date")
    if status and when:
        found.append(
            {
                "date": when,
                "status": status,
                "narrative": f"Status reported: {status}.",
                "source_url": item["source_url"],
            }
        )
    found.sort(key=lambda u: day(str(u["date"])))
    for u in found:
        source = u.get("source_url")
        body = {
            "date": str(u["date"]),
            "status": _update_status(str(u["status"])),
            "narrative": str(u["narrative"]),
            "evidence": [source] if source else [],
        }
        pledges.add_update(conn, actor, record_id, body, date.today())
    return len(found)


def seeded(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(followup_keys.c.key).limit(1)).first() is not None


def seed_once(engine: Engine) -> FollowupImport | None:
    """The first run's import: nothing when the curated records are there already."""
    return None if seeded(engine) else import_followup(engine)


def export_followup(conn: Connection, today: date) -> dict[str, Any]:
    """Every published pledge (with its updates, status and flags) and recommendation."""
    from commonground.workspace.recommendations import recommendation_rows

    keys = {(r.kind, r.record_id): r.key for r in conn.execute(select(followup_keys))}
    out_pledges = [
        {"key": keys.get((pledges.PLEDGE_KIND, p.id)), **p.model_dump(exclude_unset=True)}
        for p in pledges.pledge_rows(conn, today)
    ]
    recs = [
        {"key": keys.get((RECOMMENDATION.name, r.id)), **r.model_dump()}
        for r in recommendation_rows(conn)
    ]
    return {"pledges": out_pledges, "recommendations": recs}
