"""UN document symbols, in the form the General Assembly publishes them ("A/RES/73/195").

The vote data write short forms ("R/73/195", "ESS/10/14"); importers, analyses and the API all
name a resolution by its symbol, so the conversion lives here, below all of them.
"""

from __future__ import annotations

import re

_PATTERNS = [
    (re.compile(r"^R/(\d+)/(\w+)$"), "A/RES/{0}/{1}"),
    (re.compile(r"^ESS/(\d+)/(\w+)$"), "A/RES/ES-{0}/{1}"),
    (re.compile(r"^SS/(\d+)/(\w+)$"), "A/RES/S-{0}/{1}"),
    (re.compile(r"^A/RES/(\S+)/(\w+)$"), "A/RES/{0}/{1}"),
]


def resolution_symbol(unres: str) -> str | None:
    """The UN document symbol ("A/RES/73/195") for the source's short form ("R/73/195")."""
    text = unres.strip().upper()
    for pattern, template in _PATTERNS:
        match = pattern.match(text)
        if match:
            return template.format(*match.groups())
    return None
