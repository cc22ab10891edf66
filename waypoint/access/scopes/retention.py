"""Scopes over erasure requests and retention schedules."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm
from waypoint.accounts.choices import OrganisationType
from waypoint.retention.models import ErasureRequest, RetentionRun, RetentionSchedule


def visible_erasure_requests(actor: Actor) -> QuerySet[ErasureRequest]:
    """Requesters see their organisation's requests; auditors (data protection) decide them.

    The national coordination body's auditors see every request; other auditors their own
    organisation's.
    """
    if actor.organisation is None:
        return ErasureRequest.objects.none()
    condition = Q(pk__in=[])
    if actor.can(Perm.ERASURE_REQUEST):
        condition |= Q(requested_for=actor.organisation)
    if actor.can(Perm.ERASURE_APPROVE):
        if actor.organisation.org_type == OrganisationType.NATIONAL_COORDINATION:
            return ErasureRequest.objects.all()
        condition |= Q(requested_for=actor.organisation)
    return ErasureRequest.objects.filter(condition)


def visible_retention_schedules(actor: Actor) -> QuerySet[RetentionSchedule]:
    if not (actor.can(Perm.RETENTION_MANAGE) or actor.can(Perm.ERASURE_APPROVE)):
        return RetentionSchedule.objects.none()
    return RetentionSchedule.objects.all()


def visible_retention_runs(actor: Actor) -> QuerySet[RetentionRun]:
    if not (actor.can(Perm.RETENTION_MANAGE) or actor.can(Perm.ERASURE_APPROVE)):
        return RetentionRun.objects.none()
    return RetentionRun.objects.all()
