"""Scopes over screenings, screening instruments and anonymous notifications.

- A screening is visible to the person who conducted it, while they act for the organisation it
  was made for (investigators, who only conduct screenings, see nothing else).
- Roles with ``screening.view`` also see completed screenings attached to a case they can see
  (``visible_cases``): a first responder's own cases, a case worker's organisation's cases, and a
  competent authority's cases shared through an NRM referral.
- Roles with ``screening.view`` and organisation-wide case scope (case workers and supervisors)
  see every completed screening of their organisation.
- Everything else: nothing. Drafts are only ever visible to the person conducting them.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm, Scope
from waypoint.access.scopes.cases import visible_cases
from waypoint.screening.choices import ScreeningStatus, VersionStatus
from waypoint.screening.models import AnonymousNotification, InstrumentVersion, Screening


def visible_screenings(actor: Actor) -> QuerySet[Screening]:
    """Screenings the actor may open. Fails closed: no person or organisation → nothing."""
    if actor.user is None or actor.organisation is None:
        return Screening.objects.none()
    can_view = actor.can(Perm.SCREENING_VIEW)
    if not (can_view or actor.can(Perm.SCREENING_CONDUCT)):
        return Screening.objects.none()
    condition = Q(screener=actor.user, organisation=actor.organisation)
    if can_view:
        submitted = Q(status=ScreeningStatus.SUBMITTED)
        # A correlated EXISTS, not an IN over every visible case (see the NRM scope).
        condition |= submitted & Q(Exists(visible_cases(actor).filter(pk=OuterRef("case_id"))))
        if actor.scope == Scope.ORGANISATION:
            condition |= submitted & Q(organisation=actor.organisation)
    return Screening.objects.filter(condition)


def own_draft_screenings(actor: Actor) -> QuerySet[Screening]:
    """Drafts the actor is conducting for their current organisation (the only ones they edit)."""
    if actor.user is None or actor.organisation is None or not actor.can(Perm.SCREENING_CONDUCT):
        return Screening.objects.none()
    return Screening.objects.filter(
        screener=actor.user, organisation=actor.organisation, status=ScreeningStatus.DRAFT
    )


def visible_instrument_versions(actor: Actor) -> QuerySet[InstrumentVersion]:
    """Instrument managers see every version, drafts included; screeners see published ones."""
    if actor.can(Perm.INSTRUMENT_MANAGE):
        return InstrumentVersion.objects.all()
    if actor.can(Perm.SCREENING_CONDUCT) or actor.can(Perm.SCREENING_VIEW):
        return InstrumentVersion.objects.filter(status=VersionStatus.PUBLISHED)
    return InstrumentVersion.objects.none()


def manageable_instrument_versions(actor: Actor) -> QuerySet[InstrumentVersion]:
    if actor.can(Perm.INSTRUMENT_MANAGE):
        return InstrumentVersion.objects.all()
    return InstrumentVersion.objects.none()


def visible_anonymous_notifications(actor: Actor) -> QuerySet[AnonymousNotification]:
    """The rows of the actor's own organisation, for those who make or read screenings there."""
    if actor.user is None or actor.organisation is None:
        return AnonymousNotification.objects.none()
    if not (actor.can(Perm.ANONYMOUS_NOTIFICATION_CREATE) or actor.can(Perm.SCREENING_VIEW)):
        return AnonymousNotification.objects.none()
    return AnonymousNotification.objects.filter(organisation=actor.organisation)


def countable_anonymous_notifications(actor: Actor) -> QuerySet[AnonymousNotification]:
    """What the actor may *count*: every notification for statistics roles (counts only, never
    rows), else their own organisation's."""
    if actor.can(Perm.STATISTICS_VIEW):
        return AnonymousNotification.objects.all()
    return visible_anonymous_notifications(actor)
