"""Retention schedules (how long data is kept after a case closes) and erasure requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from waypoint.common.fields import EncryptedTextField
from waypoint.common.models import BaseModel
from waypoint.people.models import Person
from waypoint.retention.choices import ErasureStatus, RecordType

User = settings.AUTH_USER_MODEL


class RetentionSchedule(BaseModel):
    """Keep ``record_type`` for ``keep_months`` after the case closed, in ``country``."""

    country = models.CharField(max_length=2)
    record_type = models.CharField(max_length=32, choices=RecordType.choices)
    keep_months = models.PositiveIntegerField()
    is_active = models.BooleanField(default=True)
    legal_basis = models.CharField(max_length=300, blank=True, default="")
    changed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["country", "record_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "record_type"],
                condition=Q(is_active=True),
                name="one_active_schedule",
            ),
            models.CheckConstraint(
                condition=Q(keep_months__gte=1), name="schedule_keeps_at_least_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.record_type}: {self.keep_months} months"


class ErasureRequest(BaseModel):
    """A request to erase a person's identifying data: requested, approved by a second person,
    carried out. The statistical record (codes, counts) is kept, de-identified."""

    person = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="erasure_requests"
    )
    person_reference = models.CharField(max_length=36)
    status = models.CharField(
        max_length=16, choices=ErasureStatus.choices, default=ErasureStatus.REQUESTED
    )
    reason = EncryptedTextField()
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_for = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = EncryptedTextField()
    executed_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("requested_by")),
                name="erasure_approved_by_a_second_person",
            )
        ]

    def __str__(self) -> str:
        return f"erasure {self.status}"


class RetentionRun(BaseModel):
    """What a run of the retention schedules removed, and when (the deletion report)."""

    ran_at = models.DateTimeField()
    report = models.JSONField(default=dict)

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"retention run {self.ran_at.isoformat()}"
