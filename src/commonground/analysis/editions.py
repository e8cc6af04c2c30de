"""Which source a query reads: an edition is named by its source id or a short form.

"2020" means the UN DESA 2020 origin-by-destination table; "wb-2017" the World Bank matrix.
No query ever mixes two sources.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, select, union

from commonground.analysis.memo import memo
from commonground.errors import InvalidQuery

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
    """The sources a fact table holds (a full scan, so kept per build: see memo)."""
    query = union(*(select(t.c.source_id).distinct() for t in tables))
    return memo(
        conn,
        ("sources-in", *(t.name for t in tables)),
        lambda: sorted(str(s) for s in conn.execute(query).scalars()),
    )


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
