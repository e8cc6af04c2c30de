"""Sets of states as users name them: codes, names, and named sets with a source.

A set is a list of items: a state (ISO3, ISO2, M49 or any known spelling) or a named set,
`set:NAME` for a group the bundle's classifications define (least developed countries, an
income group, an M49 region, ...), `forum:ID` for a forum's member states as of a year, or
`meeting:ID` for the states with a role at a meeting. Groups of states come from the bundle's
group files, each dated (`set:g20`, `set:eu`, `set:oecd`, `set:coe`, `set:nato`, the five UN
regional groups `set:un-group:african`, ...), and `set:gcm-champions` is the curated set of
GCM Champion countries. A member that is not a state (the European Union and the African
Union in the G20) is named in the result but never counted among the states. A group no
source gives is not offered. Unknown names fail with close matches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from commonground.analysis.areas import COUNTRY_KINDS, find_area, suggest_areas
from commonground.analysis.catalogue import role
from commonground.analysis.governance.forums import forum_record
from commonground.analysis.governance.lookup import meeting_id
from commonground.analysis.governance.roles import role_rows
from commonground.domain.errors import InvalidQuery, NotFound, shorten
from commonground.domain.ids import GOVERNANCE_SOURCE
from commonground.evidence.store.governance_tables import group_members, roles
from commonground.evidence.store.tables import areas, sources

# The roles (facts/datasets.yaml) of the sources that define named sets.
CLASSIFICATION_SOURCE = "classification"
GROUP_SOURCE = "development_groups"
# Named sets: slug -> (description, role of the defining source, condition on the areas table).
NAMED: dict[str, tuple[str, str, Callable[[], Any]]] = {
    "ldc": ("least developed countries", CLASSIFICATION_SOURCE, lambda: areas.c.ldc.is_(True)),
    "lldc": (
        "landlocked developing countries",
        CLASSIFICATION_SOURCE,
        lambda: areas.c.lldc.is_(True),
    ),
    "sids": (
        "small island developing states",
        CLASSIFICATION_SOURCE,
        lambda: areas.c.sids.is_(True),
    ),
    "un-members": (
        "UN member states (the 193 rows of the treaty status files)",
        "un_membership",
        lambda: areas.c.un_member.is_(True),
    ),
    "more-developed": (
        "UN DESA more developed regions",
        GROUP_SOURCE,
        lambda: areas.c.development_group == "more developed",
    ),
    "less-developed": (
        "UN DESA less developed regions",
        GROUP_SOURCE,
        lambda: areas.c.development_group == "less developed",
    ),
    **{
        f"{group.replace(' ', '-')}": (
            f"{group} countries (World Bank groups as UN DESA used them in 2019)",
            GROUP_SOURCE,
            lambda group=group: areas.c.income_group == group,  # type: ignore[misc]
        )
        for group in ("high income", "upper-middle income", "lower-middle income", "low income")
    },
    **{
        region.lower(): (
            f"M49 region {region}",
            CLASSIFICATION_SOURCE,
            lambda region=region: areas.c.region == region,  # type: ignore[misc]
        )
        for region in ("Africa", "Americas", "Asia", "Europe", "Oceania")
    },
}
Provider = Callable[[Connection, str, int | None], "StateSet"]


@dataclass
class StateSet:
    """The states of a set, in the order given, with what named sets it drew on."""

    codes: list[str]
    named: list[str] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Members that are not states (the EU in the G20): named, never counted.
    organisations: list[str] = field(default_factory=list)


# Named sets that are the member states of a curated forum.
FORUM_SETS = {"gcm-champions": "gcm-champions"}


def group_sets(conn: Connection) -> list[str]:
    """The groups the bundle's group files hold (not the processes, which are `forum:ID`)."""
    ids = conn.execute(select(group_members.c.group_id).distinct()).scalars()
    return sorted(str(g) for g in ids if not str(g).startswith("forum:"))


