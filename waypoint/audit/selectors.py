"""Reads of the audit log, for auditors (and the history panel of a record)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.scopes.audit import visible_audit_events
from waypoint.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    user: str = ""  # user name or user id
    organisation: str = ""  # organisation name or id
    record: str = ""  # record id (target or subject)
    action: str = ""  # exact action or a prefix ending in "."
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_event_list(*, actor: Actor, filters: AuditFilter) -> QuerySet[AuditEvent]:
    """Audit events the actor may see, newest first, narrowed by ``filters``."""
    queryset = visible_audit_events(actor)
    if filters.user:
        queryset = queryset.filter(
            Q(actor_username__iexact=filters.user) | Q(actor_public_id=filters.user)
        )
    if filters.organisation:
        queryset = queryset.filter(
            Q(organisation_name__icontains=filters.organisation)
            | Q(organisation_public_id=filters.organisation)
        )
    if filters.record:
        queryset = queryset.filter(Q(target_id=filters.record) | Q(subject_id=filters.record))
    if filters.action:
        if filters.action.endswith("."):
            queryset = queryset.filter(action__startswith=filters.action)
        else:
            queryset = queryset.filter(action=filters.action)
    if filters.date_from:
        queryset = queryset.filter(occurred_at__date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(occurred_at__date__lte=filters.date_to)
    return queryset.order_by("-sequence")


def record_history(*, subject_public_id: str) -> QuerySet[AuditEvent]:
    """The events concerning one record, for its history panel.

    Callers must already have checked that the actor may see the record itself.
    """
    return AuditEvent.objects.filter(
        Q(subject_id=subject_public_id) | Q(target_id=subject_public_id)
    ).order_by("-sequence")


def audit_actions(*, actor: Actor) -> list[str]:
    return sorted(
        visible_audit_events(actor).order_by().values_list("action", flat=True).distinct()
    )
