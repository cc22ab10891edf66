from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from waypoint.access.navigation import navigation_for
from waypoint.access.roles import Perm
from waypoint.access.session import active_memberships


def actor(request: HttpRequest) -> dict[str, Any]:
    """The actor, the menu and the organisations the person can switch between."""
    current = getattr(request, "actor", None)
    if current is None or current.user is None:
        return {"actor": current, "navigation": [], "switchable_organisations": []}
    organisations = {
        organisation.public_id: organisation
        for organisation, _role in active_memberships(current.user)
    }
    return {
        "actor": current,
        "navigation": navigation_for(current),
        "switchable_organisations": sorted(organisations.values(), key=lambda org: org.name),
        "actor_permissions": {permission.name: current.can(permission) for permission in Perm},
    }
