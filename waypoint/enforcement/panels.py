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


def witness_links_panel(request: HttpRequest) -> dict[str, Any] | None:
    """For case workers: victims of their cases taking part in criminal proceedings."""
    actor = getattr(request, "actor", None)
    if actor is None or not actor.can(Perm.CASE_EDIT):
        return None
    from waypoint.enforcement.selectors import witness_links

    return {
        "template": "enforcement/panel_witnesses.html",
        "active_links": witness_links(actor=actor).filter(ended_at__isnull=True).count(),
    }
