"""Background tasks of case work: task reminders and the sweep of unreferenced document files."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from waypoint.cases import reminders


@task()
def send_task_reminders() -> int:
    """Remind assignees of tasks due tomorrow or overdue (once per task per day)."""
    return reminders.send_task_reminders(today=timezone.localdate())


@task()
def remove_orphan_documents() -> int:
    """Delete stored document files no document row refers to (left by a rolled-back upload)."""
    return reminders.remove_orphan_documents(older_than=timezone.now() - dt.timedelta(hours=1))
