"""Scopes over the National Referral Mechanism: NRM records, tracks, timers and breaches.

- The referring side sees its NRM records: case workers and supervisors those their organisation
  made or whose case it works; a first responder those they opened or referred (or on their own
  cases).
- The competent authority's decision makers see the records sent to their organisation, and only
  while the sharing they rest on is live: a withdrawn consent or a revoked grant hides them at once.
- A service provider sees the records of cases referred to it (state only, for reconsideration
  requests), again only while that sharing is live.
- Tracks (permits, orders, guardianship…) are case work: only the organisation working the case.
- Timers follow what they time. Breaches are counted for the national coordinator, never listed.

Everything fails closed: no organisation, no permission or an unknown role sees nothing.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.cases import visible_cases
from waypoint.access.scopes.directory import visible_service_referrals
from waypoint.cases.choices import GrantKind
from waypoint.cases.models import CaseAccessGrant
from waypoint.referrals.models import NrmReferral, Timer, Track

CASE_SIDE_ROLES = (Role.CASE_WORKER, Role.CASE_SUPERVISOR)


def live_grants() -> QuerySet[CaseAccessGrant]:
    """Grants not revoked whose consent (if any) is still given."""
    return CaseAccessGrant.objects.filter(
        Q(consent__isnull=True) | Q(consent__withdrawn_at__isnull=True), revoked_at__isnull=True
    )


def working_cases(actor: Actor) -> QuerySet:  # type: ignore[type-arg]
    """Cases the actor's organisation owns or works jointly, among those the actor may see."""
    if actor.organisation is None:
        return visible_cases(actor).none()
    joint = Exists(
        live_grants().filter(
            case=OuterRef("pk"), organisation=actor.organisation, kind=GrantKind.JOINT_CASE
        )
    )
    return visible_cases(actor).filter(Q(owner_organisation=actor.organisation) | joint)


def visible_nrm_referrals(actor: Actor) -> QuerySet[NrmReferral]:
    """NRM records the actor may see (see the module docstring for the rule)."""
    if actor.user is None or actor.organisation is None:
        return NrmReferral.objects.none()
    organisation = actor.organisation
    condition = Q(pk__in=[])
    # A correlated EXISTS, not "case IN (…)": OR-ed with other conditions, an IN subquery is
    # computed over every case the organisation may see (over a second at 100,000 cases).
    works_case = Exists(working_cases(actor).filter(pk=OuterRef("case_id")))
    if actor.can(Perm.NRM_VIEW) and actor.has_role(*CASE_SIDE_ROLES):
        condition |= Q(referring_organisation=organisation) | Q(works_case)
    if actor.can(Perm.NRM_VIEW) and actor.has_role(Role.FIRST_RESPONDER):
        condition |= Q(referring_organisation=organisation) & (
            Q(opened_by=actor.user) | Q(referred_by=actor.user) | Q(works_case)
        )
    if actor.can(Perm.NRM_DECIDE) and actor.has_role(Role.DECISION_MAKER):
        condition |= Q(competent_authority=organisation) & Q(
            Exists(live_grants().filter(pk=OuterRef("grant_id"), organisation=organisation))
        )
    if actor.can(Perm.NRM_RECONSIDERATION_REQUEST) and actor.has_role(Role.SERVICE_PROVIDER):
        condition |= Q(
            Exists(
                live_grants().filter(
                    case=OuterRef("case_id"),
                    organisation=organisation,
                    kind=GrantKind.SERVICE_REFERRAL,
                )
            )
        )
    return NrmReferral.objects.filter(condition)


def is_referral_case_side(actor: Actor, referral: NrmReferral) -> bool:
    """The actor's organisation referred the person or works the case (not the authority)."""
    if actor.organisation is None or not actor.has_role(Role.FIRST_RESPONDER, *CASE_SIDE_ROLES):
        return False
    if referral.referring_organisation_id == actor.organisation.pk:
        return True
    return working_cases(actor).filter(pk=referral.case_id).exists()


def is_competent_authority(actor: Actor, referral: NrmReferral) -> bool:
    """The actor is a decision maker of the organisation the referral was sent to, and the
    sharing with it is live."""
    if actor.organisation is None or not actor.has_role(Role.DECISION_MAKER):
        return False
    if referral.competent_authority_id != actor.organisation.pk or referral.grant_id is None:
        return False
    return live_grants().filter(pk=referral.grant_id, organisation=actor.organisation).exists()


def is_support_provider(actor: Actor, case_id: int) -> bool:
    """The actor's organisation provides a service to the case under a live referral."""
    if actor.organisation is None or not actor.has_role(Role.SERVICE_PROVIDER):
        return False
    return (
        live_grants()
        .filter(case_id=case_id, organisation=actor.organisation, kind=GrantKind.SERVICE_REFERRAL)
        .exists()
    )


def visible_tracks(actor: Actor) -> QuerySet[Track]:
    """Tracks of cases the actor's organisation works (case workers, their first responders)."""
    if actor.user is None or actor.organisation is None:
        return Track.objects.none()
    if not (actor.can(Perm.NRM_VIEW) or actor.can(Perm.NRM_TRACK_MANAGE)):
        return Track.objects.none()
    if not actor.has_role(Role.FIRST_RESPONDER, *CASE_SIDE_ROLES):
        return Track.objects.none()
    return Track.objects.filter(case__in=working_cases(actor))


def visible_timers(actor: Actor) -> QuerySet[Timer]:
    """Timers of what the actor may see: NRM records, tracks and referrals to services."""
    if actor.user is None or actor.organisation is None:
        return Timer.objects.none()
    return Timer.objects.filter(
        Q(Exists(visible_nrm_referrals(actor).filter(pk=OuterRef("referral_id"))))
        | Q(Exists(visible_tracks(actor).filter(pk=OuterRef("track_id"))))
        | Q(Exists(visible_service_referrals(actor).filter(response_timer=OuterRef("pk"))))
    )


def breach_timers(actor: Actor) -> QuerySet[Timer]:
    """Every breached time limit, for aggregate counts only (the national coordinator)."""
    if actor.user is None or not actor.can(Perm.NRM_BREACHES_VIEW):
        return Timer.objects.none()
    return Timer.objects.filter(is_breached=True)
