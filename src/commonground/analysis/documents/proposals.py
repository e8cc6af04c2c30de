"""Facts proposed from a document's text, each with its evidence span (the sentence it rests
on), compared with the evidence base: it agrees (with the stored value and its source), it is
new, or it conflicts (both values, both sources).

Five kinds, read from sentences by what they mention and a few words around it:
- meeting: a meeting the map knows, held in a place in a year, and who chaired it
  ("Bangladesh has chaired the GFMD ... the Ninth GFMD Summit Meeting that was held in Dhaka");
- members: the members of a group ("the Network's Executive Committee, comprising the ILO,
  the IOM, ..."), with the number the text gives;
- count: a number of members of a forum ("its 12 Member States");
- action: a state's ratification, accession or signature of an instrument, with its date;
- figure: an international migrant stock of the evidence base ("258 million international
  migrants in 2017"), compared at the precision the text gives.
The rules are deliberately plain: a reviewer sees the sentence beside each proposal, and the
benchmark (`bench/ingest.py`) measures how often they are right.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from commonground.evidence.store.governance_tables import (
    group_members,
    instrument_actions,
    meetings,
    roles,
)
from commonground.evidence.store.tables import sources, stock_totals, treaty_status
from commonground.workspace.documents import Mention, Passage, Proposal

_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9(\"'“])|\n")
_CHAIR = re.compile(r"\bchair(?:s|ed|ing|manship|person)?\b", re.I)
_HELD = re.compile(r"\b(?:held|hosted|took place|met|convened)\b", re.I)
_MEMBERS = re.compile(
    r"\b(?:comprising|composed of|comprised of|consist(?:s|ing)? of|made up of|"
    r"members (?:are|were)|member (?:countries|states) (?:are|were)|membership (?:is|includes))\b",
    re.I,
)
_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
NUMBER_WORDS = {w: i + 1 for i, w in enumerate(_WORDS)}
_COUNT = re.compile(
    rf"\b(\d{{1,3}}|{'|'.join(_WORDS)})\s+(?:member\s+states|member\s+countries|members|"
    r"participating\s+states|states\s+members|member\s+organi[sz]ations|entities)\b",
    re.I,
)
_ACTION = re.compile(
    r"\b(ratif(?:y|ied|ies|ying|ication)|acce(?:ded|des|de|ding|ssion)|sign(?:ed|s|ing|ature))\b",
    re.I,
)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_DATE = re.compile(rf"\b(\d{{1,2}})\s+({'|'.join(_MONTHS)})\s+(\d{{4}})\b", re.I)
_MIGRANTS = re.compile(r"\b(?:international\s+)?migrants\b", re.I)
STATE_KINDS = ("state",)
_ABBREVIATION = re.compile(r"\b(?:No|Nos|no|para|paras|Art|art|Mr|Ms|Mrs|Dr|St|p|pp|Vol|vol)\.$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    mentions: list[Mention]

    def of(self, *kinds: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind in kinds]

    def keys(self, *kinds: str) -> list[str]:
        return list(dict.fromkeys(m.key for m in self.of(*kinds) if m.key))


def sentences(text: str, found_passages: list[Passage], found: list[Mention]) -> Iterator[Sentence]:
    """The sentences of each passage with the mentions inside them."""
    ordered = sorted(found, key=lambda m: m.start)
    for p in found_passages:
        at = p.start
        gaps = [
            g for g in _SENTENCE.finditer(p.text) if not _ABBREVIATION.search(p.text[: g.start()])
        ]
        for gap in [*gaps, None]:
            end = p.start + gap.start() if gap is not None else p.end
            if end > at:
                inside = [m for m in ordered if at <= m.start and m.end <= end]
                yield Sentence(at, end, text[at:end], inside)
            if gap is not None:
                at = p.start + gap.end()


def _stated(value: str) -> int:
    return int(value) if value.isdigit() else NUMBER_WORDS[value.lower()]


def _source_urls(*urls: str | None) -> list[str]:
    return [u for u in dict.fromkeys(urls) if u]


# --- meetings ---------------------------------------------------------------------------------


def _meeting(evidence: Connection, s: Sentence) -> Proposal | None:
    found = s.of("meeting")
    if not found or not found[0].key:
        return None
    key = found[0].key
    mid = key.partition(":")[2]
    row = evidence.execute(select(meetings).where(meetings.c.id == mid)).first()
    if row is None:
        return None
    places = [m.value for m in s.of("place") if m.value]
    held = bool(_HELD.search(s.text))
    chair = None
    if _CHAIR.search(s.text):
        states = s.keys(*STATE_KINDS)
        chair = states[0] if states else None
    if not (places and held) and chair is None:
        return None
    years = [int(m.value) for m in s.of("year") if m.value]
    details: dict[str, Any] = {"meeting": key, "forum": f"forum:{row.forum}"}
    said = []
    if places and held:
        details["place"] = places[0]
        said.append(f"was held in {places[0]}")
    if years:
        details["year"] = years[0]
        said.append(f"in {years[0]}")
    if chair is not None:
        details["chair"] = chair
        said.append(f"chaired by {chair.partition(':')[2]}")
    stored_chairs = [
        (r.actor, r.source_url)
        for r in evidence.execute(
            select(roles.c.actor, roles.c.source_url).where(
                roles.c.role == "chair",
                (roles.c.meeting == mid)
                | ((roles.c.forum == row.forum) & (roles.c.from_year == row.year)),
            )
        )
    ]
    stored: dict[str, Any] = {
        "place": row.place,
        "year": row.year,
        "host_country": row.host_country,
        "chair": [f"country:{a}" if len(a) == 3 and a.isupper() else a for a, _ in stored_chairs],
        "sources": _source_urls(row.source_url, *(u for _, u in stored_chairs)),
    }
    differs = []
    if "place" in details and row.place and details["place"].lower() not in row.place.lower():
        differs.append("place")
    if "year" in details and row.year is not None and details["year"] != row.year:
        differs.append("year")
    if chair is not None and stored["chair"] and chair not in stored["chair"]:
        differs.append("chair")
    known = (
        ("place" not in details or row.place)
        and ("year" not in details or row.year is not None)
        and (chair is None or stored["chair"])
    )
    comparison = "conflicts" if differs else ("agrees" if known else "new")
    if differs:
        stored["differs"] = differs
    name = found[0].surface
    return Proposal(
        s.start,
        s.end,
        "meeting",
        {
            "statement": f"{name} {' '.join(said)}",
            "subject": key,
            "refs": [r for r in (f"forum:{row.forum}", chair) if r],
            "details": details,
            "quote": s.text,
        },
        comparison,
        stored,
    )


# --- members and counts -----------------------------------------------------------------------


def _stored_members(evidence: Connection, forum: str) -> tuple[list[str], list[str]]:
    rows = evidence.execute(
        select(roles.c.actor, roles.c.actor_type, roles.c.source_url).where(
            roles.c.forum == forum, roles.c.role == "member"
        )
    ).all()
    keys = [("country:" if t == "state" else "actor:") + a for a, t, _ in rows]
    urls = [u for _, _, u in rows]
    grouped = evidence.execute(
        select(
            group_members.c.member, group_members.c.member_type, group_members.c.source_url
        ).where(group_members.c.group_id == f"forum:{forum}")
    ).all()
    keys += [("country:" if t == "state" else "actor:") + m for m, t, _ in grouped]
    urls += [u for _, _, u in grouped if u]
    return list(dict.fromkeys(keys)), _source_urls(*urls)


def _group(s: Sentence) -> str | None:
    forums = s.keys("forum")
    return forums[0] if forums else None


def _members(evidence: Connection, s: Sentence) -> Proposal | None:
    group = _group(s)
    if group is None or not _MEMBERS.search(s.text):
        return None
    after = _MEMBERS.search(s.text)
    assert after is not None
    cut = s.start + after.start()
    listed = list(
        dict.fromkeys(
            m.key for m in s.mentions if m.start >= cut and m.kind in ("state", "organisation")
        )
    )
    listed = [k for k in listed if k]
    if len(listed) < 2:
        return None
    forum = group.partition(":")[2]
    stored_keys, urls = _stored_members(evidence, forum)
    count = _COUNT.search(s.text)
    details: dict[str, Any] = {"group": group, "members": listed}
    if count is not None:
        details["count_stated"] = _stated(count.group(1))
    missing = [k for k in listed if k not in stored_keys]
    comparison = "agrees" if not missing else "new"
    stored = {"members": stored_keys, "not_stored": missing, "sources": urls}
    return Proposal(
        s.start,
        s.end,
        "members",
        {
            "statement": f"{len(listed)} members of {group.partition(':')[2]} named",
            "subject": group,
            "refs": listed,
            "details": details,
            "quote": s.text,
        },
        comparison,
        stored,
    )


def _count(evidence: Connection, s: Sentence) -> Proposal | None:
    group = _group(s)
    found = _COUNT.search(s.text)
    if group is None or found is None:
        return None
    stated = _stated(found.group(1))
    forum = group.partition(":")[2]
    stored_keys, urls = _stored_members(evidence, forum)
    if not stored_keys:
        comparison = "new"
    else:
        comparison = "agrees" if len(stored_keys) == stated else "conflicts"
    return Proposal(
        s.start,
        s.end,
        "count",
        {
            "statement": f"{forum} has {stated} members",
            "subject": group,
            "refs": [],
            "details": {"group": group, "count": stated, "as_read": found.group(0)},
            "quote": s.text,
        },
        comparison,
        {"count": len(stored_keys), "sources": urls},
    )


# --- treaty actions ---------------------------------------------------------------------------


def _action_word(word: str) -> str:
    low = word.lower()
    if low.startswith("ratif"):
        return "ratification"
    if low.startswith("acce"):
        return "accession"
    return "signature"


def _date(text: str) -> tuple[str | None, int | None]:
    found = _DATE.search(text)
    if found is None:
        return None, None
    day, month, year = found.groups()
    return f"{year}-{_MONTHS.index(month.lower()) + 1:02d}-{int(day):02d}", int(year)


def _action(evidence: Connection, s: Sentence) -> Proposal | None:
    verb = _ACTION.search(s.text)
    states, instruments = s.keys(*STATE_KINDS), s.keys("instrument")
    if verb is None or not states or not instruments:
        return None
    country, instrument = states[0].partition(":")[2], instruments[0].partition(":")[2]
    action = _action_word(verb.group(1))
    when, year = _date(s.text)
    if year is None:
        years = [int(m.value) for m in s.of("year") if m.value]
        year = years[0] if years else None
    listed = evidence.execute(
        select(
            instrument_actions.c.action,
            instrument_actions.c.year,
            instrument_actions.c.date,
            instrument_actions.c.source_url,
        ).where(
            instrument_actions.c.instrument_id == instrument,
            instrument_actions.c.country == country,
        )
    ).all()
    status = evidence.execute(
        select(treaty_status.c.status, treaty_status.c.year, sources.c.url)
        .join(sources, sources.c.id == treaty_status.c.source_id)
        .where(treaty_status.c.instrument_id == instrument, treaty_status.c.country == country)
    ).first()
    stored_years = [r.year for r in listed if r.year is not None]
    if status is not None and status.year is not None and status.status == "party":
        stored_years.append(status.year)
    stored = {
        "actions": [f"{r.action} {r.date or r.year or ''}".strip() for r in listed],
        "status": f"{status.status} {status.year or ''}".strip() if status is not None else None,
        "sources": _source_urls(*(r.source_url for r in listed), status.url if status else None),
    }
    if not stored_years and not listed:
        comparison = "new"
    elif year is None or year in stored_years or action == "signature":
        comparison = "agrees"
    else:
        comparison = "conflicts"
    details: dict[str, Any] = {
        "instrument": instruments[0],
        "country": states[0],
        "action": action,
        "date": when,
        "year": year,
    }
    return Proposal(
        s.start,
        s.end,
        "action",
        {
            "statement": f"{country}: {action} of {instrument}" + (f" in {year}" if year else ""),
            "subject": instruments[0],
            "refs": [states[0]],
            "details": details,
            "quote": s.text,
        },
        comparison,
        stored,
    )


# --- figures of the evidence base -------------------------------------------------------------


def _precision(surface: str, value: float) -> float:
    """Half a unit of the last digit the text gives: 258 million -> 500,000."""
    number = re.match(r"[\d,.]+", surface)
    digits = number.group(0).replace(",", "") if number else ""
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    scale = value / float(digits) if digits and float(digits) else 1.0
    return float(0.5 * scale / (10**decimals))


def _figures(evidence: Connection, s: Sentence, earlier: int | None = None) -> list[Proposal]:
    """Stocks of international migrants; a sentence without a year takes the last year the
    text named before it ("In 2017 ... By continent, Asia had 80 million ...")."""
    if not _MIGRANTS.search(s.text):
        return []
    years = [int(m.value) for m in s.of("year") if m.value] or ([earlier] if earlier else [])
    areas = s.keys("region", "state")
    out = []
    for m in s.of("figure"):
        if not m.value or not m.value.endswith(" number"):
            continue
        after = s.text[m.end - s.start : m.end - s.start + 40].strip()
        dated = re.match(r"in (\d{4})\b", after)
        if not _MIGRANTS.match(after) and dated is None:
            continue
        value = float(m.value.split()[0])
        if value < 1000:
            continue
        following = [int(y.value) for y in s.of("year") if y.value and y.start >= m.end]
        candidates = [int(dated.group(1))] if dated else (following or years)
        if not candidates:
            continue
        year = candidates[0]
        before = [a.key for a in s.of("region", "state") if a.key and a.end <= m.start]
        key = before[-1] if before else (areas[0] if areas else "area:world")
        code = key.partition(":")[2]
        rows = evidence.execute(
            select(stock_totals.c.stock, stock_totals.c.source_id, sources.c.url)
            .join(sources, sources.c.id == stock_totals.c.source_id)
            .where(
                func.lower(stock_totals.c.area) == code.lower(),
                stock_totals.c.year == year,
                stock_totals.c.sex == "total",
            )
        ).all()
        tolerance = _precision(m.surface, value)
        stored = {
            "values": {r.source_id: int(r.stock) for r in rows},
            "sources": _source_urls(*(r.url for r in rows)),
        }
        if not rows:
            comparison = "new"
        elif any(abs(r.stock - value) <= tolerance for r in rows):
            comparison = "agrees"
        else:
            comparison = "conflicts"
        out.append(
            Proposal(
                s.start,
                s.end,
                "figure",
                {
                    "statement": f"{m.surface} international migrants in {code} in {year}",
                    "subject": key,
                    "refs": [],
                    "details": {
                        "indicator": "international_migrant_stock",
                        "area": key,
                        "year": year,
                        "value": int(value),
                        "as_read": m.surface,
                    },
                    "quote": s.text,
                },
                comparison,
                stored,
            )
        )
    return out


def propose(
    evidence: Connection, text: str, found_passages: list[Passage], found: list[Mention]
) -> list[Proposal]:
    """Every fact the rules read in the text, in text order."""
    out: list[Proposal] = []
    earlier: int | None = None
    for s in sentences(text, found_passages, found):
        for rule in (_meeting, _members, _count, _action):
            proposal = rule(evidence, s)
            if proposal is not None:
                out.append(proposal)
        out.extend(_figures(evidence, s, earlier))
        named = [int(m.value) for m in s.of("year") if m.value]
        earlier = named[-1] if named else earlier
    return out
