"""Building an actor from a signed-in person and the organisation they chose to act for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest

from waypoint.access.actor import Actor
from waypoint.access.roles import Role

if TYPE_CHECKING:
    from waypoint.accounts.models import Organisation, User


def active_memberships(user: User) -> list[tuple[Organisation, Role]]:
    from waypoint.accounts.models import Membership

    memberships = Membership.objects.filter(
        user=user, is_active=True, organisation__is_active=True
    ).select_related("organisation")
    return [(membership.organisation, Role(membership.role)) for membership in memberships]


def build_actor(
    user: User,
    *,
    organisation_public_id: str | None,
    via: str,
    request_id: str,
    ip_address: str | None,
) -> Actor:
    """The actor for ``user`` acting for the chosen organisation (or their first one).

    Roles are read from the database on every request, so a removed role stops working at once.
    """
    memberships = active_memberships(user) if user.is_active else []
    organisations = {str(organisation.public_id): organisation for organisation, _ in memberships}
    chosen = organisations.get(organisation_public_id or "")
    if chosen is None and memberships:
        chosen = sorted(organisations.values(), key=lambda organisation: organisation.name)[0]
    roles = frozenset(
        role for organisation, role in memberships if chosen is not None and organisation == chosen
    )
    return Actor(
        user=user,
        organisation=chosen,
        roles=roles,
        via=via,
        request_id=request_id,
        ip_address=ip_address,
    )


def client_ip(request: HttpRequest) -> str | None:
    """The client address; behind the configured reverse proxy, the address it forwarded."""
    if getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded).split(",")[-1].strip()[:45]
    address = request.META.get("REMOTE_ADDR")
    return str(address)[:45] if address else None
