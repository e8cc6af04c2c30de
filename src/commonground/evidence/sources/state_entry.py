"""A treaty's rule for the entry into force of a later party, read from its declaration.

A treaty enters into force for a state that ratifies or accedes after the deposits that
brought it into force only some time after that state's own deposit (its article on entry
into force says when). The rule is declared in facts/datasets.yaml with the article, the
page that shows it and its words, and stored on the instrument row.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from commonground.domain.treaties import StateEntry
from commonground.evidence.sources.context import ImportContext

COLUMNS = (
    "state_entry_days",
    "state_entry_months",
    "state_entry_article",
    "state_entry_url",
    "state_entry_says",
)


def state_entry_columns(ctx: ImportContext, declared: dict[str, Any]) -> dict[str, Any]:
    """The instrument's `state_entry_*` columns from its declaration's `state_entry`."""
    given = declared.get("state_entry")
    if given is None:
        return dict.fromkeys(COLUMNS)
    try:
        rule = StateEntry(**given)
    except (TypeError, ValidationError) as exc:
        raise ctx.error(
            "a malformed state_entry declaration",
            field="state_entry",
            value=str(given)[:200],
            expected="days or months, and article, source_url and source_says"
            f" ({str(exc).splitlines()[0]})",
        ) from exc
    return {
        "state_entry_days": rule.days,
        "state_entry_months": rule.months,
        "state_entry_article": rule.article,
        "state_entry_url": rule.source_url,
        "state_entry_says": rule.source_says,
    }
