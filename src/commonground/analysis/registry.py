"""Every query, declared once: the API's routes and the CLI's commands are made from this.

`ANALYSES` answer questions (several tables, a method); `TABLES` are the tabular evidence
routes (one table of one edition).
"""

from __future__ import annotations

from typing import Any

from commonground.analysis import (
    coalition,
    completion,
    coverage,
    displacement,
    missing_migrants,
    overlap,
    pledge_dashboard,
    population,
    position,
    practices,
    quadrants,
    remittances,
    representation,
    stock,
    votes,
)
from commonground.analysis.declare import Declared

ANALYSES: tuple[Declared[Any, Any], ...] = (
    coverage.DECLARED,
    quadrants.DECLARED,
    position.DECLARED,
    representation.DECLARED,
    coalition.DECLARED,
    overlap.DECLARED,
    votes.DECLARED,
    completion.DECLARED,
    pledge_dashboard.DECLARED,
    practices.PARTNERS,
    practices.GAPS,
)
TABLES: tuple[Declared[Any, Any], ...] = (
    stock.DECLARED,
    remittances.DECLARED,
    displacement.DECLARED,
    missing_migrants.DECLARED,
    population.DECLARED,
)
