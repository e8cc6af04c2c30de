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

import json
import re
from typing import Any

from sqlalchemy import Connection, select

from commonground.analysis.documents.figures import Stocks, figures
from commonground.analysis.documents.sentences import Sentence, sentences, source_urls
from commonground.evidence.store.governance_tables import (
    group_members,
    instrument_actions,
    meetings,
    roles,
)
from commonground.evidence.store.tables import sources, treaty_status
from commonground.workspace.documents import Mention, Passage, Proposal

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
_OBSERVERS = re.compile(
    r"\bobserver\s+status,?\s+(?:which|who)\s+are\b|\bobservers\s+(?:are|include)\b", re.I
)
_OBSERVER_COUNT = re.compile(
    rf"\b(\d{{1,3}}|{'|'.join(_WORDS)})\s+(?:[\w-]+\s+(?:or|and)\s+)?(?:[\w-]+\s+)?"
    r"(?:organi[sz]ations|countries|states)\s+(?:with|that\s+have|having)\s+observer\s+status",
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
_BRACKETED = re.compile(r"\s*\((?:(\w+)\s+(\d{1,2}),\s+(\d{4})|(\d{1,2})\s+(\w+)\s+(\d{4}))\)")
_DATE = re.compile(rf"\b(\d{{1,2}})\s+({'|'.join(_MONTHS)})\s+(\d{{4}})\b", re.I)
STATE_KINDS = ("state",)


def _stated(value: str) -> int:
    return int(value) if value.isdigit() else NUMBER_WORDS[value.lower()]


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
    # a heading that is the meeting's name ("2010: Puerto Vallarta, Mexico", "Ninth Meeting
    # of the Global Forum on Migration and Development") says it was held
    heading = s.text.strip().rstrip(".") == found[0].surface
    held = heading or bool(_HELD.search(s.text))
    chair = None
    if _CHAIR.search(s.text):
        states = s.keys(*STATE_KINDS)
        chair = states[0] if states else None
    if not (places and held) and chair is None and not heading:
        return None
    years = [int(m.value) for m in s.of("year") if m.value]
    details: dict[str, Any] = {"meeting": key, "forum": f"forum:{row.forum}"}
    said = []
    if places and held:
        details["place"] = places[0]
        said.append(f"was held in {places[0]}")
    elif heading:
        said.append("was held")
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
        "sources": source_urls(row.source_url, *(u for _, u in stored_chairs)),
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


def _stored_members(
    evidence: Connection, forum: str, role: str = "member"
) -> tuple[list[str], list[str]]:
    """The members (or observers) of a forum the store holds, with their sources."""
    rows = evidence.execute(
        select(roles.c.actor, roles.c.actor_type, roles.c.source_url).where(
            roles.c.forum == forum, roles.c.role == role
        )
    ).all()
    keys = [("country:" if t == "state" else "actor:") + a for a, t, _ in rows]
    urls = [u for _, _, u in rows]
    if role != "member":
        return list(dict.fromkeys(keys)), source_urls(*urls)
    grouped = evidence.execute(
        select(
            group_members.c.member, group_members.c.member_type, group_members.c.source_url
        ).where(group_members.c.group_id == f"forum:{forum}")
    ).all()
    keys += [("country:" if t == "state" else "actor:") + m for m, t, _ in grouped]
    urls += [u for _, _, u in grouped if u]
    return list(dict.fromkeys(keys)), source_urls(*urls)


def _group(s: Sentence) -> str | None:
    forums = s.keys("forum")
    return forums[0] if forums else None


def _members(evidence: Connection, s: Sentence) -> Proposal | None:
    """The members of a group a sentence lists ("comprising ..."), or its observers
    ("countries that have observer status, which are: ...")."""
    group = _group(s)
    observers = _OBSERVERS.search(s.text)
    after = observers or _MEMBERS.search(s.text)
    if group is None or after is None:
        return None
    relation = "observer" if observers else "member"
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
    stored_keys, urls = _stored_members(evidence, forum, relation)
    count = _COUNT.search(s.text)
    details: dict[str, Any] = {"group": group, "members": listed}
    if observers:
        details["relation"] = relation
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
            "statement": f"{len(listed)} {relation}s of {group.partition(':')[2]} named",
            "subject": group,
            "refs": listed,
            "details": details,
            "quote": s.text,
        },
        comparison,
        stored,
    )


