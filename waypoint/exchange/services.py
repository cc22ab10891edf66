"""Writes of the exchange: import and export jobs.

Auditing bulk work: an import writes thousands of records in one transaction, so it records **one**
audit event (``exchange.import``) in that same transaction, naming the job, the file's SHA-256 and
the counts of records created, updated and unchanged. The job row itself keeps the full report. That
satisfies "every write is audited": the import job is the audited write, and every record it
created carries ``source_organisation``/``source_record_id`` (or the job's case references) so it can
be traced back to it. Exports are audited the same way (``exchange.export``, ``exchange.download``),
and an identifying export also lists whose records it contained (``ExportedPerson``).

A job's state and progress are saved outside the import's own transaction on purpose: a rejected or
dry-run import rolls its writes back, but the job must still say what happened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, cast

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.exchange import (
    may_export_rows,
    visible_export_jobs,
    visible_import_jobs,
)
from waypoint.audit import services as audit
from waypoint.common.errors import ActionDenied, DomainError, NotVisible, ValidationFailed
from waypoint.exchange import storage
from waypoint.exchange.choices import (
    ExportFormat,
    ImportFormat,
    ImportKind,
    JobPhase,
    JobStatus,
)
from waypoint.exchange.ctdc import CtdcSource
from waypoint.exchange.exporting import write_export
from waypoint.exchange.importing.engine import Importer
from waypoint.exchange.importing.report import ImportReport
from waypoint.exchange.importing.sources import FlatSource, JsonSource, Opener, Source
from waypoint.exchange.models import ExportedPerson, ExportJob, ImportJob
from waypoint.exchange.progress import JobProgress
from waypoint.exchange.uploads import StoredUpload, too_large_error, upload_context

EXPORT_RETENTION = dt.timedelta(hours=24)
STALE_UPLOAD_AGE = dt.timedelta(hours=24)
_READ_CHUNK = 1024 * 1024


def _enqueue_on_commit(task_name: str, job_id: int) -> None:
    """Run the job's background task once this transaction has committed. The task is found by
    name, as the scheduler does: domain code does not import the task interface."""
    task = import_string(f"waypoint.exchange.tasks.{task_name}")
    transaction.on_commit(lambda: task.enqueue(job_id))


def max_upload_bytes() -> int:
    return int(settings.WAYPOINT_MAX_UPLOAD_BYTES)


def _upload_context(job: ImportJob) -> str:
    return upload_context(job.stored_name)


def _export_context(job: ExportJob) -> str:
    return f"exchange.export:{job.public_id}"


def _kind_for(file_format: str) -> str:
    return ImportKind.CTDC if file_format == ImportFormat.CTDC else ImportKind.HTCDS


def make_source(file_format: str, opener: Opener, *, file_sha256: str) -> Source:
    """The reader for a chosen format (the file's own bytes are checked against it)."""
    if file_format == ImportFormat.CSV:
        return FlatSource(opener, expect="text")
    if file_format == ImportFormat.XLSX:
        return FlatSource(opener, expect="xlsx")
    if file_format == ImportFormat.JSON:
        return JsonSource(opener)
    if file_format == ImportFormat.XLSFORM:
        return FlatSource(opener, xlsform=True)
    if file_format == ImportFormat.CTDC:
        return CtdcSource(opener, file_sha256=file_sha256)
    raise ValidationFailed(
        _("Unknown format."), fields={"format": [_("Choose CSV, XLSX, JSON, XLSForm or CTDC.")]}
    )


def _require_import(actor: Actor, file_format: str) -> None:
    require(actor, Perm.DATA_IMPORT)
    if actor.organisation is None:
        raise NotVisible()
    if file_format not in ImportFormat.values:
        raise ValidationFailed(
            _("Unknown format."), fields={"format": [_("Choose CSV, XLSX, JSON, XLSForm or CTDC.")]}
        )


@transaction.atomic
def import_request(
    *, actor: Actor, upload: StoredUpload, file_format: str, is_dry_run: bool
) -> ImportJob:
    """Accept an uploaded file (already stored encrypted by the upload handler) for import. A
    background task checks it and, unless it is a dry run or a row is rejected, imports it."""
    try:
        _require_import(actor, file_format)
        if upload.size == 0:
            raise ValidationFailed(
                _("The file is empty."), fields={"file": [_("The file is empty.")]}
            )
        if upload.size > max_upload_bytes():
            raise too_large_error(max_upload_bytes())
    except DomainError:
        storage.remove(storage.imports_dir(), upload.name)
        raise
    assert actor.organisation is not None  # noqa: S101  checked above
    job = ImportJob.objects.create(
        organisation=actor.organisation,
        requested_by=actor.user,
        via=actor.via,
        kind=_kind_for(file_format),
        file_format=file_format,
        is_dry_run=is_dry_run,
        original_name=upload.original_name[:200] or None,
        stored_name=upload.name,
        size=upload.size,
        sha256=upload.sha256,
    )
    audit.record(
        actor=actor,
        action="exchange.import_request",
        target=job,
        details={
            "format": file_format,
            "dry_run": is_dry_run,
            "size": upload.size,
            "sha256": upload.sha256,
        },
    )
    _enqueue_on_commit("run_import", job.pk)
    return job


def store_upload(content: bytes | Iterable[bytes], *, original_name: str) -> StoredUpload:
    """Store file content the way the upload handler does (for the demo data and tests)."""
    chunks = [content] if isinstance(content, bytes) else content
    digest = hashlib.sha256()
    name = storage.new_name()

    def hashed() -> Iterator[bytes]:
        for chunk in chunks:
            digest.update(chunk)
            yield chunk

    writer = storage.EncryptingWriter(
        storage.path_for(storage.imports_dir(), name), context=upload_context(name)
    )
    for chunk in hashed():
        writer.write(chunk)
    writer.close()
    return StoredUpload(
        name=name, size=writer.size, sha256=digest.hexdigest(), original_name=original_name
    )


def _claim(job_model: type[ImportJob] | type[ExportJob], job_pk: int) -> Any:
    """Move a queued job to running (row lock: a job runs once)."""
    with transaction.atomic():
        job = job_model.objects.select_for_update().get(pk=job_pk)
        if job.status != JobStatus.QUEUED:
            return None
        job.status, job.started_at = JobStatus.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at", "updated_at"])
    return job


def import_run(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Check, and unless rejected or a dry run, import the job's stored file. The stored file is
    removed afterwards, whatever the outcome."""
    _require_import(actor, job.file_format)
    if not visible_import_jobs(actor).filter(pk=job.pk, requested_by=actor.user).exists():
        raise NotVisible()
    claimed = _claim(ImportJob, job.pk)
    if claimed is None:
        return ImportJob.objects.get(pk=job.pk)
    job = claimed
    directory = storage.imports_dir()
    path = storage.path_for(directory, job.stored_name)
    context = _upload_context(job)

    def opener() -> IO[bytes]:
        # Uploads are at most WAYPOINT_MAX_UPLOAD_BYTES, so holding one decrypted is bounded.
        return io.BytesIO(storage.read_all(path, context=context))

    try:
        return _run(actor, job, opener)
    finally:
        storage.remove(directory, job.stored_name)
        ImportJob.objects.filter(pk=job.pk).update(stored_name="")
        job.stored_name = ""


def import_file(
    *,
    actor: Actor,
    path: Path,
    file_format: str,
    is_dry_run: bool,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> ImportJob:
    """Import a file from the server's disk (``manage.py import_htcds`` / ``import_ctdc``). The file
    is streamed, so there is no size limit; the job and its audit event are recorded as for uploads."""
    _require_import(actor, file_format)
    assert actor.organisation is not None  # noqa: S101
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_READ_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    with transaction.atomic():
        job = ImportJob.objects.create(
            organisation=actor.organisation,
            requested_by=actor.user,
            via=actor.via,
            kind=_kind_for(file_format),
            file_format=file_format,
            is_dry_run=is_dry_run,
            original_name=path.name,
            sha256=digest.hexdigest(),
            size=size,
            status=JobStatus.RUNNING,
            started_at=timezone.now(),
        )
        audit.record(
            actor=actor,
            action="exchange.import_request",
            target=job,
            details={
                "format": file_format,
                "dry_run": is_dry_run,
                "size": size,
                "sha256": job.sha256,
            },
        )
    return _run(actor, job, lambda: path.open("rb"), extra_progress=progress)


def _run(
    actor: Actor,
    job: ImportJob,
    opener: Opener,
    *,
    extra_progress: Callable[[str, int, int | None], None] | None = None,
) -> ImportJob:
    report = ImportReport(
        kind=job.kind,
        file_format=job.file_format,
        file_sha256=job.sha256,
        file_size=job.size,
        is_dry_run=job.is_dry_run,
    )
    tracker = JobProgress(job)

    def progress(phase: str, done: int, total: int | None) -> None:
        tracker.update(phase, done, total)
        if extra_progress is not None:
            extra_progress(phase, done, total)

    source = make_source(job.file_format, opener, file_sha256=job.sha256)
    importer = Importer(
        actor=actor,
        source=source,
        report=report,
        progress=progress,
        space_separated=job.file_format == ImportFormat.XLSFORM,
    )
    try:
        importer.check()
        if report.is_rejected:
            _finish_import(actor, job, report, status=JobStatus.REJECTED)
        elif job.is_dry_run:
            with transaction.atomic():
                importer.write()
                transaction.set_rollback(True)
            _finish_import(actor, job, report, status=JobStatus.SUCCEEDED)
        else:
            with transaction.atomic():
                importer.write()
                _finish_import(actor, job, report, status=JobStatus.SUCCEEDED)
    except DomainError as error:
        report.file_error(error.message)
        _finish_import(actor, job, report, status=JobStatus.FAILED)
    except IntegrityError:
        # Someone changed the same records while the import was writing: the transaction was
        # rolled back whole.
        report.file_error(
            _(
                "The records changed while the import was writing; nothing was changed. Run the import again."
            )
        )
        _finish_import(actor, job, report, status=JobStatus.FAILED)
    except Exception:
        report.file_error(
            _(
                "The import stopped on an unexpected error; nothing was changed. The error was logged for the administrators."
            )
        )
        _finish_import(actor, job, report, status=JobStatus.FAILED)
        raise
    finally:
        importer.close()
        tracker.clear()
    job.refresh_from_db()
    return job


def _summary(report: ImportReport, status: str) -> str:
    if status == JobStatus.REJECTED:
        if report.file_errors:
            return _("The file was rejected: %(reason)s") % {"reason": report.file_errors[0]}
        return _("%(count)s rows were rejected; nothing was changed.") % {
            "count": report.rows_rejected
        }
    if status == JobStatus.FAILED:
        return (
            report.file_errors[0]
            if report.file_errors
            else _("The import failed; nothing was changed.")
        )
    prefix = _("Dry run: nothing was changed. ") if report.is_dry_run else ""
    return prefix + _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % {
        "created": report.records_created,
        "updated": report.records_updated,
        "unchanged": report.records_unchanged,
    }


@transaction.atomic
def _finish_import(actor: Actor, job: ImportJob, report: ImportReport, *, status: str) -> None:
    job.status = status
    job.phase = JobPhase.DONE
    job.finished_at = timezone.now()
    job.report = report.to_dict()
    job.rows_read, job.rows_rejected = report.rows_read, report.rows_rejected
    job.records_created, job.records_updated, job.records_unchanged = (
        report.records_created,
        report.records_updated,
        report.records_unchanged,
    )
    job.rows_total = job.rows_done = report.rows_read
    job.message = _summary(report, status)[:300]
    job.save()
    audit.record(
        actor=actor,
        action="exchange.import_check"
        if job.is_dry_run or status != JobStatus.SUCCEEDED
        else "exchange.import",
        target=job,
        details={
            "format": job.file_format,
            "sha256": job.sha256,
            "outcome": status,
            "dry_run": job.is_dry_run,
            "rows": report.rows_read,
            "rejected": report.rows_rejected,
            "created": report.records_created,
            "updated": report.records_updated,
            "unchanged": report.records_unchanged,
            "persons_created": report.persons_created,
            "cases_created": report.cases_created,
        },
    )


# Exports -------------------------------------------------------------------------------------


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
    _enqueue_on_commit("run_export", job.pk)
    return job


def export_run(*, actor: Actor, job: ExportJob) -> ExportJob:
    """Write the export file (encrypted at rest) for the person who asked for it."""
    _require_export(actor, job.file_format, identifying=job.is_identifying)
    if not visible_export_jobs(actor).filter(pk=job.pk).exists():
        raise NotVisible()
    claimed = _claim(ExportJob, job.pk)
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
