"""Working days and public holidays: the arithmetic of NRM deadlines (pure, no database).

A country's public holidays come from the ``holidays`` package (for the country and, where the law
differs by state, its subdivision) plus the manual entries of the country profile (a holiday
declared by the government at short notice). Weekends are per country too: some Malaysian states
rest on Friday and Saturday.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

from waypoint.referrals.choices import DayKind

# ISO weekdays (Monday = 1 … Sunday = 7).
DEFAULT_WEEKEND = (6, 7)


@lru_cache(maxsize=64)
def _package_holidays(country: str, subdivision: str, year: int) -> frozenset[dt.date]:
    try:
        calendar = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    except NotImplementedError:
        # A country the package does not know: only the manual entries of the profile count.
        return frozenset()
    return frozenset(calendar.keys())


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days count as working days in one country."""

    country: str
    subdivision: str = ""
    weekend: tuple[int, ...] = DEFAULT_WEEKEND
    extra_holidays: frozenset[dt.date] = field(default_factory=frozenset)

    def is_holiday(self, day: dt.date) -> bool:
        return day in self.extra_holidays or day in _package_holidays(
            self.country, self.subdivision, day.year
        )

    def is_working_day(self, day: dt.date) -> bool:
        return day.isoweekday() not in self.weekend and not self.is_holiday(day)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (``start`` itself never counts).

        Zero working days means "the same day if it is a working day, otherwise the next one".
        """
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        if days == 0:
            while not self.is_working_day(current):
                current += dt.timedelta(days=1)
            return current
        counted = 0
        while counted < days:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                counted += 1
        return current

    def subtract_working_days(self, end: dt.date, days: int) -> dt.date:
        """The working day ``days`` working days before ``end`` (for reminders)."""
        current = end
        counted = 0
        while counted < days:
            current -= dt.timedelta(days=1)
            if self.is_working_day(current):
                counted += 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
        count = 0
        current = start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count


def due_date(start: dt.date, days: int, kind: str, calendar: WorkingCalendar) -> dt.date:
    """When a time limit of ``days`` (working or calendar days) counted from ``start`` ends."""
    if kind == DayKind.WORKING:
        return calendar.add_working_days(start, days)
    if kind == DayKind.CALENDAR:
        return start + dt.timedelta(days=days)
    raise ValueError(f"Unknown kind of days: {kind!r}")


def reminder_date(
    due: dt.date, days_before: int, kind: str, calendar: WorkingCalendar, *, start: dt.date
) -> dt.date:
    """When to remind: ``days_before`` (working or calendar) days before ``due``, never before the
    clock started."""
    if kind == DayKind.WORKING:
        remind = calendar.subtract_working_days(due, days_before)
    else:
        remind = due - dt.timedelta(days=days_before)
    return max(remind, start)
