"""Scopes over national coordination: plans, reports, recommendations, trainings, TIP workspace.

The plan is not sensitive: everyone with a role (``Perm.PLAN_VIEW``) sees active and closed plans,
their actions and submitted progress reports. Drafts stay with their authors: draft plans with
coordinators, draft reports with the lead organisation's reporting people. Budgets of a plan marked
"budgets restricted" are shown only to ``Perm.PLAN_BUDGET_VIEW``. The TIP workspace is the
coordinator's (``Perm.TIP_WORKSPACE_EDIT``). Every function fails closed.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm
from waypoint.action_plans.choices import PlanStatus
from waypoint.action_plans.models import (
    Action,
    Attachment,
    Campaign,
    CriterionEntry,
    Indicator,
    Objective,
    Pillar,
    Plan,
    ProgressReport,
    Recommendation,
    Reporter,
    ReportingRound,
    TierRecord,
    TipSubmission,
    Training,
)


def visible_plans(actor: Actor) -> QuerySet[Plan]:
    """Active and closed plans for everyone with a role; drafts for coordinators only."""
    if not actor.can(Perm.PLAN_VIEW):
        return Plan.objects.none()
    if actor.can(Perm.PLAN_MANAGE):
        return Plan.objects.all()
    return Plan.objects.exclude(status=PlanStatus.DRAFT)


def managed_plans(actor: Actor) -> QuerySet[Plan]:
    """Plans the actor may change: every plan, for coordinators."""
    if not actor.can(Perm.PLAN_MANAGE):
        return Plan.objects.none()
    return Plan.objects.all()


def visible_pillars(actor: Actor) -> QuerySet[Pillar]:
    return Pillar.objects.filter(plan__in=visible_plans(actor))


def visible_objectives(actor: Actor) -> QuerySet[Objective]:
    return Objective.objects.filter(pillar__plan__in=visible_plans(actor))


def visible_actions(actor: Actor) -> QuerySet[Action]:
    return Action.objects.filter(plan__in=visible_plans(actor))


def visible_indicators(actor: Actor) -> QuerySet[Indicator]:
    return Indicator.objects.filter(action__plan__in=visible_plans(actor))


def visible_rounds(actor: Actor) -> QuerySet[ReportingRound]:
    return ReportingRound.objects.filter(plan__in=visible_plans(actor))


def is_named_reporter(actor: Actor) -> bool:
    """Named by the organisation's administrator to report on the organisation's actions."""
    if actor.user is None or actor.organisation is None:
        return False
    return Reporter.objects.filter(
        organisation=actor.organisation, user=actor.user, is_active=True
    ).exists()


def may_report(actor: Actor) -> bool:
    """Reports for the actor's organisation: its administrators (and others holding the
    permission) and the people its administrator named as reporters."""
    if actor.organisation is None or not actor.can(Perm.PLAN_VIEW):
        return False
    return actor.can(Perm.PROGRESS_REPORT_SUBMIT) or is_named_reporter(actor)


def reportable_actions(actor: Actor) -> QuerySet[Action]:
    """Actions of active plans led by the actor's organisation, when the actor may report."""
    if not may_report(actor):
        return Action.objects.none()
    return Action.objects.filter(
        plan__in=visible_plans(actor),
        plan__status=PlanStatus.ACTIVE,
        lead_organisation=actor.organisation,
    )


def visible_reports(actor: Actor) -> QuerySet[ProgressReport]:
    """Submitted reports of visible plans; drafts only for the organisation writing them."""
    reports = ProgressReport.objects.filter(round__plan__in=visible_plans(actor))
    if may_report(actor):
        return reports.filter(Q(is_submitted=True) | Q(organisation=actor.organisation))
    return reports.filter(is_submitted=True)


def visible_recommendations(actor: Actor) -> QuerySet[Recommendation]:
    """Recommendations of external reviews are public: everyone with a role sees them."""
    if not actor.can(Perm.PLAN_VIEW):
        return Recommendation.objects.none()
    return Recommendation.objects.all()


def visible_tier_records(actor: Actor) -> QuerySet[TierRecord]:
    if not actor.can(Perm.PLAN_VIEW):
        return TierRecord.objects.none()
    return TierRecord.objects.all()


def visible_trainings(actor: Actor) -> QuerySet[Training]:
    if not actor.can(Perm.PLAN_VIEW):
        return Training.objects.none()
    return Training.objects.all()


def visible_campaigns(actor: Actor) -> QuerySet[Campaign]:
    if not actor.can(Perm.PLAN_VIEW):
        return Campaign.objects.none()
    return Campaign.objects.all()


def visible_submissions(actor: Actor) -> QuerySet[TipSubmission]:
    """The TIP workspace is the national coordinator's working draft of the government's answer."""
    if not actor.can(Perm.TIP_WORKSPACE_EDIT):
        return TipSubmission.objects.none()
    return TipSubmission.objects.all()


def visible_criterion_entries(actor: Actor) -> QuerySet[CriterionEntry]:
    return CriterionEntry.objects.filter(submission__in=visible_submissions(actor))


def visible_attachments(actor: Actor) -> QuerySet[Attachment]:
    """Attachments of records the actor sees (reports, recommendations, trainings, TIP entries)."""
    if not actor.can(Perm.PLAN_VIEW):
        return Attachment.objects.none()
    return Attachment.objects.filter(
        Q(report__in=visible_reports(actor))
        | Q(recommendation__in=visible_recommendations(actor))
        | Q(training__in=visible_trainings(actor))
        | Q(criterion_entry__in=visible_criterion_entries(actor))
    )


def manageable_reporters(actor: Actor) -> QuerySet[Reporter]:
    """Reporter namings of the actor's own organisation, for its administrators."""
    if (
        actor.organisation is None
        or not actor.can(Perm.MEMBERSHIP_MANAGE)
        or not actor.can(Perm.PROGRESS_REPORT_SUBMIT)
    ):
        return Reporter.objects.none()
    return Reporter.objects.filter(organisation=actor.organisation)


def may_view_budgets(actor: Actor, plan: Plan) -> bool:
    """Budgets of a plan: everyone who sees it, unless restricted; then ``PLAN_BUDGET_VIEW`` only."""
    if not actor.can(Perm.PLAN_VIEW):
        return False
    return not plan.budgets_restricted or actor.can(Perm.PLAN_BUDGET_VIEW)


def plans_with_visible_budgets(actor: Actor) -> QuerySet[Plan]:
    """The visible plans whose budgets the actor may see (see :func:`may_view_budgets`)."""
    plans = visible_plans(actor)
    if actor.can(Perm.PLAN_BUDGET_VIEW):
        return plans
    return plans.filter(budgets_restricted=False)
