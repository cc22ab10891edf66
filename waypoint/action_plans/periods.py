"""The TIP reporting period: 1 April of one year to 31 March of the next.

The US Trafficking in Persons report published in June of year Y covers 1 April Y-1 – 31 March Y
(22 U.S.C. §7107(b)(1)); governments send their submission to the State Department by early February
of year Y. A period is named by the year it starts in.

The first day comes from ``waypoint.common.tip_period.tip_start()`` (1 April unless the deployment
sets ``WAYPOINT_TIP_PERIOD_START``), the same place the statistics tables read it from, so the TIP
workspace and the TIP tables always cover the same days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from waypoint.common.tip_period import tip_start


@dataclass(frozen=True, order=True)
class TipPeriod:
    start: dt.date

    def __post_init__(self) -> None:
        month, day = tip_start()
        if (self.start.month, self.start.day) != (month, day):
            raise ValueError(f"A TIP reporting period starts on {month:02d}-{day:02d}.")

    @classmethod
    def starting_in(cls, year: int) -> TipPeriod:
        month, day = tip_start()
        return cls(dt.date(year, month, day))

    @classmethod
    def containing(cls, day: dt.date) -> TipPeriod:
        month, first = tip_start()
        return cls.starting_in(day.year if (day.month, day.day) >= (month, first) else day.year - 1)

    @classmethod
    def for_report_year(cls, report_year: int) -> TipPeriod:
        """The period that the report published in ``report_year`` assesses."""
        return cls.starting_in(report_year - 1)

    @property
    def end(self) -> dt.date:
        return self.next.start - dt.timedelta(days=1)

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
        return _("%(start)s – %(end)s") % {
            "start": self.start.strftime("%d %B %Y").lstrip("0"),
            "end": self.end.strftime("%d %B %Y").lstrip("0"),
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
