"""Import jobs: accepting an upload, running the check and the import, imports from the console."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.exchange import visible_import_jobs
from waypoint.audit import services as audit
from waypoint.common.errors import DomainError, NotVisible, ValidationFailed
from waypoint.exchange import storage
from waypoint.exchange.choices import ImportFormat, ImportKind, JobPhase, JobStatus
from waypoint.exchange.ctdc import CtdcSource
from waypoint.exchange.importing.engine import Importer
from waypoint.exchange.importing.report import ImportReport
from waypoint.exchange.importing.sources import FlatSource, JsonSource, Opener, Source
from waypoint.exchange.models import ImportJob
from waypoint.exchange.progress import JobProgress
from waypoint.exchange.services.jobs import READ_CHUNK, claim, enqueue_on_commit, max_upload_bytes
from waypoint.exchange.uploads import StoredUpload, too_large_error, upload_context


def _upload_context(job: ImportJob) -> str:
    return upload_context(job.stored_name)


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
    enqueue_on_commit("run_import", job.pk)
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


def import_run(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Check, and unless rejected or a dry run, import the job's stored file. The stored file is
    removed afterwards, whatever the outcome."""
    _require_import(actor, job.file_format)
    if not visible_import_jobs(actor).filter(pk=job.pk, requested_by=actor.user).exists():
        raise NotVisible()
    claimed = claim(ImportJob, job.pk)
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
        while chunk := handle.read(READ_CHUNK):
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


# The first key of the import writers' transaction-level advisory lock (the second is the
# organisation's id); any constant no other lock uses.
IMPORT_WRITER_LOCK = 0x7761_7970


def _one_writer_per_organisation(organisation_id: int) -> None:
    """Imports into one organisation write one after the other, each seeing what the one before
    committed: the same file imported twice at once updates (or leaves unchanged) what the first
    created, instead of colliding with it. A transaction-level advisory lock on PostgreSQL, held
    until the import commits or rolls back; SQLite already lets one transaction write at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [IMPORT_WRITER_LOCK, organisation_id]
            )


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
                _one_writer_per_organisation(job.organisation_id)
                importer.write()
                transaction.set_rollback(True)
            _finish_import(actor, job, report, status=JobStatus.SUCCEEDED)
        else:
            with transaction.atomic():
                _one_writer_per_organisation(job.organisation_id)
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
