"""Scopes of the statistics area: published reference figures, and the victim records national
statistics count.

National statistics are aggregates over every record in the installation: they never return a row,
a person or a case, only counts, and every output except the coordinator's on-screen internal view
goes through disclosure control. Operational dashboards (an organisation's activity, a case worker's
caseload) do not use these scopes: they count over ``visible_cases`` (waypoint/access/scopes/cases.py).
"""

from __future__ import annotations

from django.db.models import QuerySet

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm
from waypoint.cases.choices import PersonRole
from waypoint.cases.models import CasePerson, SupportPlan
from waypoint.directory.models import ServiceReferral
from waypoint.referrals.models import NrmDecision, NrmReferral, Timer, TransitionRecord
from waypoint.reporting.models import PublishedFigure, ReferenceDataset
from waypoint.screening.choices import ScreeningStatus
from waypoint.screening.models import Screening, ScreeningAnswer


def visible_published_figures(actor: Actor) -> QuerySet[PublishedFigure]:
    """Everyone who may see statistics sees the published figures: they are public aggregates.
    They still reach outputs only through disclosure control, like every other table."""
    if actor.can(Perm.STATISTICS_VIEW):
        return PublishedFigure.objects.all()
    return PublishedFigure.objects.none()


def visible_reference_datasets(actor: Actor) -> QuerySet[ReferenceDataset]:
    """Which reference files were imported, and when: for people who see statistics or who
    manage the installation (who import them)."""
    if actor.can(Perm.STATISTICS_VIEW) or actor.can(Perm.SYSTEM_SETTINGS_MANAGE):
        return ReferenceDataset.objects.all()
    return ReferenceDataset.objects.none()


def statistical_victim_records(actor: Actor) -> QuerySet[CasePerson]:
    """Every victim record (a person registered as a victim in a case) in the installation, for
    people who see national statistics: the coordinator (exact figures, on screen only) and the
    roles whose statistics are disclosure-controlled. Table functions only aggregate this set; it
    never reaches a page, a file or the API as rows. Everyone else gets nothing (fails closed)."""
    if actor.can(Perm.STATISTICS_VIEW):
        return CasePerson.objects.filter(role=PersonRole.VICTIM)
    return CasePerson.objects.none()


# National statistics over the NRM, screening, support and the TIP workspace. Like
# ``statistical_victim_records``: every record in the installation, for aggregation only (never a
# row, a person or a case reaches an output), for people who see national statistics; nothing for
# anyone else.


def statistical_nrm_referrals(actor: Actor) -> QuerySet[NrmReferral]:
    if actor.can(Perm.STATISTICS_VIEW):
        return NrmReferral.objects.all()
    return NrmReferral.objects.none()


def statistical_nrm_decisions(actor: Actor) -> QuerySet[NrmDecision]:
    if actor.can(Perm.STATISTICS_VIEW):
        return NrmDecision.objects.all()
    return NrmDecision.objects.none()


def statistical_timers(actor: Actor) -> QuerySet[Timer]:
    if actor.can(Perm.STATISTICS_VIEW):
        return Timer.objects.all()
    return Timer.objects.none()


def statistical_track_steps(actor: Actor) -> QuerySet[TransitionRecord]:
    """Steps of parallel tracks (permits, shelter placements, freedom of movement ...)."""
    if actor.can(Perm.STATISTICS_VIEW):
        return TransitionRecord.objects.filter(track__isnull=False)
    return TransitionRecord.objects.none()


def statistical_nrm_steps(actor: Actor) -> QuerySet[TransitionRecord]:
    """Steps of NRM records (referral, decisions, assisted return ...)."""
    if actor.can(Perm.STATISTICS_VIEW):
        return TransitionRecord.objects.filter(referral__isnull=False)
    return TransitionRecord.objects.none()


def statistical_service_referrals(actor: Actor) -> QuerySet[ServiceReferral]:
    if actor.can(Perm.STATISTICS_VIEW):
        return ServiceReferral.objects.all()
    return ServiceReferral.objects.none()


def statistical_support_plans(actor: Actor) -> QuerySet[SupportPlan]:
    if actor.can(Perm.STATISTICS_VIEW):
        return SupportPlan.objects.all()
    return SupportPlan.objects.none()


def statistical_screenings(actor: Actor) -> QuerySet[Screening]:
    """Completed screenings (drafts are work in progress and never counted)."""
    if actor.can(Perm.STATISTICS_VIEW):
        return Screening.objects.filter(status=ScreeningStatus.SUBMITTED)
    return Screening.objects.none()


def statistical_screening_answers(actor: Actor) -> QuerySet[ScreeningAnswer]:
    if actor.can(Perm.STATISTICS_VIEW):
        return ScreeningAnswer.objects.filter(screening__status=ScreeningStatus.SUBMITTED)
    return ScreeningAnswer.objects.none()
