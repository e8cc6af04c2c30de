"""Suggested tags for a draft: the GCM objectives and guiding principles its text is closest to.

Each objective (and principle) is described by its own title and by the titles and summaries
of the published practices tagged with it; a draft's words are weighed by TF-IDF and
compared by cosine with each description. The contributor accepts or drops each suggestion.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from sqlalchemy import Connection, select

from commonground.workspace.practice import Vocabulary, principles
from commonground.workspace.practice_hits import Suggested, SuggestedObjective, Suggestions
from commonground.workspace.practice_index import STOP
from commonground.workspace.tables import practice_tags, practices

_WORD = re.compile(r"[^\W\d_]{3,}")


def tokens(text: str) -> list[str]:
    return [w[:7] for w in _WORD.findall(text.lower()) if w not in STOP]  # crude stemming


def _vector(words: list[str], idf: dict[str, float]) -> dict[str, float]:
    counts = Counter(words)
    vec = {w: (1 + math.log(n)) * idf.get(w, 0.0) for w, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {w: v / norm for w, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def label_documents(
    conn: Connection, vocab: Vocabulary, exclude: set[int] | None = None
) -> dict[str, dict[str, list[str]]]:
    """Words describing each objective and principle: its name, and its practices' text."""
    docs: dict[str, dict[str, list[str]]] = {
        "objective": defaultdict(list),
        "principle": defaultdict(list),
    }
    for number, title in vocab.objectives.items():
        docs["objective"][str(number)] += tokens(title) * 2
    for pid in principles():
        docs["principle"][pid] += tokens(pid.replace("-", " ")) * 2
    texts = {
        r.record_id: f"{r.title} {r.summary}"
        for r in conn.execute(
            select(practices.c.record_id, practices.c.title, practices.c.summary).where(
                practices.c.published.is_(True)
            )
        )
        if not exclude or r.record_id not in exclude
    }
    for record_id, facet, value in conn.execute(
        select(practice_tags.c.record_id, practice_tags.c.facet, practice_tags.c.value).where(
            practice_tags.c.facet.in_(("objective", "principle"))
        )
    ):
        if record_id in texts:
            docs[facet][value] += tokens(texts[record_id])
    return docs


def rank(docs: dict[str, list[str]], text: str, limit: int) -> list[Suggested]:
    """The labels whose words are closest to the text's (TF-IDF cosine), best first."""
    n = len(docs) or 1
    df = Counter(w for words in docs.values() for w in set(words))
    idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
    query = _vector(tokens(text), idf)
    scored = [(label, _cosine(query, _vector(words, idf))) for label, words in docs.items()]
    scored.sort(key=lambda s: (-s[1], s[0]))
    return [
        Suggested(id=label, score=round(score, 4)) for label, score in scored[:limit] if score > 0
    ]


def suggest(conn: Connection, text: str, vocab: Vocabulary, limit: int = 5) -> Suggestions:
    """Ranked objectives (with titles) and guiding principles for a draft's text."""
    docs = label_documents(conn, vocab)
    objectives = [
        SuggestedObjective(
            id=o.id, score=o.score, number=int(o.id), title=vocab.objectives.get(int(o.id), "")
        )
        for o in rank(docs["objective"], text, limit)
    ]
    return Suggestions(objectives=objectives, principles=rank(docs["principle"], text, limit))
