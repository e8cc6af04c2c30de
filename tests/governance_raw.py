"""The curated governance files read with the csv module, independently of the loader.

Tests compute what users should see from these rows; nothing here imports `commonground`.
"""

from __future__ import annotations

import csv
from pathlib import Path

FACTS = Path(__file__).resolve().parents[1] / "src" / "commonground" / "facts" / "governance"
PARTY_ACTIONS = {"ratification", "accession", "succession", "acceptance", "approval"}


def rows(name: str) -> list[dict[str, str]]:
    with (FACTS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def dated_in(row: dict[str, str], year: int) -> bool:
    """A role with years holds in `year` within them (an empty bound is open)."""
    if not (row["from_year"] or row["to_year"]):
        return False
    start = int(row["from_year"]) if row["from_year"] else None
    end = int(row["to_year"]) if row["to_year"] else None
    return (start is None or start <= year) and (end is None or end >= year)
