"""Which source a query reads: an edition is named by its source id or a short form.

The names come from `facts/datasets.yaml` (`editions` and `default_for` of each source), as
the build stored them: "2020" is the UN DESA 2020 origin-by-destination table of the stock
series, "wb-2017" the World Bank matrix. No query ever mixes two sources.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, select, union

from commonground.analysis.catalogue import edition_names, role
from commonground.analysis.sums import sources_held
from commonground.domain.errors import InvalidQuery
from commonground.evidence.store.summaries import FLOWS


def sources_in(conn: Connection, *tables: Table) -> list[str]:
    """The sources fact tables hold: flow tables from the build's summaries, others scanned."""
    held = {s for t in tables if t.name in FLOWS for s in sources_held(conn, t)}
    scanned = [select(t.c.source_id).distinct() for t in tables if t.name not in FLOWS]
    if scanned:
        held.update(str(s) for s in conn.execute(union(*scanned)).scalars())
    return sorted(held)


def resolve_edition(conn: Connection, kind: str, edition: str | None, *tables: Table) -> str:
    """The source id an edition names, or a clear error listing the editions there are."""
    held = sources_in(conn, *tables)
    if not held:
        raise InvalidQuery(f"the database holds no {kind} figures", field="edition")
    names = edition_names(conn, kind)
    if edition is None:
        default = role(conn, f"default:{kind}")
        return default[0] if default and default[0] in held else held[-1]
    text = edition.strip().lower()
    chosen = names.get(text, text)
    if chosen in held:
        return chosen
    raise InvalidQuery(
        f"no {kind} edition {edition!r}; editions available: " + ", ".join(held),
        field="edition",
        allowed=held,
    )
