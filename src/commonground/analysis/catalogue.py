"""The catalogue of sources: what was loaded, from which file and edition, and which
sources play a fixed part (`roles` in `facts/datasets.yaml`, stored by the build)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from commonground.analysis.memo import memo
from commonground.analysis.paging import Read, Window, read_page
from commonground.domain.citation import Citation
from commonground.domain.errors import CommonGroundError
from commonground.evidence.store.governance_tables import source_disagreements
from commonground.evidence.store.tables import source_editions, source_roles, sources


def list_sources(conn: Connection) -> list[Citation]:
    """Every source loaded, by dataset then id."""
    return [Citation.from_row(r._mapping) for r in source_page(conn, None).rows]


def source_page(conn: Connection, window: Window | None) -> Read:
    """The sources in `window` (all if None), by dataset then id, read in SQL."""
    return read_page(conn, select(sources).order_by(sources.c.dataset, sources.c.id), window)


def sources_by_id(conn: Connection, ids: list[str]) -> list[Citation]:
    """Full citations for the sources a result used, in the order given."""
    found = {
        r["id"]: Citation.from_row(r)
        for r in conn.execute(select(sources).where(sources.c.id.in_(ids))).mappings()
    }
    return [found[i] for i in ids if i in found]


def role(conn: Connection, name: str) -> list[str]:
    """The source ids a role names, in declared order (empty if the role is not declared)."""
    held = memo(conn, ("source-roles",), lambda: _roles(conn))
    return list(held.get(name, ()))


def role_source(conn: Connection, name: str) -> str:
    """The one source a role names; an error that says which declaration is missing."""
    ids = role(conn, name)
    if not ids:
        raise CommonGroundError(
            f"the database declares no source for the role {name!r}: add it under roles in"
            " facts/datasets.yaml and rebuild"
        )
    return ids[0]


def role_citations(conn: Connection, name: str) -> list[Citation]:
    return sources_by_id(conn, role(conn, name))


def edition_names(conn: Connection, series: str) -> dict[str, str]:
    """Every name a query may give an edition of `series`, with the source it names."""
    held = memo(conn, ("source-editions",), lambda: _editions(conn))
    return dict(held.get(series, {}))


def _roles(conn: Connection) -> dict[str, tuple[str, ...]]:
    rows = conn.execute(
        select(source_roles.c.role, source_roles.c.source_id).order_by(
            source_roles.c.role, source_roles.c.position
        )
    ).all()
    out: dict[str, list[str]] = {}
    for name, source_id in rows:
        out.setdefault(str(name), []).append(str(source_id))
    return {k: tuple(v) for k, v in out.items()}


def _editions(conn: Connection) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for series, name, source_id in conn.execute(select(source_editions)).all():
        out.setdefault(str(series), {})[str(name).lower()] = str(source_id)
    return out


def disagreement_page(conn: Connection, window: Window | None) -> Read:
    """Where two sources of one instrument disagree, as the build found and declared it: the
    rows in `window` (all if None), read in SQL."""
    shown = [c for c in source_disagreements.c if c.name != "id"]
    query = select(*shown).order_by(
        source_disagreements.c.instrument_id, source_disagreements.c.country
    )
    return read_page(conn, query, window)
