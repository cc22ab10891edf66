"""Background tasks of criminal cases: hearing reminders."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from waypoint.enforcement import reminders


@task()
def send_hearing_reminders() -> int:
    """Remind prosecutors and the lead investigator of hearings in the next few days (once each)."""
    return reminders.send_hearing_reminders(today=timezone.localdate())
