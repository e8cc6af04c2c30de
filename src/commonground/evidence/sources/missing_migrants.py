"""IOM Missing Migrants Project: one row per incident, with its origins as a list."""

from __future__ import annotations

from datetime import date
from typing import Any

from commonground.evidence.sources.context import ImportContext, records
from commonground.evidence.store.tables import missing_migrant_origins, missing_migrants

COLUMNS = [
    "incident_date",
    "incident_month",
    "type",
    "route",
    "incident_country_iso3",
    "dead_and_missing",
    "cause",
    "survivors",
    "origin_iso3_list",
    "location",
    "lon",
    "lat",
]
KINDS = ("country", "territory", "aggregate")


def load_incidents(ctx: ImportContext) -> None:
    frame = ctx.read_csv(COLUMNS)
    declared = set(ctx.spec.options.get("negative_survivors_rows", []))
    incidents: list[dict[str, Any]] = []
    origins: list[dict[str, Any]] = []
    for line, r in records(frame):
        try:
            day = date.fromisoformat(r["incident_date"])
        except ValueError:
            raise ctx.error(
                "not a date",
                row=line,
                field="incident_date",
                value=r["incident_date"],
                expected="YYYY-MM-DD",
            ) from None
        ctx.report.years.add(day.year)
        country = (
            ctx.area(
                r["incident_country_iso3"], row=line, column="incident_country_iso3", kinds=KINDS
            )
            if r["incident_country_iso3"]
            else None
        )
        codes = []
        for part in r["origin_iso3_list"].split(","):
            if part.strip():
                code = ctx.area(part.strip(), row=line, column="origin_iso3_list", kinds=KINDS)
                if code not in codes:
                    codes.append(code)
        incidents.append(
            {
                "id": line,
                "source_id": ctx.spec.id,
                "incident_date": day,
                "year": day.year,
                "incident_type": r["type"],
                "route": r["route"] or None,
                "country": country,
                "dead_and_missing": ctx.count(
                    r["dead_and_missing"], row=line, column="dead_and_missing"
                ),
                "survivors": _survivors(ctx, r["survivors"], line, declared),
                "cause": r["cause"] or None,
                "origins": r["origin_iso3_list"] or None,
                "location": r["location"] or None,
                "lon": _coordinate(ctx, r["lon"], line, "lon", 180),
                "lat": _coordinate(ctx, r["lat"], line, "lat", 90),
            }
        )
        origins.extend({"incident_id": line, "origin": code} for code in codes)
    ctx.insert(missing_migrants, incidents)
    ctx.conn.execute(missing_migrant_origins.insert(), origins) if origins else None


def _survivors(ctx: ImportContext, value: str, line: int, declared: set[int]) -> int | None:
    """Survivors, or None; a negative count is an error unless declared for that row."""
    if line in declared and value.strip().startswith("-"):
        ctx.report.skip(ctx.spec.options["negative_survivors_reason"])
        return None
    return ctx.count(value, row=line, column="survivors", allow_blank=True)


def _coordinate(ctx: ImportContext, value: str, line: int, column: str, limit: int) -> float | None:
    if not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not -limit <= number <= limit:
        raise ctx.error(
            "not a coordinate",
            row=line,
            field=column,
            value=value,
            expected=f"a number between -{limit} and {limit}",
        )
    return number
