"""What we declare about each source file: publisher, edition, licence, checksum, loader.

The declarations live in `facts/datasets.yaml` so that adding an edition is a data change:
each source names the `series` it belongs to (stock, remittances, displacement, ...), the
short names by which queries may ask for it ("2020", "wb-2017") and whether it is its series'
default; the top-level `roles` name the sources that play a fixed part (the classification
of countries, the development groups, ...). The build stores all of it, so that what a query
reads always comes from the declarations the served database was built from.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from commonground.domain.citation import Published
from commonground.domain.errors import SourceError

SOURCE_ID = r"^[a-z0-9][a-z0-9-]*$"


class Stage(StrEnum):
    """When a source is read: classifications before every other source, checks after all."""

    classifications = "classifications"
    load = "load"
    verify = "verify"


class SourceSpec(Published):
    """One file of the bundle and how to load it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=SOURCE_ID)
    url: str | None = None
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    loader: str
    stage: Stage = Stage.load
    editions: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    default_for: tuple[str, ...] = ()
    options: dict[str, Any] = Field(default_factory=dict)
    note: str | None = None


class Catalogue(BaseModel):
    """Every declared source, in load order, and the sources that play a fixed part."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: tuple[SourceSpec, ...]
    roles: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        seen: set[str] = set()
        for spec in self.sources:
            if spec.id in seen:
                raise ValueError(f"source id {spec.id!r} is declared twice")
            seen.add(spec.id)
        for role, ids in self.roles.items():
            unknown = [i for i in ids if i not in seen]
            if unknown:
                raise ValueError(f"role {role!r} names undeclared sources: {', '.join(unknown)}")
        names: dict[tuple[str, str], str] = {}
        defaults: dict[str, str] = {}
        for spec in self.sources:
            for series, short in spec.editions.items():
                for name in (spec.id, *short):
                    taken = names.setdefault((series, name), spec.id)
                    if taken != spec.id:
                        raise ValueError(
                            f"{spec.id}: {series} edition name {name!r} is taken by {taken}"
                        )
            for series in spec.default_for:
                if series not in spec.editions:
                    raise ValueError(f"{spec.id}: default for {series!r}, which it is not in")
                taken = defaults.setdefault(series, spec.id)
                if taken != spec.id:
                    raise ValueError(
                        f"{spec.id}: series {series!r} already has the default {taken}"
                    )
        return self

    def stage(self, stage: Stage) -> list[SourceSpec]:
        return [s for s in self.sources if s.stage == stage]

    def edition_rows(self) -> list[dict[str, str]]:
        """(series, name, source_id): every name a query may use for an edition."""
        return [
            {"series": series, "name": name, "source_id": spec.id}
            for spec in self.sources
            for series, short in spec.editions.items()
            for name in (spec.id, *short)
        ]

    def role_rows(self) -> list[dict[str, Any]]:
        """(role, position, source_id): declared roles, and each series' default edition."""
        declared = [
            {"role": role, "position": i, "source_id": source_id}
            for role, ids in self.roles.items()
            for i, source_id in enumerate(ids)
        ]
        defaults = [
            {"role": f"default:{series}", "position": 0, "source_id": spec.id}
            for spec in self.sources
            for series in spec.default_for
        ]
        return declared + defaults


def default_path() -> Path:
    return Path(str(resources.files("commonground.facts").joinpath("datasets.yaml")))


@cache
def _load(path: Path) -> Catalogue:
    where = "facts/datasets.yaml" if path == default_path() else str(path)
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
        return Catalogue.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(where, f"cannot be read: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or None
        raise SourceError(where, first["msg"], field=field) from None


def load_catalogue(path: Path | None = None) -> Catalogue:
    """The declarations (default: the package's `facts/datasets.yaml`), checked."""
    return _load((path or default_path()).resolve())


def load_specs(path: Path | None = None) -> list[SourceSpec]:
    """Every declared source, in load order."""
    return list(load_catalogue(path).sources)
