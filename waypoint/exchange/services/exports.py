"""Export jobs: asking for one, writing it encrypted, the single download, and file retention."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.exchange import may_export_rows, visible_export_jobs
from waypoint.audit import services as audit
from waypoint.common.errors import ActionDenied, NotVisible, ValidationFailed
from waypoint.exchange import storage
from waypoint.exchange.choices import ExportFormat, JobPhase, JobStatus
from waypoint.exchange.exporting import write_export
from waypoint.exchange.models import ExportedPerson, ExportJob, ImportJob
from waypoint.exchange.progress import JobProgress
from waypoint.exchange.services.jobs import (
    EXPORT_RETENTION,
    STALE_UPLOAD_AGE,
    claim,
    enqueue_on_commit,
)


def _export_context(job: ExportJob) -> str:
    return f"exchange.export:{job.public_id}"


def _require_export(actor: Actor, file_format: str, *, identifying: bool) -> None:
    require(actor, Perm.DATA_EXPORT)
    if actor.organisation is None:
        raise NotVisible()
    if not may_export_rows(actor):
        raise ActionDenied(
            _(
                "Your role sees statistics only, never individual records, so it cannot export records. Use the statistics pages for disclosure-controlled tables."
            )
        )
    if identifying:
        require(actor, Perm.DATA_EXPORT_IDENTIFYING)
    if file_format not in ExportFormat.values:
        raise ValidationFailed(
            _("Unknown format."), fields={"format": [_("Choose CSV, XLSX or JSON.")]}
        )


@transaction.atomic
def export_request(*, actor: Actor, file_format: str, is_identifying: bool) -> ExportJob:
    """Ask for an export of what the actor may see; a background task writes it (encrypted)."""
    _require_export(actor, file_format, identifying=is_identifying)
    assert actor.organisation is not None  # noqa: S101
    job = ExportJob.objects.create(
        organisation=actor.organisation,
        requested_by=actor.user,
        via=actor.via,
        file_format=file_format,
        is_identifying=is_identifying,
    )
    audit.record(
        actor=actor,
        action="exchange.export_request",
        target=job,
        details={"format": file_format, "identifying": is_identifying},
    )
    enqueue_on_commit("run_export", job.pk)
    return job


def export_run(*, actor: Actor, job: ExportJob) -> ExportJob:
    """Write the export file (encrypted at rest) for the person who asked for it."""
    _require_export(actor, job.file_format, identifying=job.is_identifying)
    if not visible_export_jobs(actor).filter(pk=job.pk).exists():
        raise NotVisible()
    claimed = claim(ExportJob, job.pk)
    if claimed is None:
        return ExportJob.objects.get(pk=job.pk)
    job = claimed
    directory = storage.exports_dir()
    name = storage.new_name()
    tracker = JobProgress(job)
    try:
        with transaction.atomic():
            writer = storage.EncryptingWriter(
                storage.path_for(directory, name), context=_export_context(job)
            )
            hashing = _HashingStream(cast(IO[bytes], writer))
            try:
                counts = write_export(
                    actor,
                    cast(IO[bytes], hashing),
                    file_format=job.file_format,
                    identifying=job.is_identifying,
                    progress=lambda rows: tracker.update(JobPhase.EXPORTING, rows, None),
                    record_persons=lambda pairs: _record_exported(job, pairs),
                )
            finally:
                writer.close()
            job.stored_name, job.sha256, job.size = name, hashing.hexdigest(), writer.size
            job.case_count, job.row_count = counts.cases, counts.rows
            _finish_export(actor, job, counts.identifying_rows)
    except Exception:
        storage.remove(directory, name)
        ExportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            message=_("The export failed; try again.")[:300],
        )
        raise
    finally:
        tracker.clear()
    return job


def export_to_path(
    *,
    actor: Actor,
    path: Path,
    file_format: str,
    is_identifying: bool,
    progress: Callable[[int], None] | None = None,
) -> ExportJob:
    """Write an export to a file on the server (``manage.py export_htcds``), audited as a job."""
    _require_export(actor, file_format, identifying=is_identifying)
    assert actor.organisation is not None  # noqa: S101
    with transaction.atomic():
        job = ExportJob.objects.create(
            organisation=actor.organisation,
            requested_by=actor.user,
            via=actor.via,
            file_format=file_format,
            is_identifying=is_identifying,
            status=JobStatus.RUNNING,
            started_at=timezone.now(),
        )
        with path.open("xb") as handle:
            hashing = _HashingStream(handle)
            counts = write_export(
                actor,
                cast(IO[bytes], hashing),
                file_format=file_format,
                identifying=is_identifying,
                progress=progress,
                record_persons=lambda pairs: _record_exported(job, pairs),
            )
        job.sha256, job.size = hashing.hexdigest(), path.stat().st_size
        job.case_count, job.row_count = counts.cases, counts.rows
        _finish_export(actor, job, counts.identifying_rows, retained=False)
    return job


class _HashingStream(io.RawIOBase):
    def __init__(self, target: IO[bytes]) -> None:
        super().__init__()
        self._target = target
        self._digest = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._digest.update(chunk)
        self._target.write(chunk)
        return len(chunk)

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def _record_exported(job: ExportJob, pairs: list[tuple[str, str]]) -> None:
    ExportedPerson.objects.bulk_create(
        [
            ExportedPerson(job=job, person_public_id=person, case_public_id=case)
            for person, case in pairs
        ]
    )


def _finish_export(
    actor: Actor, job: ExportJob, identifying_rows: int, *, retained: bool = True
) -> None:
    now = timezone.now()
    job.status, job.phase, job.finished_at = JobStatus.SUCCEEDED, JobPhase.DONE, now
    job.rows_total = job.rows_done = job.row_count
    job.expires_at = now + EXPORT_RETENTION if retained else None
    job.message = _("%(rows)s rows from %(cases)s cases.") % {
        "rows": job.row_count,
        "cases": job.case_count,
    }
    job.save()
    audit.record(
        actor=actor,
        action="exchange.export",
        target=job,
        details={
            "format": job.file_format,
            "identifying": job.is_identifying,
            "cases": job.case_count,
            "rows": job.row_count,
            "identifying_rows": identifying_rows,
            "sha256": job.sha256,
        },
    )


def export_download(*, actor: Actor, job: ExportJob) -> Iterator[bytes]:
    """The export file's content, once: it is deleted as soon as it has been sent."""
    require(actor, Perm.DATA_EXPORT)
    if not visible_export_jobs(actor).filter(pk=job.pk).exists():
        raise NotVisible()
    with transaction.atomic():
        locked = ExportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != JobStatus.SUCCEEDED or not locked.stored_name:
            raise ValidationFailed(
                _("This export has already been downloaded or has expired; export again.")
            )
        locked.downloaded_at = timezone.now()
        locked.save(update_fields=["downloaded_at", "updated_at"])
        audit.record(
            actor=actor,
            action="exchange.download",
            target=locked,
            details={
                "format": locked.file_format,
                "identifying": locked.is_identifying,
                "rows": locked.row_count,
            },
        )
    path = storage.path_for(storage.exports_dir(), locked.stored_name)
    chunks = storage.decrypted_chunks(path, context=_export_context(locked))

    def stream() -> Iterator[bytes]:
        try:
            yield from chunks
        finally:
            _delete_export_file(locked)

    return stream()


