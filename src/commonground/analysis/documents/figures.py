"""Figures of the evidence base read from a sentence about migrants, each compared with the
store at the precision the text gives.

- stocks: "258 million international migrants in 2017", and the lists reports give after
  one ("Asia had 80 million international migrants, Europe 78 million, ...", "12.2 million
  each in Saudi Arabia and Germany", "the most migrants, 50 million");
- shares: of the world's migrants ("64 percent of the total", "146 million or 57 percent"),
  of a population ("3.4 percent of the world's people"; "the share of international
  migrants among residents ... rose from less than 10 percent in 2000 to 14 percent in
  2017"), of men and women ("Men were 52 percent of the migrant stock ... and women 48
  percent"), of working age;
- changes: "rose 10 million from 248 million in 2015", "up 50 percent from 173 million in
  2000".

A sentence without a year takes the last year the text named before it ("In 2017 ... By
continent, Asia had 80 million ..."). A qualifier widens the comparison the way it reads:
"almost 20 percent" agrees with 19.4, "less than 10 percent" with anything below 10.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, select

from commonground.analysis.documents.sentences import Sentence, source_urls
from commonground.evidence.store.session import build_id
from commonground.evidence.store.tables import population, sources, stock_totals
from commonground.workspace.documents import Mention, Proposal

STOCK = "international_migrant_stock"
SHARE_OF_WORLD = "share_of_world_migrants"
SHARE_OF_POPULATION = "migrant_share_of_population"
MALE, FEMALE = "share_of_male_migrants", "share_of_female_migrants"
WORKING_AGE = "migrants_of_working_age_share"
CHANGE = "migrant_stock_change"
WORLD = "area:world"

_MIGRANTS = re.compile(r"\b(?:international\s+)?migrants?\b", re.I)
_AREA_AFTER = re.compile(
    r"\s+(?:(?:international\s+)?migrants\s+)?(?:each\s+)?(?:lived\s+|live\s+)?in\s+(?:the\s+)?$",
    re.I,
)
_ARE_IN = re.compile(r"^[^.;]*?\b(?:are|were|live|lived)\s+in\s+(?:the\s+)?$", re.I)
_AREA_BEFORE = re.compile(r"^\s*(?:had\s+|has\s+|hosted\s+)?$", re.I)
_AND = re.compile(r"^,?\s+and\s+$")
_APPOSITION = re.compile(r"migrants,\s+(?:some\s+|about\s+|almost\s+|nearly\s+|around\s+)?$", re.I)
_QUALIFIER = re.compile(
    r"\b(almost|nearly|about|some|around|roughly|less than|more than|over|under)\s+$", re.I
)
_OF_WORLD = re.compile(
    r"^\s*of\s+(?:the\s+)?(?:total|(?:all\s+|the\s+world'?s\s+|world\s+)(?:international\s+)?"
    r"migrants)\b",
    re.I,
)
_OF_PEOPLE = re.compile(r"^\s*of\s+the\s+world'?s\s+(?:people|population)\b", re.I)
_OF_WORKING_AGE = re.compile(
    r"^\s*of\s+(?:international\s+)?migrants\s+(?:are|were)\s+(?:of\s+)?"
    r"(?:prime\s+)?working[- ]age",
    re.I,
)
_RESIDENTS = re.compile(
    r"\bshare\s+of\s+(?:international\s+)?migrants\s+(?:among|in)\s+(?:the\s+)?(?:residents|population)",
    re.I,
)
_SEX = re.compile(r"\b(men|women|males|females)\s+(?:were\s+|are\s+|made up\s+|make up\s+)?$", re.I)
_OR = re.compile(r"^\s+or\s+(?:some\s+|about\s+|almost\s+|nearly\s+|around\s+)?$", re.I)
_CHANGE_BEFORE = re.compile(
    r"\b(?:rose|grew|increased|fell|(?:is|was)\s+up|up)\s+(?:by\s+)?$", re.I
)
_CHANGE_AFTER = re.compile(r"^\s+from\s+[\d.,]+\s+(?:million|billion|thousand)\s+in\s+(\d{4})\b")
_DATED = re.compile(r"^\s*in\s+(\d{4})\b")
_COMPARED = re.compile(r"\bcompared\s+(?:with|to)\s+$", re.I)


def precision(surface: str, value: float) -> float:
    """Half a unit of the last digit the text gives: 258 million -> 500,000."""
    number = re.match(r"[\d,.]+", surface)
    digits = number.group(0).replace(",", "") if number else ""
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    scale = value / float(digits) if digits and float(digits) else 1.0
    return float(0.5 * scale / (10**decimals))


def agrees(said: float, stored: float, tolerance: float, qualifier: str | None) -> bool:
    """Whether a stored value is what the text says, read with its qualifier."""
    word = (qualifier or "").lower()
    if word in ("less than", "under"):
        return stored < said + tolerance
    if word in ("more than", "over"):
        return stored > said - tolerance
    if word in ("almost", "nearly"):
        return said * 0.95 - tolerance <= stored <= said + tolerance
    if word:
        return abs(stored - said) <= max(tolerance, 0.05 * said)
    return abs(stored - said) <= tolerance


class _Reader:
    """One sentence's text around its mentions."""

    def __init__(self, s: Sentence) -> None:
        self.s = s
        self.areas = [a for a in s.of("region", "state") if a.key]

    def before(self, m: Mention, width: int = 60) -> str:
        start = self.s.local(m.start)
        return self.s.text[max(0, start - width) : start]

    def after(self, m: Mention, width: int = 60) -> str:
        end = self.s.local(m.end)
        return self.s.text[end : end + width]

    def between(self, a: Mention, b: Mention) -> str:
        return self.s.text[self.s.local(a.end) : self.s.local(b.start)]

    def areas_after(self, m: Mention) -> list[str]:
        """The areas a figure is "in": "12.2 million each in Saudi Arabia and Germany"."""
        later = [a for a in self.areas if a.start >= m.end]
        if not later or not _AREA_AFTER.fullmatch(" " + self.between(m, later[0]).lstrip()):
            return []
        keys = [str(later[0].key)]
        for previous, area in itertools.pairwise(later):
            if not _AND.match(self.between(previous, area)):
                break
            keys.append(str(area.key))
        return keys

    def area_before(self, m: Mention) -> str | None:
        """The area right before a figure: "Europe 78 million", "Asia had 80 million"."""
        earlier = [a for a in self.areas if a.end <= m.start]
        if earlier and _AREA_BEFORE.match(self.between(earlier[-1], m)):
            return str(earlier[-1].key)
        return None

    def last_before(self, m: Mention) -> str | None:
        earlier = [a.key for a in self.areas if a.end <= m.start]
        return str(earlier[-1]) if earlier else None

    def area_are_in(self, m: Mention) -> str | None:
        """The first area after a figure the clause says it is in: "some 146 million or 57
        percent, are in the more developed countries"."""
        later = [a for a in self.areas if a.start >= m.end]
        if later and _ARE_IN.match(self.between(m, later[0])):
            return str(later[0].key)
        return None

    def subject(self, m: Mention) -> str:
        """The area a figure is about when the words around it do not say: the last area
        before it, else the first after it, else the world."""
        earlier = [a.key for a in self.areas if a.end <= m.start]
        if earlier:
            return str(earlier[-1])
        return str(self.areas[0].key) if self.areas else WORLD

    def year(self, m: Mention, earlier: int | None) -> int | None:
        dated = _DATED.match(self.after(m))
        if dated:
            return int(dated.group(1))
        named = self.s.current_years()
        after = [int(y.value or 0) for y in self.s.of("year") if y.start >= m.end]
        following = [y for y in after if y in named]
        found = following or named or ([earlier] if earlier else [])
        return found[0] if found else None

    def qualifier(self, m: Mention) -> str | None:
        found = _QUALIFIER.search(self.before(m, 20))
        return found.group(1).lower() if found else None


