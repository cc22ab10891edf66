"""Periodic background tasks (reminders, deadline breaches, retention). Each area registers its
tasks here; ``manage.py run_worker`` enqueues each once per slot and runs the queue."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from waypoint.operations.models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicTask:
    task_path: str  # dotted path to a django-tasks task taking no arguments
    every: dt.timedelta


PERIODIC_TASKS: list[PeriodicTask] = []


def register(task_path: str, every: dt.timedelta) -> None:
    if all(task.task_path != task_path for task in PERIODIC_TASKS):
        PERIODIC_TASKS.append(PeriodicTask(task_path=task_path, every=every))


def slot_start(now: dt.datetime, every: dt.timedelta) -> dt.datetime:
    seconds = int(every.total_seconds())
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


def enqueue_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every periodic task whose current slot has not been enqueued yet."""
    now = now or timezone.now()
    enqueued = []
    for periodic in PERIODIC_TASKS:
        start = slot_start(now, periodic.every)
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(task_name=periodic.task_path, slot_start=start)
                task = import_string(periodic.task_path)
                transaction.on_commit(task.enqueue)
        except IntegrityError:
            continue
        enqueued.append(periodic.task_path)
        logger.info("Enqueued periodic task %s", periodic.task_path)
    return enqueued
