"""Import and export jobs, the references that make re-imports idempotent, and the extension
attributes partner datasets carry beyond HTCDS.

A job is the audited record of a bulk write or read: it names the organisation, the person who asked,
the file's SHA-256 and the counts. Its report may quote cell values, so it is encrypted at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from waypoint.accounts.models import Organisation
from waypoint.cases.models import Case, CasePerson
from waypoint.common.fields import EncryptedJSONField, EncryptedTextField
from waypoint.common.models import BaseModel
from waypoint.exchange.choices import (
    ExportFormat,
    ImportFormat,
    ImportKind,
    JobPhase,
    JobStatus,
)
from waypoint.people.models import Person

User = settings.AUTH_USER_MODEL


class Job(BaseModel):
    """What import and export jobs share: who, for which organisation, state and progress."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(max_length=16)  # web, api or cli
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    phase = models.CharField(max_length=12, choices=JobPhase.choices, blank=True, default="")
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True, default="")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The stored file (encrypted, in the job's directory under the data directory); empty once the
    # file has been removed.
    stored_name = models.CharField(max_length=64, blank=True, default="")
    sha256 = models.CharField(max_length=64, blank=True, default="")
    size = models.BigIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class ImportJob(Job):
    kind = models.CharField(max_length=8, choices=ImportKind.choices)
    file_format = models.CharField(max_length=8, choices=ImportFormat.choices)
    is_dry_run = models.BooleanField(default=False)
    original_name = EncryptedTextField()
    rows_read = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    records_created = models.PositiveIntegerField(default=0)
    records_updated = models.PositiveIntegerField(default=0)
    records_unchanged = models.PositiveIntegerField(default=0)
    # The full report (rejected rows with field, value and reason; warnings; counts).
    report = EncryptedJSONField()

    class Meta(Job.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="import_job_status_known"
            ),
            models.CheckConstraint(
                condition=Q(file_format__in=ImportFormat.values), name="import_job_format_known"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return f"import {self.public_id}"


class ExportJob(Job):
    file_format = models.CharField(max_length=8, choices=ExportFormat.choices)
    is_identifying = models.BooleanField(default=False)
    case_count = models.PositiveIntegerField(default=0)
    row_count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta(Job.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="export_job_status_known"
            ),
            models.CheckConstraint(
                condition=Q(file_format__in=ExportFormat.values), name="export_job_format_known"
            ),
        ]
        indexes = [models.Index(fields=["requested_by", "created_at"])]

    def __str__(self) -> str:
        return f"export {self.public_id}"


class ExportedPerson(models.Model):
    """Whose identifying data an identifying export contained, so a data protection officer can
    answer "who exported this person's record?". Public ids only (erasure is never blocked)."""

    job = models.ForeignKey(ExportJob, on_delete=models.CASCADE, related_name="exported_persons")
    person_public_id = models.UUIDField(db_index=True)
    case_public_id = models.UUIDField()

    def __str__(self) -> str:
        return f"{self.person_public_id} in {self.job_id}"


class ReferenceKind(models.TextChoices):
    CASE = "case", "case"
    PERSON = "person", "person"


class ExternalReference(models.Model):
    """A partner's case or person reference (``ext_CaseReference``, ``ext_PersonReference``) as
    seen by one importing organisation, so rows of later imports join the same case or person."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=ReferenceKind.choices)
    reference = models.CharField(max_length=100)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "reference"], name="external_reference_once"
            ),
            models.CheckConstraint(
                condition=(Q(kind="case") & Q(case__isnull=False) & Q(person__isnull=True))
                | (Q(kind="person") & Q(person__isnull=False) & Q(case__isnull=True)),
                name="external_reference_target_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"


class CasePersonExtension(models.Model):
    """One value of an exchange extension attribute of a person in a case (see choices.EXTENSIONS).
    Multi-valued like ``CasePersonCode``; a missing row means "not recorded"."""

    case_person = models.ForeignKey(CasePerson, on_delete=models.CASCADE, related_name="extensions")
    field = models.CharField(max_length=40)
    value = models.CharField(max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case_person", "field", "value"], name="extension_value_once"
            )
        ]
        indexes = [models.Index(fields=["field", "value"])]

    def __str__(self) -> str:
        return f"{self.field}={self.value}"
