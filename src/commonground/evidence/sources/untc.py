"""The UN Treaty Collection's records of chapters V and XVIII (zmjones/untreaties snapshots).

`index.csv` names each treaty, where and when it was adopted and its UNTC page: it makes the
instrument rows, with the entry into force that `facts/datasets.yaml` declares for each, cited.
Each `untc_<chapter>-<number>.csv` lists the participants as UNTC read on the file's date:
a signature date and the date of the instrument of consent, whose suffix says its kind
(none: ratification, `a` accession, `d` succession, `A` acceptance, `AA` approval). The rows
become dated treaty actions; a participant that is not a state (the European Union) is passed
over only where the declaration names it.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import select

from commonground.evidence.sources.context import ImportContext, check_unique, records
from commonground.evidence.sources.state_entry import state_entry_columns
from commonground.evidence.store.governance_tables import instrument_actions
from commonground.evidence.store.tables import instruments

INDEX_COLUMNS = ["chapter_no", "treaty_no", "treaty_name", "url", "chapter_url", "chapter_name"]
SUFFIXES = {
    "": "ratification",
    "a": "accession",
    "d": "succession",
    "A": "acceptance",
    "AA": "approval",
}
_DATED = re.compile(r"^(\d{1,2} [A-Z][a-z]{2} \d{4})(?: (a|d|A|AA))?$")
_ADOPTED = re.compile(r"^(?P<title>.+)\. (?P<place>[A-Z][\w ]+), (?P<date>\d{1,2} \w+ \d{4})$")


def untc_date(ctx: ImportContext, text: str, *, row: int, column: str) -> tuple[str, str]:
    """('YYYY-MM-DD', kind of action) from UNTC's '30 Aug 2005 a'."""
    match = _DATED.match(text.strip())
    parsed = None
    if match is not None:
        try:
            parsed = datetime.strptime(match.group(1), "%d %b %Y").date()
        except ValueError:
            parsed = None
    if match is None or parsed is None:
        raise ctx.error(
            "not a UNTC date",
            row=row,
            field=column,
            value=text,
            expected="a date like '30 Aug 2005', optionally followed by a, d, A or AA",
        )
    ctx.report.years.add(parsed.year)
    return parsed.isoformat(), SUFFIXES[match.group(2) or ""]


def load_index(ctx: ImportContext) -> None:
    """One instrument per declared row of the index; every row must be declared."""
    frame = ctx.read_csv(INDEX_COLUMNS)
    check_unique(ctx, frame, ["chapter_no", "treaty_no"], "treaty")
    declared: dict[str, dict[str, Any]] = ctx.spec.options["treaties"]
    rows = []
    found: set[str] = set()
    for line, r in records(frame):
        key = f"{r['chapter_no']}-{r['treaty_no'].replace('.', '-')}"
        spec = declared.get(key)
        if spec is None:
            raise ctx.error(
                "a treaty the declaration does not name",
                row=line,
                field="treaty_no",
                value=key,
                expected="one of " + ", ".join(declared) + " (options.treaties in datasets.yaml)",
            )
        found.add(key)
        match = _ADOPTED.match(r["treaty_name"].strip())
        if match is None:
            raise ctx.error(
                "the treaty name does not end with its place and date of adoption",
                row=line,
                field="treaty_name",
                value=r["treaty_name"],
                expected="'<title>. <place>, <day> <month> <year>'",
            )
        adopted = datetime.strptime(match.group("date"), "%d %B %Y").date().isoformat()
        ctx.report.years.add(int(adopted[:4]))
        rows.append(
            {
                "id": spec["instrument"],
                "title": match.group("title"),
                "short_name": spec["short_name"],
                "kind": spec["kind"],
                "binding": True,
                "adopted": adopted,
                "entry_into_force": str(spec["entry_into_force"]),
                "status_as_of": str(spec["status_as_of"]),
                "coverage": f"every participant UNTC listed on {spec['status_as_of']}"
                " (states and, where it is a party, the European Union)",
                "source_id": ctx.spec.id,
                "pillar": 5,
                "depositary": "Secretary-General of the United Nations",
                "url": r["url"],
                "source_url": spec["entry_into_force_source"],
                "source_says": spec["entry_into_force_says"],
                "note": f"adopted in {match.group('place')}; {spec.get('note', '')}".rstrip("; "),
                "source_row": line,
                **state_entry_columns(ctx, spec),
            }
        )
    missing = sorted(set(declared) - found)
    if missing:
        raise ctx.error(
            "the index lacks declared treaties",
            field="treaty_no",
            value=", ".join(missing),
            expected=f"{len(declared)} rows",
        )
    ctx.insert(instruments, rows)


def load_record(ctx: ImportContext) -> None:
    """Every participant of one treaty: a signature and/or a dated instrument of consent."""
    opts = ctx.spec.options
    instrument_id = str(opts["instrument"])
    consent = str(opts["consent_column"])
    signature = opts.get("signature_column")
    columns = ["Participant", *([signature] if signature else []), consent]
    frame = ctx.read_csv(columns)
    check_unique(ctx, frame, ["Participant"], "participant")
    instrument = (
        ctx.conn.execute(select(instruments).where(instruments.c.id == instrument_id))
        .mappings()
        .first()
    )
    if instrument is None:
        raise ctx.error(
            f"instrument {instrument_id!r} is not in the UNTC index loaded before this file",
            expected="the index declared earlier in facts/datasets.yaml",
        )
    not_states: dict[str, str] = opts.get("not_states", {})
    declared = {int(k): v for k, v in opts.get("declared_rows", {}).items()}
    as_of = str(opts["as_of"])
    rows: list[dict[str, Any]] = []
    for line, r in records(frame):
        name = r["Participant"]
        if line in declared:
            ctx.report.skip(f"row {line} ({name}): {declared[line]['reason']}")
            continue
        if name in not_states:
            ctx.report.skip(f"{name}: {not_states[name]}")
            continue
        code = ctx.area(name, row=line, column="Participant", kinds=("country", "territory"))
        said = f"{name}: " + "; ".join(f"{c} {r[c]}" for c in columns[1:] if r[c].strip())
        acts: list[tuple[str, str]] = []
        if signature and r[signature].strip():
            acts.append((untc_date(ctx, r[signature], row=line, column=signature)[0], "signature"))
        if r[consent].strip():
            acts.append(untc_date(ctx, r[consent], row=line, column=consent))
        if not acts:
            raise ctx.error(
                "a participant with no date",
                row=line,
                field=consent,
                expected="a signature or a date of ratification, accession or succession",
            )
        for when, action in acts:
            rows.append(
                {
                    "instrument_id": instrument_id,
                    "country": code,
                    "action": action,
                    "date": when,
                    "year": int(when[:4]),
                    "name_as_read": name,
                    "list_as_of": as_of,
                    "list_as_of_year": int(as_of[:4]),
                    "list_complete": True,
                    "source_id": ctx.spec.id,
                    "source_url": instrument["url"],
                    "source_says": said,
                    "note": None,
                    "conflict": None,
                    "source_row": line,
                }
            )
    ctx.insert(instrument_actions, rows)