def _count(evidence: Connection, s: Sentence) -> Proposal | None:
    """A number of members of a forum ("its 12 Member States"), or of observers ("12
    regional or international organizations with observer status")."""
    group = _group(s)
    observers = _OBSERVER_COUNT.search(s.text)
    found = observers or _COUNT.search(s.text)
    if group is None or found is None:
        return None
    stated = _stated(found.group(1))
    forum = group.partition(":")[2]
    relation = "observer" if observers else "member"
    stored_keys, urls = _stored_members(evidence, forum, relation)
    if not stored_keys:
        comparison = "new"
    else:
        comparison = "agrees" if len(stored_keys) == stated else "conflicts"
    return Proposal(
        s.start,
        s.end,
        "count",
        {
            "statement": f"{forum} has {stated} {relation}s",
            "subject": group,
            "refs": [],
            "details": {
                "group": group,
                "count": stated,
                "as_read": found.group(0),
                **({"relation": relation} if observers else {}),
            },
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


def _bracketed_date(s: Sentence, m: Mention) -> tuple[str, int] | None:
    """The date in brackets right after a mention: "Uruguay (June 12, 2012)"."""
    found = _BRACKETED.match(s.text, s.local(m.end))
    if found is None:
        return None
    month, day, year = found.group(1), found.group(2), found.group(3)
    if month is None:
        day, month, year = found.group(4), found.group(5), found.group(6)
    if month.lower() not in _MONTHS:
        return None
    return f"{year}-{_MONTHS.index(month.lower()) + 1:02d}-{int(day):02d}", int(year)


def _action(evidence: Connection, s: Sentence) -> list[Proposal]:
    """A state's action on an instrument; and, in a sentence listing several states each
    with a date in brackets ("following the ratifications of Uruguay (June 12, 2012),
    Philippines (September 05, 2012), ..."), each of them."""
    verb = _ACTION.search(s.text)
    states, instruments = s.keys(*STATE_KINDS), s.keys("instrument")
    if verb is None or not states or not instruments:
        return []
    action = _action_word(verb.group(1))
    dated: dict[str, tuple[str, int]] = {}
    for m in s.of(*STATE_KINDS):
        bracketed = _bracketed_date(s, m)
        if m.key and bracketed is not None and m.key not in dated:
            dated[m.key] = bracketed
    out = []
    if states[0] not in dated:
        when, year = _date(s.text)
        if year is None and not dated:  # the years in brackets are the other states' dates
            years = [int(m.value) for m in s.of("year") if m.value]
            year = years[0] if years else None
        out.append(_action_of(evidence, s, states[0], instruments[0], action, when, year))
    for state, (day, in_year) in dated.items():
        out.append(_action_of(evidence, s, state, instruments[0], action, day, in_year))
    return out


def _action_of(
    evidence: Connection,
    s: Sentence,
    state: str,
    instrument_key: str,
    action: str,
    when: str | None,
    year: int | None,
) -> Proposal:
    country, instrument = state.partition(":")[2], instrument_key.partition(":")[2]
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
        "sources": source_urls(*(r.source_url for r in listed), status.url if status else None),
    }
    if not stored_years and not listed:
        comparison = "new"
    elif year is None or year in stored_years or action == "signature":
        comparison = "agrees"
    else:
        comparison = "conflicts"
    details: dict[str, Any] = {
        "instrument": instrument_key,
        "country": state,
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
            "subject": instrument_key,
            "refs": [state],
            "details": details,
            "quote": s.text,
        },
        comparison,
        stored,
    )


def propose(
    evidence: Connection, text: str, found_passages: list[Passage], found: list[Mention]
) -> list[Proposal]:
    """Every fact the rules read in the text, in text order."""
    out: list[Proposal] = []
    earlier: int | None = None
    previous = ""
    stocks = Stocks(evidence)
    for s in sentences(text, found_passages, found):
        for rule in (_meeting, _members, _count):
            proposal = rule(evidence, s)
            if proposal is not None:
                out.append(proposal)
        out.extend(_action(evidence, s))
        out.extend(figures(stocks, s, earlier, previous))
        named = s.current_years()
        earlier = named[-1] if named else earlier
        previous = s.text
    return _said_once(out)


def _said(p: Proposal) -> set[tuple[str, str]]:
    details = p.fact.get("details") or {}
    return {
        (name, json.dumps(value, sort_keys=True))
        for name, value in details.items()
        if value is not None and name != "as_read"
    }


def _said_once(found: list[Proposal]) -> list[Proposal]:
    """One fact proposed once: a proposal that says nothing another of the document does
    not say as well (Bolivia's ratification of C189 named again without its date) is
    left out, so a reviewer reads each fact once, where the text says most of it (of two
    that say the same, the longer sentence: the body, not the headline)."""
    said = [_said(p) for p in found]
    out = []
    for i, p in enumerate(found):
        covered = any(
            j != i
            and q.kind == p.kind
            and q.fact["subject"] == p.fact["subject"]
            and said[i] <= said[j]
            and (said[i] < said[j] or (len(q.fact["quote"]), -j) > (len(p.fact["quote"]), -i))
            for j, q in enumerate(found)
        )
        if not covered:
            out.append(p)
    return out
