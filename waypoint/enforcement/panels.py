"""The home-page panel of criminal cases: the next hearings of the person's organisation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from waypoint.access.roles import Perm


def hearings_panel(request: HttpRequest) -> dict[str, Any] | None:
    actor = getattr(request, "actor", None)
    if actor is None or not actor.can(Perm.PROSECUTION_VIEW):
        return None
    from waypoint.enforcement.selectors import upcoming_hearings

    return {
        "template": "enforcement/panel.html",
        "hearings": list(upcoming_hearings(actor=actor)[:5]),
    }
