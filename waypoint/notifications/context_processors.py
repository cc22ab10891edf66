from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from waypoint.notifications.selectors import unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if actor is None or actor.user is None:
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_count(actor=actor)}
