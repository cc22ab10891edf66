"""Reminders for case tasks, and housekeeping of stored documents."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from waypoint.cases.choices import TaskStatus
from waypoint.cases.models import CaseTask, Document
from waypoint.common import files
from waypoint.notifications.services import notify


def send_task_reminders(*, today: dt.date) -> int:
    """Notify the assignee of each open task due tomorrow or overdue, once a day.

    The message names the case reference and the due date only: task titles may hold identifying
    details and never leave Waypoint by e-mail.
    """
    due = (
        CaseTask.objects.filter(
            status=TaskStatus.OPEN,
            due_on__isnull=False,
            due_on__lte=today + dt.timedelta(days=1),
            assigned_to__isnull=False,
        )
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .select_related("case", "assigned_to")
    )
    sent = 0
    for task in due:
        if task.assigned_to is None:
            continue
        overdue = task.due_on is not None and task.due_on < today
        title = (
            _("A task on case %(reference)s is overdue (due %(date)s)")
            if overdue
            else _("A task on case %(reference)s is due %(date)s")
        ) % {
            "reference": task.case.reference,
            "date": task.due_on.isoformat() if task.due_on else "",
        }
        notify(
            recipient=task.assigned_to,
            organisation=task.case.owner_organisation,
            kind="case.task_due",
            title=title,
            link=reverse("cases:detail", args=[task.case.public_id]) + "#tasks",
            dedupe_key=f"task-due:{task.public_id}:{today.isoformat()}",
            send_email=True,
        )
        CaseTask.objects.filter(pk=task.pk).update(reminded_on=today)
        sent += 1
    return sent


def _referenced_files() -> set[str]:
    """Stored names referenced by any model that keeps files (``encrypted_file_field``), so the
    sweep never removes another area's documents (action plan evidence, for example)."""
    names: set[str] = set(Document.objects.values_list("stored_name", flat=True))
    for model in apps.get_models():
        field = getattr(model, "encrypted_file_field", None)
        if field and model is not Document:
            names.update(
                model._default_manager.exclude(**{field: ""}).values_list(field, flat=True)
            )
    return names


def remove_orphan_documents(*, older_than: dt.datetime) -> int:
    referenced = _referenced_files()
    removed = 0
    for name in files.all_names():
        if name in referenced:
            continue
        if files.modified_at(name) < older_than:
            files.delete(name)
            removed += 1
    return removed
