"""The TIP reporting period: 1 April of one year to 31 March of the next.

The US Trafficking in Persons report published in June of year Y covers 1 April Y-1 – 31 March Y
(22 U.S.C. §7107(b)(1)); governments send their submission to the State Department by early February
of year Y. A period is named by the year it starts in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class TipPeriod:
    start: dt.date

    def __post_init__(self) -> None:
        if (self.start.month, self.start.day) != (4, 1):
            raise ValueError("A TIP reporting period starts on 1 April.")

    @classmethod
    def starting_in(cls, year: int) -> TipPeriod:
        return cls(dt.date(year, 4, 1))

    @classmethod
    def containing(cls, day: dt.date) -> TipPeriod:
        return cls.starting_in(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def for_report_year(cls, report_year: int) -> TipPeriod:
        """The period that the report published in ``report_year`` assesses."""
        return cls.starting_in(report_year - 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start.year + 1, 3, 31)

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def previous(self) -> TipPeriod:
        return TipPeriod.starting_in(self.start.year - 1)

    @property
    def next(self) -> TipPeriod:
        return TipPeriod.starting_in(self.start.year + 1)

    @property
    def report_year(self) -> int:
        """The year of the TIP report that assesses this period (published in June)."""
        return self.start.year + 1

    @property
    def slug(self) -> str:
        return f"{self.start.year}-{self.start.year + 1}"

    @property
    def label(self) -> str:
        return _("1 April %(start)s – 31 March %(end)s") % {
            "start": self.start.year,
            "end": self.start.year + 1,
        }

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.slug


def parse_period(value: str | int | None, *, default: dt.date) -> TipPeriod:
    """``2024``, ``"2024"`` or ``"2024-2025"`` → the period starting 1 April 2024; else ``default``'s."""
    if value in (None, ""):
        return TipPeriod.containing(default)
    text = str(value).strip()
    head = text.split("-", 1)[0]
    if not head.isdigit() or not 1990 <= int(head) <= 2200:
        raise ValueError(_("A reporting period is written as its first year, e.g. 2024."))
    return TipPeriod.starting_in(int(head))