def group_states(conn: Connection, group_id: str, as_of: int | None) -> StateSet:
    """A group's member states as its file lists them, with the date of the list; members
    dated from a later year (the AU in the G20 from 2023) only from that year."""
    rows = [
        dict(r)
        for r in conn.execute(
            select(group_members, sources.c.title)
            .join(sources, sources.c.id == group_members.c.source_id)
            .where(group_members.c.group_id == group_id)
            .order_by(group_members.c.source_row)
        ).mappings()
    ]
    held = [r for r in rows if as_of is None or r["from_year"] is None or r["from_year"] <= as_of]
    later = [r for r in rows if r not in held]
    lists = sorted({r["as_of"] for r in rows if r["from_year"] is None})
    notes = [f"set:{group_id}: members as listed on {', '.join(lists)} ({rows[0]['title']})"]
    if as_of is not None and lists and all(int(d[:4]) != as_of for d in lists):
        notes.append(
            f"membership asked as of {as_of}; the list held is as of {', '.join(lists)}:"
            " states that joined or left since are not held"
        )
    organisations = []
    for r in held:
        if r["member_type"] != "state":
            organisations.append(r["name_as_read"])
            since = f" from {r['from_date']}" if r["from_date"] else ""
            notes.append(
                f"{r['name_as_read']} is a member{since} that is not a state: named here,"
                " not counted among the states"
            )
    for r in later:
        notes.append(f"{r['name_as_read']} is a member only from {r['from_date']}")
    return StateSet(
        [str(r["member"]) for r in held if r["member_type"] == "state"],
        named=[f"set:{group_id}"],
        source_ids=list(dict.fromkeys(str(r["source_id"]) for r in rows)),
        notes=notes,
        organisations=organisations,
    )


def forum_states(conn: Connection, forum_id: str, as_of: int | None) -> StateSet:
    """The member states of a forum or process as of a year (any year held when None)."""
    found = forum_record(conn, forum_id, as_of)
    codes = sorted({r.actor for r in found.members if r.actor_type == "state"})
    when = f"as of {as_of}" if as_of is not None else "in any year held"
    return StateSet(
        codes,
        named=[f"forum:{found.forum.id} (member states {when})"],
        source_ids=[GOVERNANCE_SOURCE],
        notes=list(found.notes),
    )


def meeting_states(conn: Connection, key: str, _as_of: int | None) -> StateSet:
    """The states with any role at a meeting (participant, host, chair, ...)."""
    meeting = meeting_id(conn, key)
    rows = role_rows(conn, roles.c.meeting == meeting, roles.c.actor_type == "state")
    return StateSet(
        sorted({r.actor for r in rows}),
        named=[f"meeting:{meeting} (states with a role at the meeting)"],
        source_ids=[GOVERNANCE_SOURCE],
        notes=[] if rows else [f"no state role is held for meeting {meeting}"],
    )


# Named sets from the governance map: forum members as of a year, meeting participants.
PROVIDERS: dict[str, Provider] = {"forum": forum_states, "meeting": meeting_states}


MAX_ITEMS = 400  # more than every state and named set together; bounds one request's work
SUGGEST_FOR = 3  # unknown items that get close-match suggestions (each costs a search)


def parse_items(text: str | Sequence[str] | None, field: str = "states") -> list[str]:
    """Items from "MEX,USA", "Korea, Republic of; Mexico", a pasted list with one item a line
    (commas inside a line then belong to the name), or a list of such strings.

    More than MAX_ITEMS items is refused before any is looked up.
    """
    parts = [text] if isinstance(text, str) else list(text or [])
    items: list[str] = []
    for part in parts:
        lines = [line for line in part.splitlines() if line.strip()]
        if len(lines) > 1:
            items += [p.strip() for line in lines for p in line.split(";") if p.strip()]
        else:
            separator = ";" if ";" in part else ","
            items += [p.strip() for p in part.split(separator) if p.strip()]
        if len(items) > MAX_ITEMS:
            raise InvalidQuery(
                f"too many items in {field}: at most {MAX_ITEMS} (codes, names or named sets)",
                field=field,
            )
    return items