def _code(key: str) -> str:
    return key.partition(":")[2]


_MEMO: dict[str, Any] = {}


class Stocks:
    """The evidence base's migrant stocks and populations, each (area, year) read once per
    build and process: reports name the same few areas and years again and again, and a
    build never changes (a new one replaces the memo, as it does the names' automaton)."""

    def __init__(self, evidence: Connection) -> None:
        self.evidence = evidence
        build = build_id(evidence)
        if _MEMO.get("build") != build:
            _MEMO.clear()
            _MEMO.update({"build": build, "stocks": {}, "people": {}})
        self._stocks: dict[tuple[str, int], list[Any]] = _MEMO["stocks"]
        self._people: dict[tuple[str, int], float | None] = _MEMO["people"]

    def rows(self, key: str, year: int, sex: str = "total") -> list[Any]:
        found = self._stocks.get((key, year))
        if found is None:
            found = self._stocks[(key, year)] = list(
                self.evidence.execute(
                    select(
                        stock_totals.c.stock,
                        stock_totals.c.sex,
                        stock_totals.c.source_id,
                        sources.c.url,
                    )
                    .join(sources, sources.c.id == stock_totals.c.source_id)
                    .where(stock_totals.c.area == _code(key), stock_totals.c.year == year)
                )
            )
        return [r for r in found if r.sex == sex]

    def population(self, key: str, year: int) -> float | None:
        if (key, year) not in self._people:
            found = self.evidence.execute(
                select(population.c.population).where(
                    population.c.area == _code(key), population.c.year == year
                )
            ).first()
            self._people[(key, year)] = float(found[0]) if found is not None else None
        return self._people[(key, year)]


