"""Real documents for the tests of reading documents into the map.

`texts/` holds excerpts of public documents, each beside a JSON file with its address, title,
publisher, date and how it was obtained (see texts/README.md); `pdfs.py` makes small PDFs
from such text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TEXTS = Path(__file__).with_name("texts")


def text(name: str) -> bytes:
    return (TEXTS / f"{name}.txt").read_bytes()


def about(name: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((TEXTS / f"{name}.json").read_text(encoding="utf-8"))
    return found
