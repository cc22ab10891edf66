"""Background tasks of the exchange: running import and export jobs, and purging old files.

Tasks take ids, rebuild the actor of the person who asked (with their roles *now*: a person who
lost the right meanwhile gets a failed job, not an import), and call one service.
"""

from __future__ import annotations

import uuid

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from waypoint.access.actor import Actor
from waypoint.access.session import build_actor
from waypoint.common.errors import DomainError
from waypoint.exchange import services
from waypoint.exchange.choices import JobStatus
from waypoint.exchange.models import ExportJob, ImportJob


def _actor_for(job: ImportJob | ExportJob) -> Actor | None:
    user = job.requested_by
    if user is None:
        return None
    actor = build_actor(
        user,
        organisation_public_id=str(job.organisation.public_id),
        via="task",
        request_id=uuid.uuid4().hex,
        ip_address=None,
    )
    if actor.organisation is None or actor.organisation.pk != job.organisation_id:
        return None
    return actor


def _fail(model: type[ImportJob] | type[ExportJob], job_id: int, message: str) -> None:
    model.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.FAILED, finished_at=timezone.now(), message=message[:300]
    )


@task()
def run_import(job_id: int) -> str:
    job = ImportJob.objects.select_related("organisation", "requested_by").get(pk=job_id)
    actor = _actor_for(job)
    if actor is None:
        _fail(
            ImportJob,
            job_id,
            _("The person who asked for this import no longer belongs to the organisation."),
        )
        return JobStatus.FAILED
    try:
        return str(services.import_run(actor=actor, job=job).status)
    except DomainError as error:
        _fail(ImportJob, job_id, error.message)
        return JobStatus.FAILED


@task()
def run_export(job_id: int) -> str:
    job = ExportJob.objects.select_related("organisation", "requested_by").get(pk=job_id)
    actor = _actor_for(job)
    if actor is None:
        _fail(
            ExportJob,
            job_id,
            _("The person who asked for this export no longer belongs to the organisation."),
        )
        return JobStatus.FAILED
    try:
        return str(services.export_run(actor=actor, job=job).status)
    except DomainError as error:
        _fail(ExportJob, job_id, error.message)
        return JobStatus.FAILED


@task()
def purge_expired_files() -> int:
    """Delete export files past their retention period and uploads whose job never ran."""
    return services.exchange_files_purge(actor=Actor.system("exchange file retention"))
