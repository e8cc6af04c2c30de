"""UN General Assembly recorded votes (Voeten, via the `unvotes` package).

The source drops absent and non-voting members; which members did not vote in a roll call is
derived later, from the members that voted in any roll call of the same session. The source
codes Serbia as Yugoslavia (`YU`) even after 2006, so `YU` on or after 3 June 2006 (when
Montenegro left the union) is Serbia, and Yugoslavia before.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import select

from commonground.domain.symbols import resolution_symbol
from commonground.evidence.rollcalls import roll_call_votes
from commonground.evidence.sources.context import (
    ImportContext,
    check_choice,
    check_unique,
    column_counts,
    first_line,
    records,
)
from commonground.evidence.store.tables import roll_call_issues, roll_calls, votes

ROLL_CALL_COLUMNS = [
    "rcid",
    "session",
    "importantvote",
    "date",
    "unres",
    "amend",
    "para",
    "short",
    "descr",
]
ISSUE_COLUMNS = ["rcid", "short_name", "issue"]
VOTE_COLUMNS = ["rcid", "country", "country_code", "vote"]
VOTES = {"yes", "no", "abstain"}
SERBIA_FROM = date(2006, 6, 3)


def _flag(ctx: ImportContext, value: str, line: int, column: str) -> bool | None:
    if value == "":
        return None
    if value not in ("0", "1"):
        raise ctx.error("not a 0/1 flag", row=line, field=column, value=value, expected="0 or 1")
    return value == "1"


def load_roll_calls(ctx: ImportContext) -> None:
    frame = ctx.read_csv(ROLL_CALL_COLUMNS)
    check_unique(ctx, frame, ["rcid"], "roll call id")
    rows: list[dict[str, Any]] = []
    for line, r in records(frame):
        try:
            day = date.fromisoformat(r["date"])
        except ValueError:
            raise ctx.error(
                "not a date", row=line, field="date", value=r["date"], expected="YYYY-MM-DD"
            ) from None
        ctx.report.years.add(day.year)
        rows.append(
            {
                "rcid": ctx.count(r["rcid"], row=line, column="rcid"),
                "session": ctx.count(r["session"], row=line, column="session"),
                "date": day,
                "unres": r["unres"] or None,
                "resolution": resolution_symbol(r["unres"]),
                "important": _flag(ctx, r["importantvote"], line, "importantvote"),
                "amend": _flag(ctx, r["amend"], line, "amend"),
                "para": _flag(ctx, r["para"], line, "para"),
                "short": r["short"] or None,
                "descr": r["descr"] or None,
                "source_id": ctx.spec.id,
                "source_row": line,
            }
        )
    ctx.insert(roll_calls, rows)


def load_issues(ctx: ImportContext) -> None:
    frame = ctx.read_csv(ISSUE_COLUMNS)
    check_unique(ctx, frame, ["rcid", "short_name"], "roll call and issue")
    known = set(ctx.conn.execute(select(roll_calls.c.rcid)).scalars())
    rcids = column_counts(ctx, frame["rcid"], "rcid").astype("int64")
    rows = []
    for (line, r), rcid in zip(records(frame), rcids, strict=True):
        if rcid not in known:
            raise ctx.error(
                "no such roll call",
                row=line,
                field="rcid",
                value=rcid,
                expected="an rcid of unvotes_un_roll_calls.csv",
            )
        rows.append({"rcid": int(rcid), "issue_code": r["short_name"], "issue": r["issue"]})
    ctx.insert(roll_call_issues, rows)


def load_votes(ctx: ImportContext) -> None:
    frame = ctx.read_csv(VOTE_COLUMNS)
    check_choice(ctx, frame, "vote", VOTES, "vote")
    rcids = column_counts(ctx, frame["rcid"], "rcid").astype("int64")
    dates = dict(ctx.conn.execute(select(roll_calls.c.rcid, roll_calls.c.date)).all())
    line = first_line(~rcids.isin(list(dates)))
    if line is not None:
        raise ctx.error(
            "no such roll call",
            row=line,
            field="rcid",
            value=frame["rcid"].iloc[line - 2],
            expected="an rcid of unvotes_un_roll_calls.csv",
        )
    # Resolve each distinct (code, name) once: the code where there is one, else the name.
    codes: dict[tuple[str, str], str] = {}
    for position, pair in enumerate(zip(frame["country_code"], frame["country"], strict=True)):
        if pair not in codes:
            code, name = pair
            column, value = ("country_code", code) if code else ("country", name)
            codes[pair] = ctx.area(
                value, row=position + 2, column=column, kinds=("country", "territory", "former")
            )
    country = pd.Series(
        [codes[(c, n)] for c, n in zip(frame["country_code"], frame["country"], strict=True)],
        index=frame.index,
    )
    day = rcids.map(dates)
    serbia = (frame["country_code"] == "YU") & (day >= SERBIA_FROM)
    country = country.where(~serbia, "SRB")
    out = pd.DataFrame(
        {"rcid": rcids, "country": country, "vote": frame["vote"], "source_row": frame.index + 2}
    )
    out["note"] = None
    out.loc[serbia, "note"] = "recorded as Yugoslavia (YU) in the source"
    ctx.report.years.update(d.year for d in set(day))
    check_unique(ctx, out, ["rcid", "country"], "roll call and country")
    out = out.astype(object).where(out.notna(), None)
    ctx.insert(votes, out.to_dict("records"))  # type: ignore[arg-type]
    if serbia.any():
        ctx.report.notes.append(f"{int(serbia.sum())} votes coded YU after 2006 recorded as Serbia")


GCM_COLUMNS = ["resolution", "date", "country", "country_code", "vote", "note", "vote_source"]


def check_gcm_votes(ctx: ImportContext) -> None:
    """The bundle's derived table of the GCM vote must agree with the votes loaded above."""
    frame = ctx.read_csv(GCM_COLUMNS)
    check_unique(ctx, frame, ["country_code"], "country")
    result = roll_call_votes(ctx.conn, str(frame["resolution"].iloc[0]))
    ours = {v.country: v.vote for v in result.votes}
    for line, r in records(frame):
        code = ctx.area(r["country_code"], row=line, column="country_code", kinds=("country",))
        expected = r["vote"] if r["vote"] in VOTES else "non-voting"
        if ours.get(code) != expected:
            raise ctx.error(
                "disagrees with the recorded votes",
                row=line,
                field="vote",
                value=r["vote"],
                expected=f"{ours.get(code)} as derived from unvotes",
            )
    ctx.report.notes.append(f"{len(frame)} rows agree with the votes derived from unvotes")
