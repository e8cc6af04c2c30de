"""Status and flags of a pledge over time, with fixed dates (no database: pure functions)."""

from __future__ import annotations

from datetime import date

from commonground.workspace.pledges import Update, day, flags, status_of


def _u(n: int, on: str, status: str, confirmation: str | None = None) -> Update:
    return Update(n, on, status, "text", None, [], confirmation, "2020-01-01T00:00:00", 1)


MEASURABLE = {"metric": "people trained", "deadline": "2023"}


def test_partial_dates_start_and_end() -> None:
    assert day("2023") == date(2023, 1, 1) and day("2023", end=True) == date(2023, 12, 31)
    assert day("2024-02", end=True) == date(2024, 2, 29)
    assert day("2023-12", end=True) == date(2023, 12, 31)
    assert day("2023-05-06") == date(2023, 5, 6)


def test_fulfilment_counts_only_once_confirmed() -> None:
    ups = [_u(1, "2022-01-01", "in_progress"), _u(2, "2022-06-01", "fulfilled")]
    assert status_of(ups) == ("in_progress", True)
    ups[1] = _u(2, "2022-06-01", "fulfilled", "confirmed")
    assert status_of(ups) == ("fulfilled", False)
    assert status_of(ups, date(2022, 3, 1)) == ("in_progress", False)
    ups[1] = _u(2, "2022-06-01", "fulfilled", "declined")
    assert status_of(ups) == ("in_progress", False)


def test_flags_move_with_the_clock() -> None:
    start = date(2022, 5, 17)
    ups = [_u(1, "2022-06-01", "in_progress")]
    on = lambda today: flags(MEASURABLE, ups, "in_progress", start, today)  # noqa: E731
    assert on(date(2023, 5, 31)) == []
    assert on(date(2023, 6, 2)) == ["no_update_12m"]
    assert on(date(2024, 1, 1)) == ["overdue", "no_update_12m"]
    assert on(date(2024, 5, 31)) == ["overdue", "no_update_12m"]  # 730 days: still amber
    assert on(date(2024, 6, 1)) == ["overdue", "inactive"]
    # a pledge never updated counts from the day it was made
    assert flags(MEASURABLE, [], "planned", start, date(2023, 5, 18)) == ["no_update_12m"]


def test_fulfilled_or_dropped_pledges_are_neither_overdue_nor_quiet() -> None:
    start = date(2020, 1, 1)
    assert flags(MEASURABLE, [], "fulfilled", start, date(2030, 1, 1)) == []
    assert flags(MEASURABLE, [], "dropped", start, date(2030, 1, 1)) == []


def test_not_measurable_without_metric_or_deadline() -> None:
    start, today = date(2022, 1, 1), date(2022, 2, 1)
    assert flags({"metric": "x"}, [], "planned", start, today) == ["not_measurable"]
    assert flags({"deadline": "2030"}, [], "planned", start, today) == ["not_measurable"]
