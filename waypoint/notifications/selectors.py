from __future__ import annotations

from django.db.models import QuerySet

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.notifications.models import Notification


def notification_list(*, actor: Actor, unread_only: bool = False) -> QuerySet[Notification]:
    """A person's own notifications, newest first (nobody sees anybody else's)."""
    if actor.user is None:
        return Notification.objects.none()
    queryset = Notification.objects.filter(recipient=actor.user)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-created_at")


def notification_get(*, actor: Actor, public_id: object) -> Notification:
    return get_visible(notification_list(actor=actor), public_id=public_id)


def unread_count(*, actor: Actor) -> int:
    return notification_list(actor=actor, unread_only=True).count()
