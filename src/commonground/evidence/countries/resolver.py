"""The one country resolver every source goes through.

Sources name countries by ISO3, ISO2, M49 code, the official UN name, World Bank names
("Egypt, Arab Rep."), shortened names ("Iran", "Laos"), or historical names ("Yugoslavia").
The resolver keeps a single table from normalised key to area code, fed by the classification
file, the curated aliases and the curated aggregates; when two entries claim one key for
different areas, the build stops, so no spelling can silently mean two places.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from commonground.domain.errors import UnresolvedCountry

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_NOTE_MARK = re.compile(r"[*\u2020]+$")


def normalise(name: str) -> str:
    """A key for names that differ only in accents, case, punctuation, notes or a leading 'the'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = _NOTE_MARK.sub("", text.strip()).lower().replace("&", " and ")
    text = _NON_ALNUM.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass
class AreaResolver:
    """Maps names and codes to area codes; built once per build from classification and facts."""

    by_key: dict[str, str] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    by_iso2: dict[str, str] = field(default_factory=dict)
    by_m49: dict[int, str] = field(default_factory=dict)

    def alias_rows(self) -> list[dict[str, str]]:
        """Every spelling the resolver knows, with its code and where it came from, for the
        stored alias table that lets the API resolve names as the build did."""
        return [
            {"key": key, "alias": self.aliases[key], "code": code, "origin": self.origins[key]}
            for key, code in sorted(self.by_key.items())
        ]

    def add_area(self, code: str, kind: str) -> None:
        self.kinds[code] = kind
        self.add_name(code, code, origin="area code")

    def add_name(self, name: str, code: str, origin: str) -> None:
        """Register a spelling; a key already held by another area is a contradiction."""
        if code not in self.kinds:
            raise ValueError(f"alias {name!r} ({origin}) points to unknown area {code!r}")
        key = normalise(name)
        if not key:
            return
        held = self.by_key.get(key)
        if held is not None and held != code:
            raise ValueError(
                f"the name {name!r} ({origin}) would mean {code}, but it already means {held}"
                f" ({self.origins[key]})"
            )
        if held is None:
            self.by_key[key] = code
            self.origins[key] = origin
            self.aliases[key] = name

    def add_iso2(self, iso2: str, code: str) -> None:
        self.by_iso2[iso2.upper()] = code

    def add_m49(self, m49: int, code: str) -> None:
        held = self.by_m49.get(m49)
        if held is not None and held != code:
            raise ValueError(f"M49 code {m49} would mean {code}, but it already means {held}")
        self.by_m49[m49] = code

    def find(self, value: str) -> str | None:
        """The area a name or code means, or None."""
        text = value.strip()
        if len(text) == 2 and text.isalpha() and text.upper() == text:
            return self.by_iso2.get(text)
        if text.isdigit():
            return self.by_m49.get(int(text))
        return self.by_key.get(normalise(text))

    def resolve(
        self,
        value: object,
        *,
        file: str,
        row: int | None,
        field: str,
        kinds: Iterable[str] = ("country", "territory", "former", "aggregate"),
    ) -> str:
        """Resolve or stop the build with the file, row, field and value."""
        text = "" if value is None else str(value)
        code = self.find(text) if text.strip() else None
        allowed = tuple(kinds)
        if code is None:
            raise UnresolvedCountry(
                file,
                "unknown country or area",
                row=row,
                field=field,
                value=text,
                expected="a name or code the country resolver knows; add a spelling to"
                " facts/area_aliases.csv or declare an area in facts/areas.csv",
            )
        if self.kinds[code] not in allowed:
            raise UnresolvedCountry(
                file,
                f"{text!r} is {self.kinds[code]} {code}, which this field does not accept",
                row=row,
                field=field,
                expected=" or ".join(allowed),
            )
        return code

    def suggest(self, value: str, limit: int = 5) -> list[str]:
        """Close matches for a name nobody resolved, for error messages and search."""
        import difflib

        key = normalise(value)
        keys = difflib.get_close_matches(key, list(self.by_key), n=limit * 3, cutoff=0.6)
        found: list[str] = []
        for k in keys:
            code = self.by_key[k]
            if code not in found:
                found.append(code)
        return found[:limit]
