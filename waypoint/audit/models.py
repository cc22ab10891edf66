"""The audit log: append-only events, chained by hash so that tampering is detectable.

Events hold who, when, what and on which record (by public id), never identifying values. Actors and
organisations are copied into the event (not foreign keys), so the log stays whole whatever happens
to the rows it describes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from waypoint.common.errors import DomainError


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise DomainError("Audit events are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise DomainError("Audit events are append-only.")


class AuditEvent(models.Model):
    sequence = models.BigIntegerField(unique=True)
    public_id = models.UUIDField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor_public_id = models.CharField(max_length=36, blank=True, default="", db_index=True)
    actor_username = models.CharField(max_length=150, blank=True, default="")
    actor_roles = models.CharField(max_length=300, blank=True, default="")
    organisation_public_id = models.CharField(max_length=36, blank=True, default="", db_index=True)
    organisation_name = models.CharField(max_length=200, blank=True, default="")
    via = models.CharField(max_length=16)
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True, default="")
    target_id = models.CharField(max_length=36, blank=True, default="", db_index=True)
    subject_id = models.CharField(max_length=36, blank=True, default="", db_index=True)
    details = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=300, blank=True, default="")
    request_id = models.CharField(max_length=32, blank=True, default="")
    ip_address = models.CharField(max_length=45, blank=True, default="")
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects: ClassVar[models.Manager[AuditEvent]] = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an event is written once. (Integrity rule, not business logic.)
        if not self._state.adding:
            raise DomainError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise DomainError("Audit events are append-only.")


class AuditChainHead(models.Model):
    """One row: the sequence and hash of the newest event. Writers lock it to extend the chain."""

    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit chain head at #{self.sequence}"