def _ratio(
    evidence: Stocks, key: str, year: int, part: Callable[[Any], float | None]
) -> tuple[dict[str, float], list[str]]:
    """A percentage per source of the stock: `part(row)` over each total stock row."""
    rows = evidence.rows(key, year)
    values = {}
    for r in rows:
        whole = part(r)
        if whole:
            values[r.source_id] = round(100.0 * r.stock / whole, 2)
    return values, source_urls(*(r.url for r in rows if r.source_id in values))


def _stored(evidence: Stocks, indicator: str, key: str, year: int | str) -> dict[str, Any]:
    """What the store holds for an indicator: {"values": {source: value}, "sources": [...]}."""
    values: dict[str, float] = {}
    urls: list[str] = []
    if indicator == STOCK and isinstance(year, int):
        rows = evidence.rows(key, year)
        values = {r.source_id: float(r.stock) for r in rows}
        urls = source_urls(*(r.url for r in rows))
    elif indicator == SHARE_OF_WORLD and isinstance(year, int):
        world = {r.source_id: float(r.stock) for r in evidence.rows(WORLD, year)}
        values, urls = _ratio(evidence, key, year, lambda r: world.get(r.source_id))
    elif indicator in (MALE, FEMALE) and isinstance(year, int):
        sex = "male" if indicator == MALE else "female"
        parts = {r.source_id: float(r.stock) for r in evidence.rows(key, year, sex)}
        totals = {r.source_id: float(r.stock) for r in evidence.rows(key, year)}
        values = {k: round(100.0 * v / totals[k], 2) for k, v in parts.items() if totals.get(k)}
        urls = source_urls(*(r.url for r in evidence.rows(key, year)))
    elif indicator == SHARE_OF_POPULATION and isinstance(year, int):
        people = evidence.population(key, year)
        if people:
            values, urls = _ratio(evidence, key, year, lambda r: people)
    elif indicator == CHANGE and isinstance(year, str):
        first, last = (int(y) for y in year.split("-"))
        before = {r.source_id: float(r.stock) for r in evidence.rows(key, first)}
        for r in evidence.rows(key, last):
            if r.source_id in before:
                values[r.source_id] = float(r.stock) - before[r.source_id]
                urls.append(r.url)
    return {"values": values, "sources": source_urls(*urls)}


def _proposal(
    evidence: Stocks,
    s: Sentence,
    m: Mention,
    indicator: str,
    key: str,
    year: int | str,
    qualifier: str | None,
    percent_of: float | None = None,
) -> Proposal:
    """One figure with its comparison; a change in per cent is compared as a change of the
    stock (`percent_of` is the base it is a per cent of, when the text gives it)."""
    value = float((m.value or "0").split()[0])
    percent = (m.value or "").endswith(" percent")
    stored = _stored(evidence, indicator, key, year)
    values = dict(stored["values"])
    tolerance = precision(m.surface, value)
    if indicator == CHANGE and percent:
        base = percent_of or 0.0
        values = {k: round(100.0 * v / base, 2) for k, v in values.items()} if base else {}
    if not values:
        comparison = "new"
    elif any(agrees(value, v, tolerance, qualifier) for v in values.values()):
        comparison = "agrees"
    else:
        comparison = "conflicts"
    words = indicator.replace("_", " ")
    details: dict[str, Any] = {
        "indicator": indicator,
        "area": key,
        "year": year,
        "value": value if percent else int(value),
        "unit": "percent" if percent else "persons",
        "as_read": m.surface,
    }
    if qualifier:
        details["qualifier"] = qualifier
    return Proposal(
        s.start,
        s.end,
        "figure",
        {
            "statement": f"{words}: {qualifier + ' ' if qualifier else ''}{m.surface}"
            f" in {_code(key)} in {year}",
            "subject": key,
            "refs": [],
            "details": details,
            "quote": s.text,
        },
        comparison,
        {"values": values, "sources": stored["sources"]},
    )


