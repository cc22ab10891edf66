"""The statistics panel of the home page: how many tables can be opened, and where."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from waypoint.access.roles import Perm
from waypoint.reporting import registry


def statistics_home_panel(request: HttpRequest) -> dict[str, Any] | None:
    """For people who see statistics: tables with data, tables awaiting data, a link."""
    actor = request.actor  # type: ignore[attr-defined]
    if not actor.can(Perm.STATISTICS_VIEW):
        return None
    specs = registry.all_specs()
    available = [spec for spec in specs if spec.source_available]
    return {
        "template": "reporting/home_panel.html",
        "available": available,
        "awaiting_count": len(specs) - len(available),
        "is_internal": actor.can(Perm.STATISTICS_VIEW_INTERNAL),
    }
