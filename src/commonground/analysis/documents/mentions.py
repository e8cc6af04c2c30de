"""Finding what the map knows in a text: one Aho-Corasick automaton over every name
(pyahocorasick), and patterns for years and figures with their units.

Why an automaton: a report of a hundred pages is read against some ten thousand names in
one pass over the text, whatever the number of names. The text is folded character by
character (case, accents, quotes and dashes, every space one space) so offsets in the folded
text are offsets in the original; a match counts only at word boundaries, and a name marked
exact must stand as written. Within a layer (entities, meetings, values) the longest match
wins where two overlap: "Papua New Guinea" is one state, not Guinea.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
from sqlalchemy import Connection

from commonground.analysis.documents.meeting_refs import Venue, resolve, venues
from commonground.analysis.documents.names import PLACE, Name, known_names
from commonground.evidence.store.session import build_id
from commonground.workspace.documents import Mention

VALUE = "value"
_FOLD = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
_YEAR = re.compile(r"(?<![\w.,/-])(19[4-9]\d|20[0-4]\d)(?!\w|[.,]\d)")
_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_SCALE = r"(million|billion|thousand)"
_UNIT = r"(per\s?cent|percent|%)"
_FIGURE = re.compile(
    rf"(?<![\w.,]){_NUMBER}(?:\s*{_UNIT}|\s+{_SCALE}(?:\s+{_UNIT})?)(?![\w])", re.IGNORECASE
)
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


_SPACES = str.maketrans({c: " " for c in "\t\n\r\f\v"})


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    if ch in _FOLD:
        return _FOLD[ch]
    if ch.isspace():
        return " "
    base = unicodedata.normalize("NFKD", ch)[:1] or ch
    low = base.lower()
    return low if len(low) == 1 else ch


def fold(text: str) -> str:
    """The text in one case without accents, offset for offset."""
    if text.isascii():
        return text.lower().translate(_SPACES)
    return "".join(fold_char(ch) for ch in text)


def _fold_name(surface: str) -> str:
    return " ".join(fold(surface).split())


@dataclass(frozen=True)
class Finder:
    """The automaton over the known names, built once per set of names."""

    automaton: ahocorasick.Automaton
    size: int
    venues: tuple[Venue, ...] = ()

    def find(self, text: str) -> list[Mention]:
        """Every mention of a known name, year or figure, in text order."""
        folded = fold(text)
        hits: dict[str, list[Mention]] = {}
        for end, names in self.automaton.iter(folded):
            length = len(names[0][0])
            start = end - length + 1
            if not _bounded(text, start, end + 1):
                continue
            done: set[str] = set()
            for _, n in names:
                if n.layer in done or (
                    n.exact and " ".join(text[start : end + 1].split()) != n.surface
                ):
                    continue
                done.add(n.layer)
                surface = text[start : end + 1]
                if n.kind == PLACE:
                    m = Mention(start, end + 1, surface, PLACE, None, n.key.partition(":")[2])
                else:
                    m = Mention(start, end + 1, surface, n.kind, n.key)
                hits.setdefault(n.layer, []).append(m)
        hits[VALUE] = values(text)
        out = []
        for found in hits.values():
            out.extend(_longest(found))
        out.extend(resolve(text, out, self.venues))
        return sorted(out, key=lambda m: (m.start, -m.end, m.kind))


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


def _longest(found: list[Mention]) -> list[Mention]:
    """Leftmost-longest: drop a mention that overlaps a longer (or earlier) one."""
    chosen: list[Mention] = []
    for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return chosen


def figure_value(number: str, scale: str | None, unit: str | None) -> tuple[float, str]:
    value = float(number.replace(",", ""))
    if scale:
        value *= _SCALES[scale.lower()]
    return value, ("percent" if unit else "number")


def _plain(value: float) -> str:
    return f"{value:.10g}" if value != int(value) else str(int(value))


def values(text: str) -> list[Mention]:
    """Years (1940-2049) and figures with a scale or a unit ("258 million", "43 per cent")."""
    out = []
    for m in _FIGURE.finditer(text):
        number, unit1, scale, unit2 = m.groups()
        value, unit = figure_value(number, scale, unit1 or unit2)
        out.append(
            Mention(m.start(), m.end(), m.group(0), "figure", None, f"{_plain(value)} {unit}")
        )
    taken = [(m.start, m.end) for m in out]
    for y in _YEAR.finditer(text):
        if any(a <= y.start() < b for a, b in taken):
            continue
        out.append(Mention(y.start(), y.end(), y.group(0), "year", None, y.group(0)))
    return out


def build_finder(names: list[Name], known: tuple[Venue, ...] = ()) -> Finder:
    automaton = ahocorasick.Automaton()
    grouped: dict[str, list[tuple[str, Name]]] = {}
    for n in names:
        key = _fold_name(n.surface)
        if len(key) < 2:
            continue
        grouped.setdefault(key, []).append((key, n))
    for key, entries in grouped.items():
        # a more specific layer first; exact names before loose ones
        entries.sort(key=lambda e: (not e[1].exact, e[1].layer))
        automaton.add_word(key, entries)
    automaton.make_automaton()
    return Finder(automaton, len(grouped), known)


_FINDERS: dict[str, Finder] = {}


def finder_for(evidence: Connection) -> Finder:
    """The automaton of the build `evidence` reads, made once per build and process."""
    build = build_id(evidence)
    found = _FINDERS.get(build)
    if found is None:
        _FINDERS.clear()  # a new build replaces the old one
        found = _FINDERS[build] = build_finder(known_names(evidence), venues(evidence))
    return found
