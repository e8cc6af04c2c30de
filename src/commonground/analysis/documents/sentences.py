"""The sentences of a document's passages with the mentions inside them: the unit every rule
that proposes a fact reads, and the evidence span it quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from commonground.workspace.documents import Mention, Passage

_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9(\"'“])|\n")
_SINCE = re.compile(r"(?:\bfrom\b[^,;]{0,40}|\bsince\s+|\bbetween\s+(?:\d{4}\s+and\s+)?)$", re.I)
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

    def current_years(self) -> list[int]:
        """The years the sentence speaks of, not those it counts from ("rose 10 million
        from 248 million in 2015", "since 2000", "between 2000 and 2015")."""
        return [
            int(y.value)
            for y in self.of("year")
            if y.value and not _SINCE.search(self.text[: self.local(y.start)])
        ]

    def local(self, offset: int) -> int:
        """An offset of the document as an offset in this sentence's text."""
        return offset - self.start


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


def source_urls(*urls: str | None) -> list[str]:
    return [u for u in dict.fromkeys(urls) if u]
