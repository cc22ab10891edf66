"""Reads of the exchange: jobs, through the exchange scopes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.scopes.exchange import visible_export_jobs, visible_import_jobs
from waypoint.exchange import progress
from waypoint.exchange.choices import JobStatus
from waypoint.exchange.models import ExportJob, ImportJob, Job

IMPORT_SORTS = {
    "created": "created_at",
    "-created": "-created_at",
    "status": "status",
    "-status": "-status",
    "format": "file_format",
    "-format": "-file_format",
}
EXPORT_SORTS = IMPORT_SORTS


@dataclass(frozen=True)
class JobFilter:
    status: str = ""
    file_format: str = ""
    sort: str = "-created"


def import_job_list(*, actor: Actor, filters: JobFilter | None = None) -> QuerySet[ImportJob]:
    """Import jobs of the actor's organisation (for those who may import)."""
    filters = filters or JobFilter()
    queryset = visible_import_jobs(actor).select_related("requested_by")
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.file_format:
        queryset = queryset.filter(file_format=filters.file_format)
    return queryset.order_by(IMPORT_SORTS.get(filters.sort, "-created_at"), "-pk")


def import_job_get(*, actor: Actor, public_id: Any) -> ImportJob:
    return get_visible(visible_import_jobs(actor), public_id=public_id)


def export_job_list(*, actor: Actor, filters: JobFilter | None = None) -> QuerySet[ExportJob]:
    """The actor's own export jobs (an export file is for the person who asked for it only)."""
    filters = filters or JobFilter()
    queryset = visible_export_jobs(actor)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.file_format:
        queryset = queryset.filter(file_format=filters.file_format)
    return queryset.order_by(EXPORT_SORTS.get(filters.sort, "-created_at"), "-pk")


def export_job_get(*, actor: Actor, public_id: Any) -> ExportJob:
    return get_visible(visible_export_jobs(actor), public_id=public_id)


def job_progress(job: Job) -> dict[str, Any]:
    """Phase and counts of a job: live while it runs, final once it has finished."""
    if job.status == JobStatus.RUNNING:
        live = progress.read(job)
        if live is not None:
            return {
                "phase": live.get("phase", ""),
                "done": live.get("done", 0),
                "total": live.get("total"),
            }
    return {"phase": job.phase, "done": job.rows_done, "total": job.rows_total}
