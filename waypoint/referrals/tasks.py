"""Background tasks of the NRM: the deadline sweep (reminders, breaches, periods)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from waypoint.referrals.services import timers


@task()
def sweep_timers() -> dict[str, int]:
    """Remind before due dates (once), flag breaches (once), end periods that are over."""
    result = timers.timers_sweep(today=timezone.localdate())
    return {
        "reminded": result.reminded,
        "breached": result.breached,
        "ended": result.ended,
        "formal_started": result.formal_started,
    }
