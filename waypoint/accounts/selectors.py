"""Reads for organisations, memberships, invitations and tokens, always through access scopes."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.scopes.accounts import (
    manageable_invitations,
    manageable_memberships,
    manageable_organisations,
    visible_organisations,
)
from waypoint.accounts.models import ApiToken, Invitation, Membership, Organisation


def organisation_list(
    *, actor: Actor, search: str = "", org_type: str = "", country: str = ""
) -> QuerySet[Organisation]:
    """Organisations the actor may see, optionally filtered by name, type and country."""
    queryset = visible_organisations(actor)
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(city__icontains=search))
    if org_type:
        queryset = queryset.filter(org_type=org_type)
    if country:
        queryset = queryset.filter(country=country.upper())
    return queryset.order_by("name")


def organisation_get(*, actor: Actor, public_id: object) -> Organisation:
    return get_visible(visible_organisations(actor), public_id=public_id)


def organisation_get_manageable(*, actor: Actor, public_id: object) -> Organisation:
    return get_visible(manageable_organisations(actor), public_id=public_id)


def membership_list(
    *, actor: Actor, organisation: Organisation | None = None, include_ended: bool = False
) -> QuerySet[Membership]:
    queryset = manageable_memberships(actor).select_related("user", "organisation")
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    if not include_ended:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by("organisation__name", "user__username", "role")


def membership_get(*, actor: Actor, public_id: object) -> Membership:
    return get_visible(
        manageable_memberships(actor).select_related("user", "organisation"), public_id=public_id
    )


def invitation_list(*, actor: Actor) -> QuerySet[Invitation]:
    return manageable_invitations(actor).select_related("organisation").order_by("-created_at")


def invitation_get(*, actor: Actor, public_id: object) -> Invitation:
    return get_visible(manageable_invitations(actor), public_id=public_id)


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """A person's own tokens (never anybody else's)."""
    if actor.user is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=actor.user).order_by("-created_at")


def api_token_get(*, actor: Actor, public_id: object) -> ApiToken:
    return get_visible(api_token_list(actor=actor), public_id=public_id)
