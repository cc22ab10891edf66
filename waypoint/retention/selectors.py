from __future__ import annotations

from django.db.models import QuerySet

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.scopes.retention import (
    visible_erasure_requests,
    visible_retention_runs,
    visible_retention_schedules,
)
from waypoint.retention.models import ErasureRequest, RetentionRun, RetentionSchedule


def erasure_request_list(*, actor: Actor, status: str = "") -> QuerySet[ErasureRequest]:
    queryset = visible_erasure_requests(actor).select_related(
        "requested_by", "decided_by", "requested_for"
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at")


def erasure_request_get(*, actor: Actor, public_id: object) -> ErasureRequest:
    return get_visible(visible_erasure_requests(actor), public_id=public_id)


def retention_schedule_list(*, actor: Actor) -> QuerySet[RetentionSchedule]:
    return (
        visible_retention_schedules(actor).filter(is_active=True).order_by("country", "record_type")
    )


def retention_run_list(*, actor: Actor) -> QuerySet[RetentionRun]:
    return visible_retention_runs(actor).order_by("-ran_at")
