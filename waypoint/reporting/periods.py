"""Reporting periods: what a table counts over, parsed from one short, documented syntax.

| Syntax                     | Kind      | Meaning                                                        |
|----------------------------|-----------|----------------------------------------------------------------|
| ``2024``                   | year      | calendar year 2024 (Eurostat)                                  |
| ``2024-Q3``                | quarter   | 1 July - 30 September 2024                                     |
| ``tip-2025``               | tip       | the period reported in the 2025 TIP report: 1 April 2024 -     |
|                            |           | 31 March 2025 by default (the start is a per-country setting)  |
| ``2019..2023``             | years     | calendar years 2019 to 2023 (trends)                           |
| ``2024-01-01..2024-06-30`` | range     | any range of days, both ends included                          |

Periods are pure values (no database); every table filters its events by the event's own date
(registration, decision, charge, judgment) falling inside ``start``..``end``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from django.utils.translation import gettext as _

from waypoint.common import tip_period as shared
from waypoint.common.tip_period import DEFAULT_TIP_START

MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2100
MAX_SPAN_YEARS: Final = 30
# The start of the TIP period (1 April unless WAYPOINT_TIP_PERIOD_START says otherwise) comes from
# waypoint.common.tip_period, which the TIP workspace (waypoint.action_plans) reads too.


class PeriodKind(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    TIP = "tip"
    YEARS = "years"
    RANGE = "range"


class PeriodError(ValueError):
    """A period that cannot be read; the message says what is accepted."""


@dataclass(frozen=True)
class Period:
    """A closed range of days with the syntax it was written in (``token``)."""

    kind: PeriodKind
    start: dt.date
    end: dt.date  # inclusive
    token: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(_("The period ends before it starts."))

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return str(self.start.year)
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year} Q{quarter_of(self.start)}"
        if self.kind == PeriodKind.TIP:
            return _("TIP %(start)s – %(end)s") % {
                "start": self.start.strftime("%d %b %Y").lstrip("0"),
                "end": self.end.strftime("%d %b %Y").lstrip("0"),
            }
        if self.kind == PeriodKind.YEARS:
            return f"{self.start.year}–{self.end.year}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def years(self) -> range:
        """The calendar years the period touches."""
        return range(self.start.year, self.end.year + 1)

    @property
    def quarters(self) -> list[tuple[int, int]]:
        """The (year, quarter) pairs the period touches, in order."""
        result = []
        year, quarter = self.start.year, quarter_of(self.start)
        while (year, quarter) <= (self.end.year, quarter_of(self.end)):
            result.append((year, quarter))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
        return result

    def previous(self) -> Period:
        """The period of the same kind and length just before this one (for "this vs last")."""
        if self.kind == PeriodKind.YEAR:
            return year_period(self.start.year - 1)
        if self.kind == PeriodKind.QUARTER:
            year, quarter = self.start.year, quarter_of(self.start)
            return quarter_period(*((year - 1, 4) if quarter == 1 else (year, quarter - 1)))
        if self.kind == PeriodKind.TIP:
            following = self.end + dt.timedelta(days=1)
            return tip_period(following.year - 1, (self.start.month, self.start.day))
        if self.kind == PeriodKind.YEARS:
            span = self.end.year - self.start.year
            return years_period(self.start.year - span - 1, self.start.year - 1)
        length = self.end - self.start
        end = self.start - dt.timedelta(days=1)
        return range_period(end - length, end)


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(
            _("%(year)s is outside the years Waypoint reports on (%(min)s–%(max)s).")
            % {"year": year, "min": MIN_YEAR, "max": MAX_YEAR}
        )


def year_period(year: int) -> Period:
    _check_year(year)
    return Period(PeriodKind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))


def quarter_period(year: int, quarter: int) -> Period:
    _check_year(year)
    if not 1 <= quarter <= 4:
        raise PeriodError(_("A quarter is Q1, Q2, Q3 or Q4."))
    start = dt.date(year, 3 * quarter - 2, 1)
    end = (
        dt.date(year, 12, 31)
        if quarter == 4
        else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    )
    return Period(PeriodKind.QUARTER, start, end, f"{year}-Q{quarter}")


def tip_period(report_year: int, tip_start: tuple[int, int] = DEFAULT_TIP_START) -> Period:
    """The period covered by the TIP report of ``report_year``.

    The period ends the day before ``tip_start`` in the report year and starts on ``tip_start`` one
    year earlier: with the default 1 April, ``tip-2025`` is 1 April 2024 - 31 March 2025.
    """
    _check_year(report_year)
    month, day = tip_start
    end = dt.date(report_year, month, day) - dt.timedelta(days=1)
    start = dt.date(report_year - 1, month, day)
    return Period(PeriodKind.TIP, start, end, f"tip-{report_year}")


def years_period(first: int, last: int) -> Period:
    _check_year(first)
    _check_year(last)
    if last < first:
        raise PeriodError(_("The last year comes before the first."))
    if last - first + 1 > MAX_SPAN_YEARS:
        raise PeriodError(_("A period can span at most %(n)s years.") % {"n": MAX_SPAN_YEARS})
    return Period(PeriodKind.YEARS, dt.date(first, 1, 1), dt.date(last, 12, 31), f"{first}..{last}")


def range_period(start: dt.date, end: dt.date) -> Period:
    _check_year(start.year)
    _check_year(end.year)
    if end < start:
        raise PeriodError(_("The period ends before it starts."))
    if (end - start).days > MAX_SPAN_YEARS * 366:
        raise PeriodError(_("A period can span at most %(n)s years.") % {"n": MAX_SPAN_YEARS})
    return Period(PeriodKind.RANGE, start, end, f"{start.isoformat()}..{end.isoformat()}")


_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_TIP = re.compile(r"^[Tt][Ii][Pp]-(\d{4})$")
_YEARS = re.compile(r"^(\d{4})\.\.(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")

SYNTAX_HELP: Final = "2024, 2024-Q3, tip-2025, 2019..2023 or 2024-01-01..2024-06-30"


def parse_period(text: str, *, tip_start: tuple[int, int] = DEFAULT_TIP_START) -> Period:
    """Read a period written in the syntax of this module's table; raise ``PeriodError``."""
    token = (text or "").strip()
    if not token:
        raise PeriodError(_("Give a period, for example %(syntax)s.") % {"syntax": SYNTAX_HELP})
    if match := _YEAR.match(token):
        return year_period(int(match[1]))
    if match := _QUARTER.match(token):
        return quarter_period(int(match[1]), int(match[2]))
    if match := _TIP.match(token):
        return tip_period(int(match[1]), tip_start)
    if match := _YEARS.match(token):
        return years_period(int(match[1]), int(match[2]))
    if match := _RANGE.match(token):
        try:
            start, end = dt.date.fromisoformat(match[1]), dt.date.fromisoformat(match[2])
        except ValueError as error:
            raise PeriodError(
                _("%(token)s holds a date that does not exist.") % {"token": token}
            ) from error
        return range_period(start, end)
    raise PeriodError(
        _("%(token)s is not a period Waypoint understands. Write %(syntax)s.")
        % {"token": token[:40], "syntax": SYNTAX_HELP}
    )


