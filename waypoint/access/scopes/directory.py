"""Scopes over the services directory and referrals to services.

- Everyone signed in may search the directory (active services); a provider's managers also see
  their own inactive services.
- Only the provider organisation's ``org_admin`` and ``service_provider`` people manage its services.
- A referral to a service is seen by the referring side (its case workers and supervisors; the first
  responder who made it) and by the provider's service providers. The provider stops seeing it the
  moment the consent it rests on is withdrawn.

Everything fails closed.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.cases import visible_cases
from waypoint.directory.models import Service, ServiceReferral


def visible_services(actor: Actor) -> QuerySet[Service]:
    if actor.user is None or not actor.can(Perm.SERVICE_DIRECTORY_VIEW):
        return Service.objects.none()
    condition = Q(is_active=True, organisation__is_active=True)
    if actor.organisation is not None and actor.can(Perm.SERVICE_MANAGE):
        condition |= Q(organisation=actor.organisation)
    return Service.objects.filter(condition)


def manageable_services(actor: Actor) -> QuerySet[Service]:
    """Services of the actor's own organisation, for its org admins and service providers."""
    if actor.user is None or actor.organisation is None or not actor.can(Perm.SERVICE_MANAGE):
        return Service.objects.none()
    return Service.objects.filter(organisation=actor.organisation)


def visible_service_referrals(actor: Actor) -> QuerySet[ServiceReferral]:
    if actor.user is None or actor.organisation is None:
        return ServiceReferral.objects.none()
    organisation = actor.organisation
    condition = Q(pk__in=[])
    if actor.can(Perm.SERVICE_REFERRAL_CREATE):
        if actor.has_role(Role.CASE_WORKER, Role.CASE_SUPERVISOR):
            condition |= Q(referring_organisation=organisation) | Q(
                case__in=visible_cases(actor).filter(owner_organisation=organisation)
            )
        elif actor.has_role(Role.FIRST_RESPONDER):
            condition |= Q(referring_organisation=organisation, referred_by=actor.user)
    if actor.can(Perm.SERVICE_REFERRAL_RESPOND) and actor.has_role(Role.SERVICE_PROVIDER):
        condition |= Q(service__organisation=organisation) & (
            Q(consent__isnull=True) | Q(consent__withdrawn_at__isnull=True)
        )
    return ServiceReferral.objects.filter(condition)


def is_provider_of(actor: Actor, referral: ServiceReferral) -> bool:
    return (
        actor.organisation is not None
        and actor.has_role(Role.SERVICE_PROVIDER)
        and actor.can(Perm.SERVICE_REFERRAL_RESPOND)
        and referral.service.organisation_id == actor.organisation.pk
    )


def is_referrer_of(actor: Actor, referral: ServiceReferral) -> bool:
    if actor.organisation is None or not actor.can(Perm.SERVICE_REFERRAL_CREATE):
        return False
    if referral.referring_organisation_id == actor.organisation.pk:
        if actor.has_role(Role.CASE_WORKER, Role.CASE_SUPERVISOR):
            return True
        return actor.user is not None and referral.referred_by_id == actor.user.pk
    return (
        actor.has_role(Role.CASE_WORKER, Role.CASE_SUPERVISOR)
        and visible_cases(actor)
        .filter(pk=referral.case_id, owner_organisation=actor.organisation)
        .exists()
    )
