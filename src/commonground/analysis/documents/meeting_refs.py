"""Meetings named by where they were held, as reports name them: "the Mexico meeting", "the
Brussels summit", "the Bangladesh GFMD", and section headings such as "2010: Puerto
Vallarta, Mexico".

Such a name is not a fixed spelling the automaton can hold: Brussels hosted the first GFMD
and its Civil Society Day, Geneva two GFMD summits. So the words are read after the names
are found, and resolved against the curated meetings of the evidence base by the town or the
host country they give, then by the year the phrase gives, then by the forum the words name
(the GFMD of "the Bangladesh GFMD") or the nearest forum named before them in the text,
and lastly, for "meeting" or "summit", the meeting of the forum itself over a side event of
it (the GFMD over its Civil Society Days). A phrase that still names more than one meeting,
or none, is left as it is: it names neither for certain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, select

from commonground.evidence.store.governance_tables import meetings
from commonground.workspace.documents import Mention

_WORD = re.compile(r"\s+(?:GFMD\s+)?(meeting|summit|conference)\b", re.I)
_HEADING = re.compile(r"^\s*:\s*")


@dataclass(frozen=True)
class Venue:
    """A curated meeting with where and when it was held; `side` for a side event of
    another forum's meetings (a forum whose id extends another's: gfmd-civil-society-days)."""

    key: str
    forum: str
    year: int | None
    town: str | None
    country: str | None
    side: bool


def venues(evidence: Connection) -> tuple[Venue, ...]:
    rows = evidence.execute(
        select(
            meetings.c.id,
            meetings.c.forum,
            meetings.c.year,
            meetings.c.place,
            meetings.c.host_country,
        )
    ).all()
    forums = {r.forum for r in rows}
    out = []
    for r in rows:
        town = re.split(r"[,(]", r.place or "")[0].strip().casefold() or None
        side = any(r.forum.startswith(f"{f}-") for f in forums if f != r.forum)
        country = f"country:{r.host_country}" if r.host_country else None
        out.append(Venue(f"meeting:{r.id}", f"forum:{r.forum}", r.year, town, country, side))
    return tuple(out)


def _at(where: Mention, found: tuple[Venue, ...]) -> list[Venue]:
    if where.kind == "place":
        town = (where.value or "").casefold()
        return [v for v in found if v.town == town]
    return [v for v in found if v.country is not None and v.country == where.key]


def _one(candidates: list[Venue], year: int | None, forums: list[str], main: bool) -> Venue | None:
    if year is not None:
        candidates = [v for v in candidates if v.year == year]
    for forum in forums:
        named = [v for v in candidates if v.forum == forum]
        if named:
            candidates = named
            break
    if len(candidates) > 1 and main:
        candidates = [v for v in candidates if not v.side] or candidates
    return candidates[0] if len(candidates) == 1 else None


def resolve(text: str, found: list[Mention], known: tuple[Venue, ...]) -> list[Mention]:
    """Mentions of meetings named by their place (and year), not already found by name."""
    ordered = sorted(found, key=lambda m: m.start)
    taken = [(m.start, m.end) for m in ordered if m.kind == "meeting"]
    out: list[Mention] = []
    for i, where in enumerate(ordered):
        if where.kind not in ("place", "state") or not _at(where, known):
            continue
        before = [m for m in ordered[:i] if m.end <= where.start]
        year_before = before[-1] if before and before[-1].kind == "year" else None
        gap = text[year_before.end : where.start] if year_before else None
        start, year = where.start, None
        if year_before is not None and gap is not None and (gap == " " or _HEADING.match(gap)):
            start, year = year_before.start, int(year_before.value or 0)
        heading = gap is not None and bool(_HEADING.match(gap)) and gap.strip() == ":"
        word = _WORD.match(text, where.end)
        after = [m for m in ordered[i + 1 :] if m.start >= where.end]
        forum_after = after[0] if after and after[0].kind == "forum" else None
        if word is not None:
            end, main = word.end(), True
        elif forum_after is not None and text[where.end : forum_after.start] == " ":
            end, main = forum_after.end, True
        elif heading:
            country = after[0] if after and after[0].kind == "state" else None
            joined = country is not None and text[where.end : country.start] == ", "
            end, main = (country.end if country is not None and joined else where.end), True
        else:
            continue
        if re.match(r"\s+chair", text[end : end + 8], re.I):
            continue  # "the Bangladesh GFMD Chairmanship" names the chair, not a meeting
        if any(a < end and start < b for a, b in taken):
            continue
        forums = [forum_after.key] if forum_after is not None and forum_after.key else []
        forums += [m.key for m in reversed(before) if m.kind == "forum" and m.key]
        venue = _one(_at(where, known), year, forums, main)
        if venue is None:
            continue
        out.append(Mention(start, end, text[start:end], "meeting", venue.key))
        taken.append((start, end))
    return out