def parse_month_day(text: str) -> tuple[int, int]:
    """``MM-DD`` (e.g. ``04-01``) as (month, day); 29 February is refused (not every year has it)."""
    try:
        return shared.parse_month_day(text)
    except shared.TipStartError as error:
        if re.fullmatch(r"\d{2}-\d{2}", text.strip()):
            raise PeriodError(_("%(text)s is not a day of the year.") % {"text": text}) from error
        raise PeriodError(_("Write the start of the TIP period as MM-DD, e.g. 04-01.")) from error


def tip_start_for(country: str, configured: str = "") -> tuple[int, int]:
    """The first day of the TIP reporting period: the configured ``MM-DD``, else the country's."""
    if configured:
        return parse_month_day(configured)
    return shared.tip_start_for(country)


def configured_tip_start() -> tuple[int, int]:
    """The deployment's start of the TIP period (the one :mod:`waypoint.common.tip_period` reads)."""
    try:
        return shared.tip_start()
    except shared.TipStartError as error:
        raise PeriodError(str(error)) from error


def latest_complete_tip_period(
    today: dt.date, tip_start: tuple[int, int] = DEFAULT_TIP_START
) -> Period:
    """The most recent TIP period that has ended by ``today``."""
    month, day = tip_start
    report_year = today.year if today >= dt.date(today.year, month, day) else today.year - 1
    return tip_period(report_year, tip_start)