def named_sets(conn: Connection | None = None) -> list[str]:
    groups = group_sets(conn) if conn is not None else []
    return (
        [f"set:{k}" for k in NAMED]
        + [f"set:{g}" for g in groups + list(FORUM_SETS)]
        + [f"{p}:ID" for p in PROVIDERS]
    )


def resolve_states(
    conn: Connection, items: str | Sequence[str] | None, as_of: int | None = None
) -> StateSet:
    """Resolve every item; all unknown items are reported together, with close matches."""
    wanted = parse_items(items)
    if not wanted:
        raise InvalidQuery(
            "the set of states is empty: give codes or names (e.g. MEX,USA) or a named set ("
            + ", ".join(named_sets())
            + ")",
            field="states",
        )
    result = StateSet([])
    unknown: list[str] = []
    suggestions: list[str] = []
    kinds = {str(c): str(k) for c, k in conn.execute(select(areas.c.code, areas.c.kind))}
    for item in wanted:
        prefix, _, name = item.partition(":")
        if name and prefix.lower() in ("set", *PROVIDERS):
            if prefix.lower() == "set":
                found = _named(conn, name.strip().lower(), as_of)
            else:
                found = PROVIDERS[prefix.lower()](conn, name.strip(), as_of)
            if not found.codes:
                when = f" as of {as_of}" if as_of is not None else ""
                raise InvalidQuery(
                    f"the set {shorten(item)!r} has no member states{when}: name states or"
                    " a set that has members",
                    field="states",
                )
            _add(result, found)
        else:
            code = find_area(conn, item)
            if code is not None and kinds.get(code) == "aggregate":
                raise InvalidQuery(
                    f"{item!r} is a group of areas, not a state; named sets: "
                    + ", ".join(named_sets()),
                    field="states",
                )
            if code is None or kinds.get(code) not in COUNTRY_KINDS:
                unknown.append(item)
                if len(unknown) <= SUGGEST_FOR:
                    suggestions += suggest_areas(conn, item, limit=3)
            elif code not in result.codes:
                result.codes.append(code)
    if unknown:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        listed = ", ".join(repr(shorten(u)) for u in unknown[:10])
        if len(unknown) > 10:
            listed += f" and {len(unknown) - 10} more"
        raise NotFound(
            f"unknown state{'s' if len(unknown) > 1 else ''} {listed}"
            f"{hint} (named sets: {', '.join(named_sets(conn))})",
            suggestions=suggestions,
        )
    return result


def _named(conn: Connection, slug: str, as_of: int | None) -> StateSet:
    if slug in FORUM_SETS:
        found = forum_states(conn, FORUM_SETS[slug], as_of)
        found.named = [f"set:{slug} ({found.named[0]})"]
        return found
    if slug not in NAMED and slug in group_sets(conn):
        return group_states(conn, slug, as_of)
    if slug not in NAMED:
        raise NotFound(
            f"no named set {slug!r}; named sets: {', '.join(named_sets(conn))}. Sets whose"
            " membership no source in Common Ground gives are not offered",
            suggestions=named_sets(conn),
        )
    description, source_role, condition = NAMED[slug]
    codes = conn.execute(
        select(areas.c.code)
        .where(condition(), areas.c.kind.in_(COUNTRY_KINDS))
        .order_by(areas.c.code)
    ).scalars()
    return StateSet(
        [str(c) for c in codes],
        named=[f"set:{slug} ({description})"],
        source_ids=role(conn, source_role),
    )


def _add(result: StateSet, other: StateSet) -> None:
    result.codes += [c for c in other.codes if c not in result.codes]
    result.named += other.named
    result.source_ids += [s for s in other.source_ids if s not in result.source_ids]
    result.notes += other.notes
    result.organisations += [o for o in other.organisations if o not in result.organisations]
