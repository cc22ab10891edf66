"""Scopes over organisations, memberships and invitations."""

from __future__ import annotations

from django.db.models import QuerySet

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm
from waypoint.accounts.models import Invitation, Membership, Organisation, User


def visible_organisations(actor: Actor) -> QuerySet[Organisation]:
    """Every signed-in person sees the list of organisations (it is the referral directory)."""
    if actor.can(Perm.ORGANISATION_VIEW):
        return Organisation.objects.all()
    return Organisation.objects.none()


def manageable_organisations(actor: Actor) -> QuerySet[Organisation]:
    """System administrators manage every organisation; organisation admins only their own."""
    if actor.can(Perm.ORGANISATION_MANAGE):
        return Organisation.objects.all()
    if actor.can(Perm.MEMBERSHIP_MANAGE) and actor.organisation is not None:
        return Organisation.objects.filter(pk=actor.organisation.pk)
    return Organisation.objects.none()


def manageable_memberships(actor: Actor) -> QuerySet[Membership]:
    """Memberships the actor may list and change: those of the organisations they manage."""
    if not actor.can(Perm.MEMBERSHIP_MANAGE):
        return Membership.objects.none()
    return Membership.objects.filter(organisation__in=manageable_organisations(actor))


def manageable_invitations(actor: Actor) -> QuerySet[Invitation]:
    if not actor.can(Perm.MEMBERSHIP_MANAGE):
        return Invitation.objects.none()
    return Invitation.objects.filter(organisation__in=manageable_organisations(actor))


def colleagues(actor: Actor) -> QuerySet[User]:
    """Active members of the actor's organisation (for assignment pickers)."""
    if actor.organisation is None:
        return User.objects.none()
    return User.objects.filter(
        memberships__organisation=actor.organisation, memberships__is_active=True, is_active=True
    ).distinct()