def _delete_export_file(job: ExportJob) -> None:
    storage.remove(storage.exports_dir(), job.stored_name)
    ExportJob.objects.filter(pk=job.pk).update(stored_name="", deleted_at=timezone.now())


@transaction.atomic
def exchange_files_purge(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Delete export files past their retention period, and uploads whose job never ran.
    Periodic (system) work; each deleted export is audited."""
    if not actor.is_system:
        raise ActionDenied(_("Only the system purges exchange files."))
    now = now or timezone.now()
    removed = 0
    for job in ExportJob.objects.filter(expires_at__lte=now).exclude(stored_name=""):
        _delete_export_file(job)
        audit.record(
            actor=actor,
            action="exchange.export_expire",
            target=job,
            details={"downloaded": job.downloaded_at is not None},
        )
        removed += 1
    referenced = set(
        ImportJob.objects.exclude(stored_name="")
        .filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
        .values_list("stored_name", flat=True)
    )
    referenced |= set(
        ExportJob.objects.exclude(stored_name="").values_list("stored_name", flat=True)
    )
    for directory in (storage.imports_dir(), storage.exports_dir()):
        for name in storage.stored_names(directory):
            if name in referenced:
                continue
            modified = dt.datetime.fromtimestamp(
                storage.path_for(directory, name).stat().st_mtime, tz=dt.UTC
            )
            if modified < now - STALE_UPLOAD_AGE:
                storage.remove(directory, name)
                removed += 1
    ImportJob.objects.filter(status=JobStatus.QUEUED, created_at__lt=now - STALE_UPLOAD_AGE).update(
        status=JobStatus.FAILED,
        stored_name="",
        message=_("The job never ran; upload the file again.")[:300],
    )
    return removed
