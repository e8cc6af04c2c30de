"""Identifiers of the sources Common Ground curates itself, shared by the build and the reads.

Bundle sources are named in `facts/datasets.yaml`; these two are the repository's own files,
so their ids are fixed here rather than declared beside the bundle's.
"""

from __future__ import annotations

GOVERNANCE_SOURCE = "commonground-governance"
"""The curated governance map: `facts/governance/*.csv`."""

AREAS_SOURCE = "commonground-areas"
"""Aggregates, former states and spellings: `facts/areas.csv`, `facts/area_aliases.csv`."""
