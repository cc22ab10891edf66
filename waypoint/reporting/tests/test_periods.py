import datetime as dt

import pytest

from waypoint.reporting.periods import (
    PeriodError,
    PeriodKind,
    latest_complete_tip_period,
    parse_month_day,
    parse_period,
    tip_start_for,
)


def test_calendar_year():
    period = parse_period("2024")
    assert (period.kind, period.start, period.end, period.token) == (
        PeriodKind.YEAR,
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
        "2024",
    )
    assert period.previous().token == "2023"
    assert period.quarters == [(2024, 1), (2024, 2), (2024, 3), (2024, 4)]


def test_tip_period_is_named_by_its_report_year_and_runs_april_to_march():
    period = parse_period("tip-2025")
    assert (period.start, period.end) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    assert period.previous().token == "tip-2024"
    assert (period.previous().start, period.previous().end) == (
        dt.date(2023, 4, 1),
        dt.date(2024, 3, 31),
    )
    assert period.quarters == [(2024, 2), (2024, 3), (2024, 4), (2025, 1)]
    assert period.contains(dt.date(2025, 3, 31))
    assert not period.contains(dt.date(2025, 4, 1))


def test_tip_period_start_is_configurable():
    period = parse_period("tip-2025", tip_start=(7, 1))
    assert (period.start, period.end) == (dt.date(2024, 7, 1), dt.date(2025, 6, 30))
    assert period.previous().start == dt.date(2023, 7, 1)
    assert tip_start_for("MT") == (4, 1)
    assert tip_start_for("MY") == (4, 1)
    assert tip_start_for("XX") == (4, 1)
    assert tip_start_for("MT", "10-01") == (10, 1)


def test_quarter_years_and_ranges():
    quarter = parse_period("2024-q3")
    assert (quarter.token, quarter.start, quarter.end) == (
        "2024-Q3",
        dt.date(2024, 7, 1),
        dt.date(2024, 9, 30),
    )
    assert parse_period("2024-Q1").previous().token == "2023-Q4"
    years = parse_period("2019..2023")
    assert (years.kind, years.start, years.end) == (
        PeriodKind.YEARS,
        dt.date(2019, 1, 1),
        dt.date(2023, 12, 31),
    )
    assert years.previous().token == "2014..2018"
    days = parse_period("2024-01-15..2024-02-14")
    assert days.kind == PeriodKind.RANGE
    assert days.previous().end == dt.date(2024, 1, 14)
    assert days.previous().start == dt.date(2023, 12, 15)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Give a period"),
        ("last year", "not a period"),
        ("2024-Q5", "not a period"),
        ("1800", "outside the years"),
        ("2023..2019", "last year comes before"),
        ("2024-02-30..2024-03-01", "does not exist"),
        ("2024-03-01..2024-02-01", "ends before it starts"),
        ("1990..2030", "at most 30 years"),
    ],
)
def test_bad_periods_say_what_is_accepted(text, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(text)


def test_month_day_setting():
    assert parse_month_day("04-01") == (4, 1)
    for bad in ("4-1", "02-29", "13-01", "x"):
        with pytest.raises(PeriodError):
            parse_month_day(bad)


def test_latest_complete_tip_period():
    assert latest_complete_tip_period(dt.date(2025, 3, 31)).token == "tip-2024"
    assert latest_complete_tip_period(dt.date(2025, 4, 1)).token == "tip-2025"
    assert latest_complete_tip_period(dt.date(2025, 6, 30), (7, 1)).token == "tip-2024"
