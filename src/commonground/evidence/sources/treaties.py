"""Ratification status of the UN core human-rights treaties (UN Treaty Collection, mid-2022).

Each file has one row per UN member state, so the first file loaded also records UN
membership. The files give the year of ratification or accession only; signatures are
undated, and states that are not UN members are not covered.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from commonground.evidence.sources.context import ImportContext, check_unique, records
from commonground.evidence.sources.state_entry import state_entry_columns
from commonground.evidence.store.tables import areas, instruments, treaty_status

COLUMNS = [
    "iso2",
    "member",
    "state party",
    "year ratification or accession",
    "signatory",
    "no action",
    "status",
]
STATUSES = {"state party": "party", "signatory state": "signatory", "no action": "none"}


def load_status(ctx: ImportContext) -> None:
    opts = ctx.spec.options
    columns = COLUMNS + (["note"] if opts.get("has_note", True) else [])
    frame = ctx.read_csv(columns)
    check_unique(ctx, frame, ["iso2"], "state")
    ctx.conn.execute(
        instruments.insert(),
        [
            {
                "id": opts["instrument"],
                "title": opts["title"],
                "short_name": opts["short_name"],
                "kind": opts["kind"],
                "binding": True,
                "adopted": str(opts["adopted"]),
                "entry_into_force": opts.get("entry_into_force"),
                "status_as_of": opts["status_as_of"],
                "coverage": "the 193 UN member states",
                "source_id": ctx.spec.id,
                "pillar": 5,  # international legal frameworks (brief/domain.md)
                # Where the declaration gives the entry into force, it cites its source.
                "source_url": opts.get("entry_into_force_source"),
                "source_says": opts.get("entry_into_force_says"),
                **state_entry_columns(ctx, opts),
            }
        ],
    )
    declared = {int(k): v for k, v in opts.get("declared_rows", {}).items()}
    rows: list[dict[str, Any]] = []
    for line, r in records(frame):
        decision = declared.get(line)
        if decision is not None and decision.get("skip"):
            ctx.report.skip(f"row {line}: {decision['reason']}")
            continue
        by_name = decision is not None and decision.get("resolve_by_name", False)
        code = ctx.area(
            r["member"] if by_name else r["iso2"],
            row=line,
            column="member" if by_name else "iso2",
            kinds=("country",),
        )
        status = STATUSES.get(r["status"].strip())
        if status is None:
            raise ctx.error(
                "unknown status",
                row=line,
                field="status",
                value=r["status"],
                expected=" or ".join(STATUSES),
            )
        flags = (r["state party"], r["signatory"], r["no action"])
        expected_flags = {
            "party": ("1", "0", "0"),
            "signatory": ("0", "1", "0"),
            "none": ("0", "0", "1"),
        }[status]
        year_text = r["year ratification or accession"].strip()
        year = (
            ctx.year(year_text, row=line, column="year ratification or accession", lo=1945, hi=2100)
            if year_text
            else None
        )
        denounced = None
        if decision is not None:
            status = decision.get("status", status)
            denounced = decision.get("denounced")
            if denounced is not None:
                if status != "party" or year is None or denounced < year:
                    raise ctx.error(
                        "a denounced treaty needs a party with a ratification year before it",
                        row=line,
                        field="year ratification or accession",
                        expected=f"a year before {denounced}",
                    )
                status = "none"
            ctx.report.notes.append(f"row {line} ({r['member']}): {decision['reason']}")
        elif flags != expected_flags:
            raise ctx.error(
                "the status flags contradict the status",
                row=line,
                field="state party",
                value="/".join(flags),
                expected=f"{'/'.join(expected_flags)} for {r['status']!r}, or the"
                " row declared under declared_rows in facts/datasets.yaml",
            )
        elif status == "party" and year is None:
            raise ctx.error(
                "a state party needs a year",
                row=line,
                field="year ratification or accession",
                expected="a year",
            )
        rows.append(
            {
                "instrument_id": opts["instrument"],
                "country": code,
                "status": status,
                "year": year,
                "denounced": denounced,
                "note": r.get("note") or None,
                "source_id": ctx.spec.id,
                "source_row": line,
            }
        )
    ctx.insert(treaty_status, rows)
    members = [row["country"] for row in rows]
    ctx.conn.execute(update(areas).where(areas.c.code.in_(members)).values(un_member=True))
