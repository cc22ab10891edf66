"""Counts of anonymous notifications for the statistics area (``waypoint.reporting``).

Use :func:`anonymous_notification_counts`; it returns counts, never rows. Counting rules:

- the unit is the notification: one adult who declined referral, counted without identity (so two
  agencies notifying the same person count twice — nothing identifies them to deduplicate);
- the period is the notification date (``notified_on``), both ends included;
- a notification with several exploitation types counts once under each type, and once in
  ``total``; no type recorded is the empty code ``""`` ("not recorded", never zero);
- empty codes for sex/gender, age band, nationality or country mean "not recorded".

Disclosure control (suppression of small cells) is the job of the statistics tables that publish
these counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.screening import countable_anonymous_notifications


@dataclass(frozen=True)
class AnonymousNotificationRow:
    exploitation_type: str  # HTCDS vic_TypeOfExploitation code, "" = not recorded
    gender: str  # HTCDS prs_Gender code, "" = not recorded
    age_band: str  # CTDC age band, "" = not recorded
    nationality: str  # ISO 3166 alpha-2, "" = not recorded
    country_of_exploitation: str  # ISO 3166 alpha-2, "" = not recorded
    outcome: str  # the screening outcome code
    count: int


@dataclass(frozen=True)
class AnonymousNotificationCounts:
    period_start: dt.date
    period_end: dt.date
    total: int
    rows: tuple[AnonymousNotificationRow, ...]


def anonymous_notification_counts(
    *, actor: Actor, period_start: dt.date, period_end: dt.date
) -> AnonymousNotificationCounts:
    """Anonymous notifications dated ``period_start``..``period_end`` (inclusive), counted by
    exploitation type × sex/gender × age band × nationality × country of exploitation × outcome.

    Statistics roles count every organisation's; screening roles count their own organisation's;
    anyone else is refused (a refusal, not a misleading zero).
    """
    if not (
        actor.can(Perm.STATISTICS_VIEW)
        or actor.can(Perm.ANONYMOUS_NOTIFICATION_CREATE)
        or actor.can(Perm.SCREENING_VIEW)
    ):
        require(actor, Perm.STATISTICS_VIEW)
    notifications = countable_anonymous_notifications(actor).filter(
        notified_on__gte=period_start, notified_on__lte=period_end
    )
    counter: Counter[tuple[str, str, str, str, str, str]] = Counter()
    total = 0
    for types, gender, age_band, nationality, country, outcome in notifications.values_list(
        "exploitation_types",
        "gender",
        "age_band",
        "nationality",
        "country_of_exploitation",
        "outcome",
    ):
        total += 1
        for exploitation_type in sorted(set(types or [])) or [""]:
            counter[(exploitation_type, gender, age_band, nationality, country, outcome)] += 1
    rows = tuple(
        AnonymousNotificationRow(*key, count=count) for key, count in sorted(counter.items())
    )
    return AnonymousNotificationCounts(
        period_start=period_start, period_end=period_end, total=total, rows=rows
    )
