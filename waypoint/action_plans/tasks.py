"""Background tasks of national coordination."""

from __future__ import annotations

from django_tasks import task

from waypoint.access.actor import Actor
from waypoint.action_plans.services.reminders import reminders_send


@task()
def send_reporting_reminders() -> dict[str, int]:
    """Hourly: remind organisations of reports due soon and notify them of overdue ones."""
    result = reminders_send(actor=Actor.system("reporting reminders"))
    return {
        "notifications": result.notifications,
        "emails": result.emails,
        "organisations": result.organisations,
    }
