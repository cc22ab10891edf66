"""The first day of the TIP reporting period: the one place every area reads it from.

The US Trafficking in Persons report covers 1 April of one year to 31 March of the next
(TVPA section 110(b)(1)); a deployment may set ``WAYPOINT_TIP_PERIOD_START`` (``MM-DD``) to follow
a different national reporting calendar. Statistics (``waypoint.reporting.periods``) and the TIP
workspace (``waypoint.action_plans.periods``) both take the start from :func:`tip_start`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from django.conf import settings

DEFAULT_TIP_START: Final = (4, 1)  # 1 April, TVPA section 110(b)(1)

# The TIP reporting period starts on 1 April everywhere the statute applies.
TIP_PERIOD_START_BY_COUNTRY: Final[dict[str, tuple[int, int]]] = {
    "MT": DEFAULT_TIP_START,
    "MY": DEFAULT_TIP_START,
}


class TipStartError(ValueError):
    """A start of the TIP period that is not a day of the year written ``MM-DD``."""


def parse_month_day(text: str) -> tuple[int, int]:
    """``MM-DD`` (e.g. ``04-01``) as (month, day); 29 February is refused (not every year has it)."""
    match = re.fullmatch(r"(\d{2})-(\d{2})", text.strip())
    if not match:
        raise TipStartError("Write the start of the TIP period as MM-DD, e.g. 04-01.")
    month, day = int(match[1]), int(match[2])
    try:
        dt.date(2001, month, day)
    except ValueError as error:
        raise TipStartError(f"{text} is not a day of the year.") from error
    return month, day


def tip_start_for(country: str, configured: str = "") -> tuple[int, int]:
    """The first day of the TIP reporting period: the configured ``MM-DD``, else the country's."""
    if configured:
        return parse_month_day(configured)
    return TIP_PERIOD_START_BY_COUNTRY.get(country.upper(), DEFAULT_TIP_START)


def tip_start() -> tuple[int, int]:
    """The deployment's first day of the TIP period (settings ``WAYPOINT_COUNTRY`` and
    ``WAYPOINT_TIP_PERIOD_START``), as (month, day)."""
    return tip_start_for(
        str(getattr(settings, "WAYPOINT_COUNTRY", "")),
        str(getattr(settings, "WAYPOINT_TIP_PERIOD_START", "")),
    )
