"""The names the map knows, read from the evidence base, for finding them in documents.

Every spelling the country resolver knows (names, ISO3 codes, former and shortened names),
the forums and processes (names, short names, the parts of a name in brackets), the meetings
(their names, and the ways reports name them: "the 2010 GFMD", "GFMD 2010", "HLD 2006",
"the 2010 GFMD in Puerto Vallarta", "the Ninth GFMD"), instruments, organisations and GCM
objectives. A short name in capitals (an acronym or a code) matches only as written; other
names match in any case.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, select

from commonground.evidence.store.governance_tables import actors, forums, meetings
from commonground.evidence.store.tables import area_aliases, areas, gcm_objectives, instruments

ENTITY, MEETING, PLACE = "entity", "meeting", "place"
ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_BRACKETS = re.compile(r"\s*\(([^)]*)\)\s*")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9&./-]*[A-Z0-9]$|^[A-Z]{2,}s?$")


@dataclass(frozen=True)
class Name:
    """One spelling of one thing on the map: `key` is its stable key (`country:MAR`)."""

    surface: str
    kind: str  # state | region | forum | meeting | instrument | organisation | gcm_objective
    # | place (a town where a meeting of the map was held: a value, not an entity)
    key: str
    layer: str = ENTITY
    exact: bool = False  # match only as written (acronyms, codes)


def _exact(surface: str) -> bool:
    return bool(_ACRONYM.match(surface)) or (len(surface) <= 4 and surface.isupper())


def _variants(name: str | None) -> list[str]:
    """A name, its part outside brackets, the part inside, and each side of ' / '."""
    if not name:
        return []
    out = {name.strip()}
    inside = _BRACKETS.findall(name)
    outside = _BRACKETS.sub(" ", name).strip()
    out.add(outside)
    out.update(part.strip() for part in inside if len(part.strip()) > 2)
    for value in list(out):
        dated = re.sub(r",? (?:\d{4}|\(Revised\)).*$", "", value).strip()
        if len(dated) >= 12:
            out.add(dated)  # "Domestic Workers Convention, 2011 (No. 189)" is read without the year
        if " / " in value:
            out.update(part.strip() for part in value.split(" / "))
    return [v for v in out if len(v) >= 2]


def _name(surface: str, kind: str, key: str, layer: str = ENTITY) -> Name:
    return Name(surface, kind, key, layer, _exact(surface))


def _regions(name: str) -> list[str]:
    """The ways prose writes a region's long name, in any case ("the high-income
    countries"), its "regions" as "countries" ("the more developed countries"); a short
    one ("World", "Asia") only as written."""
    if " " not in name or len(name) < 12:
        return [name]
    return sorted({name, re.sub(r"\bregions\b", "countries", name)} | {name.lower()})


def _areas(evidence: Connection) -> list[Name]:
    kinds = {code: kind for code, kind in evidence.execute(select(areas.c.code, areas.c.kind))}
    out: list[Name] = []
    for code, name, kind in evidence.execute(select(areas.c.code, areas.c.name, areas.c.kind)):
        if kind == "aggregate":
            forms = _regions(name)
            out.extend(Name(n, "region", f"area:{code}", exact=forms == [name]) for n in forms)
        else:
            out.append(_name(name, "state", f"country:{code}"))
            if re.fullmatch(r"[A-Z]{3}", code):
                out.append(Name(code, "state", f"country:{code}", exact=True))
    for alias, code in evidence.execute(select(area_aliases.c.alias, area_aliases.c.code)):
        kind = kinds.get(code)
        if kind is None or alias.isdigit() or len(alias) < 3:
            continue  # M49 numbers and two-letter codes are not read in prose
        if kind == "aggregate":
            if len(alias) >= 4 and not alias.isupper():
                out.append(Name(alias, "region", f"area:{code}", exact=True))
        elif re.fullmatch(r"[A-Z]{3}", alias):
            out.append(Name(alias, "state", f"country:{code}", exact=True))
        else:
            out.append(_name(alias, "state", f"country:{code}"))
    return out


def _governance(evidence: Connection) -> list[Name]:
    out = []
    for fid, name, short in evidence.execute(
        select(forums.c.id, forums.c.name, forums.c.short_name)
    ):
        for surface in {*_variants(name), *_variants(short)}:
            out.append(_name(surface, "forum", f"forum:{fid}"))
    for aid, name, short in evidence.execute(
        select(actors.c.id, actors.c.name, actors.c.short_name)
    ):
        for surface in {*_variants(name), *_variants(short)}:
            out.append(_name(surface, "organisation", f"actor:{aid}"))
    for iid, title, short in evidence.execute(
        select(instruments.c.id, instruments.c.title, instruments.c.short_name)
    ):
        bare = re.sub(r"^ILO\s+(C)0*", r"\1", short or "")  # "ILO C189" is read as "C189"
        for surface in {*_variants(title), *_variants(short), *_variants(bare)}:
            if len(surface) >= 3:
                out.append(_name(surface, "instrument", f"instrument:{iid}"))
    for number, title in evidence.execute(select(gcm_objectives.c.number, gcm_objectives.c.title)):
        key = f"objective:{number}"
        out.append(Name(f"Objective {number}", "gcm_objective", key))
        out.append(Name(f"objective {number}", "gcm_objective", key))
        if title and len(title) > 20:
            out.append(Name(title.rstrip("."), "gcm_objective", key))
    return out


def _meetings(evidence: Connection) -> list[Name]:
    shorts: dict[str, list[str]] = defaultdict(list)
    for fid, name, short in evidence.execute(
        select(forums.c.id, forums.c.name, forums.c.short_name)
    ):
        shorts[fid] = sorted({*_variants(short), *_variants(name)} - {""}, key=len)
    out: list[Name] = []
    query = select(
        meetings.c.id,
        meetings.c.forum,
        meetings.c.name,
        meetings.c.year,
        meetings.c.ordinal,
        meetings.c.place,
    )
    for mid, forum, name, year, ordinal, place in evidence.execute(query):
        key = f"meeting:{mid}"
        out.extend(_name(s, "meeting", key, MEETING) for s in _variants(name) if len(s) > 12)
        town = re.split(r"[,(]", place or "")[0].strip()
        if len(town) >= 3:
            out.append(Name(town, PLACE, f"place:{town}", PLACE, exact=True))
        for short in shorts.get(forum, []):
            forms = []
            if year:
                forms += [f"{year} {short}", f"{short} {year}", f"{short} {year} in {town}"]
                if town:
                    forms += [f"{year} {short} in {town}", f"{short} {town} {year}"]
            if town:
                forms += [f"{short} in {town}", f"{town} {short}"]
            if ordinal and 0 < ordinal <= len(ORDINALS):
                word = ORDINALS[ordinal - 1]
                forms += [f"{word} {short}", f"{word.title()} {short}"]
                forms += [f"{word.title()} {short} Summit Meeting", f"{word} {short} Summit"]
                forms += [f"{word.title()} Meeting of the {short}"]
            out.extend(Name(f, "meeting", key, MEETING, exact=False) for f in forms if town or year)
    return out


def known_names(evidence: Connection) -> list[Name]:
    """Every name the map knows; a spelling that would mean two things of one kind is
    dropped (it names neither for certain)."""
    found = [*_areas(evidence), *_governance(evidence), *_meetings(evidence)]
    claims: dict[tuple[str, str, bool], set[str]] = defaultdict(set)
    for n in found:
        claims[(n.surface if n.exact else n.surface.casefold(), n.layer, n.exact)].add(n.key)
    seen: set[tuple[str, str, str]] = set()
    out = []
    for n in found:
        keys = claims[(n.surface if n.exact else n.surface.casefold(), n.layer, n.exact)]
        marker = (n.surface.casefold(), n.key, n.layer)
        if len(keys) == 1 and marker not in seen and len(n.surface.strip()) >= 2:
            seen.add(marker)
            out.append(n)
    return out
