"""The home page panel: what is due and overdue for the person signed in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from waypoint.access.roles import Perm


def my_work_panel(request: HttpRequest) -> dict[str, Any] | None:
    actor = getattr(request, "actor", None)
    if actor is None or actor.user is None:
        return None
    if not any(
        actor.can(perm) for perm in (Perm.NRM_VIEW, Perm.NRM_DECIDE, Perm.SERVICE_REFERRAL_RESPOND)
    ):
        return None
    from waypoint.referrals.selectors import my_work_counts

    counts = my_work_counts(actor=actor)
    return {"template": "referrals/panel.html", "counts": counts}
