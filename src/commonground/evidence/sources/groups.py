"""Groups of states and the members of processes, as the bundle's `groups/` files give them.

Each file is a list as of one date (`options.as_of`): UN regional groups, the EU, OECD,
Council of Europe and NATO (memberstates, early 2020); the G20 (treemapify, 2018); the
Budapest Process, the Bali Process and the GFMD's participating states (manyios IIGO, coded
for 2017). A member that is not a state (the European Union in the G20) is kept as an
organisation where the declaration names it; later members that a file cannot hold (the
African Union in the G20 from 2023) are declared with their own source (`options.additions`).
"""

from __future__ import annotations

from typing import Any

from commonground.evidence.sources.context import (
    ImportContext,
    check_choice,
    check_unique,
    column_areas,
    records,
)
from commonground.evidence.store.governance_tables import group_members

STATE_KINDS = ("country", "territory")


def _row(
    ctx: ImportContext,
    group: str,
    member: str,
    name: str,
    line: int | None,
    *,
    member_type: str = "state",
    complete: bool = True,
    from_date: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    as_of = str(ctx.spec.options["as_of"])
    return {
        "group_id": group,
        "member": member,
        "member_type": member_type,
        "name_as_read": name,
        "from_date": from_date,
        "from_year": int(from_date[:4]) if from_date else None,
        "as_of": as_of,
        "as_of_year": int(as_of[:4]),
        "list_complete": complete,
        "source_id": ctx.spec.id,
        "source_url": extra.get("source_url"),
        "source_says": extra.get("source_says"),
        "note": extra.get("note"),
        "source_row": line,
    }


def _additions(ctx: ImportContext, group: str) -> list[dict[str, Any]]:
    """Members the file cannot hold, each declared with its public source."""
    out = []
    for add in ctx.spec.options.get("additions", []):
        for key in ("member", "name", "member_type", "from_date", "source_url", "source_says"):
            if not add.get(key):
                raise ctx.error(
                    "a declared addition lacks a value",
                    field=f"options.additions.{key}",
                    expected="member, name, member_type, from_date, source_url and source_says",
                )
        row = _row(
            ctx,
            group,
            str(add["member"]),
            str(add["name"]),
            None,
            member_type=str(add["member_type"]),
            from_date=str(add["from_date"]),
            source_url=add["source_url"],
            source_says=add["source_says"],
            note=add.get("note"),
        )
        row["as_of"], row["as_of_year"] = row["from_date"], row["from_year"]
        out.append(row)
    return out


def load_memberstates(ctx: ImportContext) -> None:
    """UN regional groups, EU, OECD, CoE, NATO: one row per group and member state."""
    groups: dict[str, str] = ctx.spec.options["groups"]
    frame = ctx.read_csv(["family", "group", "country", "iso3c"])
    check_choice(ctx, frame, "group", groups, "group")
    codes = column_areas(ctx, frame["iso3c"], "iso3c", kinds=STATE_KINDS)
    lines = range(2, len(frame) + 2)
    ctx.unique(zip(frame["group"], codes, strict=True), iter(lines), "group and state", "iso3c")
    rows = [
        _row(ctx, groups[r["group"]], code, r["country"], line)
        for (line, r), code in zip(records(frame), codes, strict=True)
    ]
    ctx.report.years.add(int(str(ctx.spec.options["as_of"])[:4]))
    ctx.insert(group_members, rows)


def load_g20(ctx: ImportContext) -> None:
    """The G20's members in 2018; the EU kept as an organisation, the AU added from 2023."""
    opts = ctx.spec.options
    group = str(opts["group"])
    not_states: dict[str, dict[str, str]] = opts.get("not_states", {})
    frame = ctx.read_csv(["country", "region", "econ_classification", "hemisphere"])
    rows = []
    for line, r in records(frame):
        name = r["country"]
        if name in not_states:
            other = not_states[name]
            rows.append(
                _row(
                    ctx,
                    group,
                    other["member"],
                    name,
                    line,
                    member_type="organisation",
                    note=other["note"],
                )
            )
            continue
        code = ctx.area(name, row=line, column="country", kinds=STATE_KINDS)
        rows.append(_row(ctx, group, code, name, line))
    ctx.report.years.add(int(str(opts["as_of"])[:4]))
    ctx.insert(group_members, rows + _additions(ctx, group))


def load_processes(ctx: ImportContext) -> None:
    """Members of informal processes (IIGO): each declared title names its forum."""
    opts = ctx.spec.options
    forums: dict[str, dict[str, Any]] = opts["forums"]
    declared = {int(k): v for k, v in opts.get("declared_rows", {}).items()}
    frame = ctx.read_csv(["stateID", "StateName", "igoID", "Title", "Begin", "End", "Year"])
    check_choice(ctx, frame, "Title", forums, "process (Title)")
    check_choice(ctx, frame, "Year", [str(opts["coded_for"])], "year of coding")
    check_choice(ctx, frame, "End", [""], "end year (no member left in the coded year)")
    check_unique(ctx, frame, ["StateName", "Title"], "state and process")
    rows = []
    for line, r in records(frame):
        forum = forums[r["Title"]]
        decision = declared.get(line)
        if decision is not None:
            code = ctx.area(r["StateName"], row=line, column="StateName", kinds=STATE_KINDS)
            ctx.report.notes.append(f"row {line} ({r['StateName']}): {decision['reason']}")
        else:
            code = ctx.area(r["stateID"], row=line, column="stateID", kinds=STATE_KINDS)
        begin = r["Begin"].strip()
        if begin:
            ctx.year(begin, row=line, column="Begin", lo=1945, hi=2017)
        rows.append(
            _row(
                ctx,
                f"forum:{forum['forum']}",
                code,
                r["StateName"],
                line,
                complete=bool(forum["complete"]),
                from_date=begin or None,
                note=forum.get("note"),
            )
        )
    ctx.insert(group_members, rows)
