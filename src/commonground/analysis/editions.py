"""Which source a query reads: an edition is named by its source id or a short form.

"2020" means the UN DESA 2020 origin-by-destination table; "wb-2017" the World Bank matrix.
No query ever mixes two sources.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, select, union

from commonground.analysis.sums import sources_held
from commonground.domain.errors import InvalidQuery
from commonground.evidence.store.summaries import FLOWS

SHORT_FORMS = {
    "stock": {"wb-2017": "wb-migrant-stock-2017", "wb": "wb-migrant-stock-2017"},
    "remittances": {
        "2017": "wb-remittances-2017",
        "2021": "wb-remittances-2021",
        "inflows": "knomad-inflows-2023-12",
        "2023-12": "knomad-inflows-2023-12",
        "wdi": "wdi-remittances",
    },
    "displacement": {"unhcr": "unhcr-displacement"},
}
DEFAULT = {
    "stock": "undesa-ims-2024",
    "remittances": "wb-remittances-2021",
    "displacement": "unhcr-displacement",
}


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
    if edition is None:
        return DEFAULT[kind] if DEFAULT[kind] in held else held[-1]
    text = edition.strip().lower()
    candidates = [text, SHORT_FORMS.get(kind, {}).get(text, ""), f"undesa-ims-{text}"]
    for candidate in candidates:
        if candidate in held:
            return candidate
    raise InvalidQuery(
        f"no {kind} edition {edition!r}; editions available: " + ", ".join(held),
        field="edition",
        allowed=held,
    )
