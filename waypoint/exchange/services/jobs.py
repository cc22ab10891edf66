"""What import and export jobs share: retention, the upload limit, claiming a job, enqueueing it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from waypoint.exchange.choices import JobStatus
from waypoint.exchange.models import ExportJob, ImportJob

EXPORT_RETENTION = dt.timedelta(hours=24)
STALE_UPLOAD_AGE = dt.timedelta(hours=24)
READ_CHUNK = 1024 * 1024


def enqueue_on_commit(task_name: str, job_id: int) -> None:
    """Run the job's background task once this transaction has committed. The task is found by
    name, as the scheduler does: domain code does not import the task interface."""
    task = import_string(f"waypoint.exchange.tasks.{task_name}")
    transaction.on_commit(lambda: task.enqueue(job_id))


def max_upload_bytes() -> int:
    return int(settings.WAYPOINT_MAX_UPLOAD_BYTES)


def claim(job_model: type[ImportJob] | type[ExportJob], job_pk: int) -> Any:
    """Move a queued job to running (row lock: a job runs once)."""
    with transaction.atomic():
        job = job_model.objects.select_for_update().get(pk=job_pk)
        if job.status != JobStatus.QUEUED:
            return None
        job.status, job.started_at = JobStatus.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at", "updated_at"])
    return job
