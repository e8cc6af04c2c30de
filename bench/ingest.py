"""How well and how fast documents are read into the map: precision and recall of mentions and
of proposed facts against answers written by hand, and pages per second. Prints figures,
asserts nothing.

    .venv/bin/python bench/ingest.py --db sqlite:///commonground.db
    .venv/bin/python bench/ingest.py --db sqlite:///commonground.db --repeat 20

The documents are real public texts (tests/documents/texts/, each with its address in its
JSON file); the expected mentions and facts are bench/documents/expected.json, written by
hand from the text (bench/documents/README.md says how). A mention counts as found when a
mention of the same kind and key (or value) overlaps it; a proposal is right when an expected
fact of its kind says the same thing in an overlapping span. Pages per second are measured on
PDFs made from the same texts (one page per 3,000 characters) and on the texts themselves.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from commonground.analysis.documents.ingest import read
from commonground.evidence.store.session import connect
from commonground.settings import load_settings
from commonground.workspace.documents import Mention, Proposal

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.documents.pdfs import make_pdf  # noqa: E402

EXPECTED = ROOT / "bench" / "documents" / "expected.json"
TEXTS = ROOT / "tests" / "documents" / "texts"
PAGE = 3000
MENTION_KINDS = {
    "state",
    "region",
    "forum",
    "meeting",
    "instrument",
    "organisation",
    "gcm_objective",
    "year",
    "figure",
    "place",
}
FACT_KINDS = {
    "meeting": {"meeting_held", "chair"},
    "members": {"members"},
    "count": {"count"},
    "action": {"instrument_action"},
    "figure": {"figure"},
}


def _slug(key: str | None) -> str:
    return (key or "").partition(":")[2].lower() if ":" in (key or "") else (key or "").lower()


def _mention_id(m: Mention) -> str:
    if m.kind == "figure":
        return f"{float((m.value or '0').split()[0]):g}"
    if m.kind in ("year", "place"):
        return (m.value or "").lower()
    return _slug(m.key)


def _expected_id(e: dict[str, Any]) -> str:
    if e["kind"] == "figure":
        return f"{float(e['value']):g}"
    if e["kind"] in ("year", "place"):
        return str(e.get("value") if e["kind"] == "year" else e.get("key", "")).lower()
    return str(e.get("key") or "").lower()


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_mentions(found: list[Mention], expected: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    tally: dict[str, Counter[str]] = {"hit": Counter(), "found": Counter(), "expected": Counter()}
    used: set[int] = set()
    for e in expected:
        tally["expected"][e["kind"]] += 1
    for m in found:
        tally["found"][m.kind] += 1
        for i, e in enumerate(expected):
            if i in used or e["kind"] != m.kind:
                continue
            if _overlap((m.start, m.end), (e["start"], e["end"])) and _mention_id(
                m
            ) == _expected_id(e):
                used.add(i)
                tally["hit"][m.kind] += 1
                break
    return tally


def _says_the_same(p: Proposal, e: dict[str, Any]) -> bool:
    d = p.fact["details"]
    if e["kind"] == "meeting_held":
        return _slug(d.get("meeting")) == str(e.get("meeting") or "")
    if e["kind"] == "chair":
        return _slug(d.get("chair")) == str(e.get("actor", "")).lower() and _slug(
            d.get("forum")
        ) == str(e.get("forum"))
    if e["kind"] == "members":
        return _slug(d.get("group")) == _slug(str(e.get("group")))
    if e["kind"] == "count":
        return _slug(d.get("group")) == _slug(str(e.get("subject"))) and d.get("count") == e.get(
            "value"
        )
    if e["kind"] == "instrument_action":
        return _slug(d.get("country")) == str(e.get("actor", "")).lower() and _slug(
            d.get("instrument")
        ) == str(e.get("instrument"))
    if e["kind"] == "figure":
        value = float(e.get("value") or 0)
        return (
            e.get("indicator") == d.get("indicator")
            and e.get("year") == d.get("year")
            and value > 0
            and abs(float(d.get("value", 0)) - value) <= 0.01 * value
        )
    return False


def score_facts(found: list[Proposal], expected: list[dict[str, Any]]) -> dict[str, int]:
    comparable = [e for e in expected if any(e["kind"] in k for k in FACT_KINDS.values())]
    right = sum(
        1
        for p in found
        if any(
            e["kind"] in FACT_KINDS[p.kind]
            and _overlap((p.start, p.end), (e["evidence_start"], e["evidence_end"]))
            and _says_the_same(p, e)
            for e in comparable
        )
    )
    recalled = sum(
        1
        for e in comparable
        if any(
            e["kind"] in FACT_KINDS[p.kind]
            and _overlap((p.start, p.end), (e["evidence_start"], e["evidence_end"]))
            and _says_the_same(p, e)
            for p in found
        )
    )
    return {
        "proposed": len(found),
        "right": right,
        "expected": len(comparable),
        "recalled": recalled,
        "all_expected": len(expected),
    }


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a built evidence base (default: the settings)")
    parser.add_argument("--repeat", type=int, default=5, help="timing rounds")
    args = parser.parse_args()
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["documents"]
    totals: dict[str, Counter[str]] = {"hit": Counter(), "found": Counter(), "expected": Counter()}
    facts = Counter[str]()
    per_kind_facts: Counter[str] = Counter()
    with connect(load_settings(None, args.db)) as evidence:
        read(evidence, b"warm the automaton", "warm.txt")
        texts = {slug: (TEXTS / doc["file"]).read_bytes() for slug, doc in expected.items()}
        print(f"{'document':<36} {'mentions P':>10} {'R':>5} {'facts P':>8} {'R':>5}")
        for slug, doc in expected.items():
            _, reading = read(evidence, texts[slug], doc["file"])
            t = score_mentions(reading.mentions, doc["mentions"])
            comparable_found = sum(v for k, v in t["found"].items() if k in MENTION_KINDS)
            f = score_facts(reading.proposals, doc["facts"])
            for name in totals:
                totals[name].update(t[name])
            facts.update(f)
            per_kind_facts.update(p.kind for p in reading.proposals)
            print(
                f"{slug:<36} {_ratio(sum(t['hit'].values()), comparable_found):>10}"
                f" {_ratio(sum(t['hit'].values()), sum(t['expected'].values())):>5}"
                f" {_ratio(f['right'], f['proposed']):>8} {_ratio(f['recalled'], f['expected']):>5}"
            )
        hits = sum(totals["hit"].values())
        found = sum(totals["found"].values())
        wanted = sum(totals["expected"].values())
        wanted_kinds = sum(v for k, v in totals["expected"].items() if k in MENTION_KINDS)
        print()
        print(f"mentions: precision {_ratio(hits, found)} ({hits}/{found}),")
        print(
            f"  recall {_ratio(hits, wanted)} of all expected ({hits}/{wanted}),"
            f" {_ratio(hits, wanted_kinds)} of the kinds it looks for ({hits}/{wanted_kinds})"
        )
        for kind in sorted(set(totals["expected"]) | set(totals["found"])):
            print(
                f"  {kind:<14} found {totals['found'][kind]:>4}  expected"
                f" {totals['expected'][kind]:>4}  right {totals['hit'][kind]:>4}"
            )
        print(
            f"facts: precision {_ratio(facts['right'], facts['proposed'])}"
            f" ({facts['right']}/{facts['proposed']}), recall"
            f" {_ratio(facts['recalled'], facts['expected'])} of the kinds it proposes"
            f" ({facts['recalled']}/{facts['expected']}; {facts['all_expected']} facts expected"
            " in all)"
        )
        print(
            "  proposed by kind: "
            + ", ".join(f"{k} {n}" for k, n in sorted(per_kind_facts.items()))
        )
        chars = sum(len(t.decode("utf-8")) for t in texts.values())
        pdfs = {}
        for slug, data in texts.items():
            body = data.decode("utf-8")
            chunks = [body[i : i + PAGE] for i in range(0, len(body), PAGE)]
            pdfs[slug] = (make_pdf(chunks), len(chunks))
        n_pages = sum(n for _, n in pdfs.values())
        for label, inputs, pages in (
            ("text", {s: (t, f"{s}.txt") for s, t in texts.items()}, chars / PAGE),
            ("PDF", {s: (p, f"{s}.pdf") for s, (p, _) in pdfs.items()}, float(n_pages)),
        ):
            start = time.perf_counter()
            for _ in range(args.repeat):
                for data, name in inputs.values():
                    read(evidence, data, name)
            spent = time.perf_counter() - start
            print(
                f"speed ({label}): {pages * args.repeat / spent:,.1f} pages/s"
                f" ({len(inputs)} documents, {pages:.1f} pages of {PAGE:,} characters,"
                f" {args.repeat} rounds, {spent:.2f} s)"
            )


if __name__ == "__main__":
    main()