def _change(evidence: Stocks, r: _Reader, m: Mention, earlier: int | None) -> Proposal | None:
    after = _CHANGE_AFTER.match(r.after(m))
    if not _CHANGE_BEFORE.search(r.before(m, 20)) or after is None:
        return None
    since = int(after.group(1))
    named = r.s.current_years()
    until = named[0] if named else earlier
    if until is None or until <= since:
        return None
    base = None
    if (m.value or "").endswith(" percent"):
        rows = evidence.rows(r.subject(m), since)
        base = float(rows[0].stock) if rows else None
    return _proposal(
        evidence, r.s, m, CHANGE, r.subject(m), f"{since}-{until}", r.qualifier(m), base
    )


def _stock(evidence: Stocks, r: _Reader, m: Mention, earlier: int | None) -> list[Proposal]:
    value = float((m.value or "0").split()[0])
    after = r.after(m, 40).strip()
    dated = _DATED.match(r.after(m)) is not None
    apposition = _APPOSITION.search(r.before(m)) is not None
    inside, right_before = r.areas_after(m), r.area_before(m)
    if value < 1000 or not (
        _MIGRANTS.match(after) or dated or inside or right_before or apposition
    ):
        return []
    if _CHANGE_BEFORE.search(r.before(m, 20)):
        return []
    year = r.year(m, earlier)
    if year is None:
        return []
    if apposition and not (inside or right_before):
        # "The US had the most migrants, 50 million": the area before; "Most international
        # migrants, some 146 million, ... are in the more developed countries of Europe,
        # Canada and US": no area the figure is of for certain
        right_before = r.last_before(m) or r.area_are_in(m)
        if right_before is None and r.areas:
            return []
    keys = inside or [right_before or r.subject(m)]
    return [_proposal(evidence, r.s, m, STOCK, k, year, r.qualifier(m)) for k in keys]


def _share(
    evidence: Stocks, r: _Reader, m: Mention, earlier: int | None, numbers: list[Mention]
) -> Proposal | None:
    before, after = r.before(m), r.after(m)
    if _COMPARED.search(before):
        return None
    sex = _SEX.search(before)
    indicator: str | None = None
    key = r.subject(m)
    if sex is not None:
        indicator = MALE if sex.group(1).lower() in ("men", "males") else FEMALE
    elif _OF_WORKING_AGE.match(after):
        indicator, key = WORKING_AGE, WORLD
    elif _OF_PEOPLE.match(after):
        indicator = SHARE_OF_POPULATION
        key = r.area_before(m) or WORLD
    elif _RESIDENTS.search(r.s.text):
        indicator = SHARE_OF_POPULATION
        if not r.areas:
            return None  # the residents of what the store does not name
        key = str(r.areas[0].key)
    elif _OF_WORLD.match(after):
        indicator = SHARE_OF_WORLD
        earlier_areas = [a.key for a in r.areas if a.end <= m.start]
        key = str(earlier_areas[0]) if earlier_areas else key
    else:
        stock = [n for n in numbers if n.end <= m.start and _OR.match(r.between(n, m))]
        if stock:
            indicator = SHARE_OF_WORLD
            inside = r.areas_after(m)
            found = r.area_before(stock[-1]) or (inside[0] if inside else None)
            found = found or r.last_before(stock[-1]) or r.area_are_in(m)
            if found is None and r.areas:
                return None  # the share of what the sentence names after it: which?
            key = found or WORLD
    if indicator is None:
        return None
    year = r.year(m, earlier)
    if year is None:
        return None
    return _proposal(evidence, r.s, m, indicator, key, year, r.qualifier(m))


def figures(
    evidence: Stocks, s: Sentence, earlier: int | None = None, context: str = ""
) -> list[Proposal]:
    """The figures of a sentence about migrants (or one that follows a sentence about
    them: "They represent 2 per cent of the world's population")."""
    if not _MIGRANTS.search(s.text) and not _MIGRANTS.search(context):
        return []
    r = _Reader(s)
    found = [m for m in s.of("figure") if m.value]
    numbers = [m for m in found if m.value and m.value.endswith(" number")]
    out: list[Proposal] = []
    for m in found:
        change = _change(evidence, r, m, earlier)
        if change is not None:
            out.append(change)
        elif not _MIGRANTS.search(s.text):
            share = _share(evidence, r, m, earlier, numbers)
            if share is not None and share.fact["details"]["indicator"] == SHARE_OF_POPULATION:
                out.append(share)
        elif m in numbers:
            out.extend(_stock(evidence, r, m, earlier))
        else:
            share = _share(evidence, r, m, earlier, numbers)
            if share is not None:
                out.append(share)
    return out
