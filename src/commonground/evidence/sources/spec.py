"""What we declare about each source file: publisher, edition, licence, checksum, loader.

The declarations live in `facts/datasets.yaml` so that adding an edition is a data change,
and every figure in the database points back to one declared file.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field


class SourceSpec(BaseModel):
    """One file of the bundle and how to load it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    dataset: str
    title: str
    publisher: str
    edition: str
    licence: str
    file: str
    origin: str
    url: str | None = None
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    loader: str
    options: dict[str, Any] = Field(default_factory=dict)
    note: str | None = None


def load_specs() -> list[SourceSpec]:
    """Every declared source, in load order (classifications first)."""
    text = resources.files("commonground.facts").joinpath("datasets.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    specs = [SourceSpec.model_validate(item) for item in raw["sources"]]
    seen: set[str] = set()
    for spec in specs:
        if spec.id in seen:
            raise ValueError(f"facts/datasets.yaml: source id {spec.id!r} is declared twice")
        seen.add(spec.id)
    return specs
