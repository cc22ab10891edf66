"""Reads of plans, their structure, actions, reporting rounds and progress reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.roles import Perm
from waypoint.access.scopes.accounts import visible_organisations
from waypoint.access.scopes.action_plans import (
    manageable_reporters,
    managed_plans,
    may_report,
    reportable_actions,
    visible_actions,
    visible_indicators,
    visible_objectives,
    visible_pillars,
    visible_plans,
    visible_reports,
    visible_rounds,
)
from waypoint.accounts.models import Organisation, User
from waypoint.action_plans.choices import ActionStatus, PlanStatus, ReportState
from waypoint.action_plans.models import (
    Action,
    Indicator,
    Objective,
    Pillar,
    Plan,
    ProgressReport,
    Reporter,
    ReportingRound,
)
from waypoint.action_plans.rules import (
    expected_actions,
    expected_q,
    overdue_q,
    report_state,
    with_action_counts,
)
from waypoint.action_plans.selectors.common import ordered

PLAN_SORTS: dict[str, str | tuple[str, ...]] = {
    "title": "title",
    "start": "period_start",
    "status": "status",
    "kind": "kind",
}
ACTION_SORTS: dict[str, str | tuple[str, ...]] = {
    "code": "code",
    "title": "title",
    "lead": "lead_organisation__name",
    "start": "start_date",
    "due": "due_date",
    "status": "status",
    "pillar": ("objective__pillar__position", "objective__position"),
}


def plan_list(
    *, actor: Actor, search: str = "", status: str = "", kind: str = "", sort: str = "-start"
) -> QuerySet[Plan]:
    """Plans the actor sees, with their number of actions."""
    queryset = visible_plans(actor).annotate(action_count=Count("actions"))
    if search:
        queryset = queryset.filter(title__icontains=search)
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    return ordered(queryset, sort, PLAN_SORTS, "-start")


def plan_get(*, actor: Actor, public_id: object) -> Plan:
    return get_visible(visible_plans(actor), public_id=public_id)


def plan_get_managed(*, actor: Actor, public_id: object) -> Plan:
    return get_visible(managed_plans(actor), public_id=public_id)


def current_plans(*, actor: Actor) -> QuerySet[Plan]:
    return visible_plans(actor).filter(status=PlanStatus.ACTIVE).order_by("-period_start")


def plan_structure(*, actor: Actor, plan: Plan, today: dt.date) -> QuerySet[Pillar]:
    """The plan's pillars with their objectives, each objective with action counts by status."""
    objectives = with_action_counts(Objective.objects.all(), today).order_by("position", "code")
    return (
        visible_pillars(actor)
        .filter(plan=plan)
        .prefetch_related(Prefetch("objectives", queryset=objectives))
        .order_by("position", "pk")
    )


def pillar_get(*, actor: Actor, public_id: object) -> Pillar:
    return get_visible(visible_pillars(actor).select_related("plan"), public_id=public_id)


def objective_get(*, actor: Actor, public_id: object) -> Objective:
    return get_visible(
        visible_objectives(actor).select_related("pillar__plan"), public_id=public_id
    )


@dataclass(frozen=True)
class ActionFilter:
    plan: Plan | None = None
    pillar: str = ""  # pillar code
    objective: Objective | None = None
    status: str = ""
    lead_organisation: str = ""  # an organisation's public id
    is_overdue: bool = False
    search: str = ""


def action_list(
    *, actor: Actor, filters: ActionFilter, today: dt.date, sort: str = "code"
) -> QuerySet[Action]:
    """Actions the actor sees, filtered; each with its plan, objective, pillar and lead organisation."""
    queryset = visible_actions(actor).select_related(
        "plan", "objective__pillar", "lead_organisation"
    )
    if filters.plan is not None:
        queryset = queryset.filter(plan=filters.plan)
    if filters.pillar:
        queryset = queryset.filter(objective__pillar__code=filters.pillar)
    if filters.objective is not None:
        queryset = queryset.filter(objective=filters.objective)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.lead_organisation:
        queryset = queryset.filter(lead_organisation__public_id=filters.lead_organisation)
    if filters.is_overdue:
        queryset = queryset.filter(overdue_q(today))
    if filters.search:
        queryset = queryset.filter(
            Q(title__icontains=filters.search) | Q(code__icontains=filters.search)
        )
    return ordered(queryset, sort, ACTION_SORTS, "code")


def action_get(*, actor: Actor, public_id: object) -> Action:
    return get_visible(
        visible_actions(actor)
        .select_related("plan", "objective__pillar", "lead_organisation", "status_round")
        .prefetch_related("partner_organisations", "recommendations", "indicators"),
        public_id=public_id,
    )


def indicator_get(*, actor: Actor, public_id: object) -> Indicator:
    return get_visible(
        visible_indicators(actor).select_related("action__plan"), public_id=public_id
    )


def action_reports(*, actor: Actor, action: Action) -> QuerySet[ProgressReport]:
    return (
        visible_reports(actor)
        .filter(action=action)
        .select_related("round", "submitted_by")
        .order_by("-round__period_start")
    )


ROUND_SORTS: dict[str, str | tuple[str, ...]] = {
    "label": "label",
    "start": "period_start",
    "deadline": "deadline",
    "expected": "expected",
    "submitted": "submitted",
    "late": "late",
}


def round_list(*, actor: Actor, plan: Plan, sort: str = "start") -> QuerySet[ReportingRound]:
    """A plan's rounds, each with how many actions owe a report and how many were submitted."""
    owing = (
        Action.objects.filter(plan=OuterRef("plan"))
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=OuterRef("period_end")))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=OuterRef("period_start")))
        .order_by()
        .values("plan")
        .annotate(count=Count("pk"))
        .values("count")
    )
    rounds = (
        visible_rounds(actor)
        .filter(plan=plan)
        .annotate(
            expected=Coalesce(Subquery(owing, output_field=IntegerField()), 0),
            submitted=Count("reports", filter=Q(reports__is_submitted=True)),
            late=Count(
                "reports",
                filter=Q(reports__is_submitted=True)
                & Q(reports__first_submitted_on__gt=F("deadline")),
            ),
        )
    )
    return ordered(rounds, sort, ROUND_SORTS, "start")


def round_get(*, actor: Actor, public_id: object) -> ReportingRound:
    return get_visible(visible_rounds(actor).select_related("plan"), public_id=public_id)


@dataclass(frozen=True)
class ReportRow:
    action: Action
    report: ProgressReport | None
    state: ReportState

    @property
    def is_flagged(self) -> bool:
        return self.state in (ReportState.LATE, ReportState.MISSING)


def round_rows(
    *, actor: Actor, reporting_round: ReportingRound, today: dt.date, actions: QuerySet[Action]
) -> list[ReportRow]:
    """For each action owing a report in the round: its report (if visible) and the report's state."""
    owing = (
        expected_actions(reporting_round)
        .filter(pk__in=actions.values("pk"))
        .select_related("lead_organisation", "objective__pillar")
        .order_by("lead_organisation__name", "code")
    )
    reports = {
        report.action_id: report
        for report in visible_reports(actor).filter(round=reporting_round, action__in=owing)
    }
    return [
        ReportRow(
            action=action,
            report=reports.get(action.pk),
            state=report_state(
                deadline=reporting_round.deadline,
                today=today,
                is_submitted=bool(reports.get(action.pk) and reports[action.pk].is_submitted),
                first_submitted_on=(
                    reports[action.pk].first_submitted_on if action.pk in reports else None
                ),
                has_draft=action.pk in reports,
            ),
        )
        for action in owing
    ]


def round_report_rows(
    *, actor: Actor, reporting_round: ReportingRound, today: dt.date
) -> list[ReportRow]:
    return round_rows(
        actor=actor,
        reporting_round=reporting_round,
        today=today,
        actions=visible_actions(actor),
    )


def reporting_rounds_for(*, actor: Actor, today: dt.date) -> QuerySet[ReportingRound]:
    """Rounds (newest first) in which the actor's organisation owes or gave reports."""
    if not may_report(actor):
        return ReportingRound.objects.none()
    mine = reportable_actions(actor)
    return (
        visible_rounds(actor)
        .filter(plan__status=PlanStatus.ACTIVE, period_start__lte=today)
        .filter(Exists(mine.filter(plan=OuterRef("plan"))))
        .select_related("plan")
        .order_by("-deadline", "plan__title")
    )


def my_round_rows(
    *, actor: Actor, reporting_round: ReportingRound, today: dt.date
) -> list[ReportRow]:
    return round_rows(
        actor=actor,
        reporting_round=reporting_round,
        today=today,
        actions=reportable_actions(actor),
    )


def reportable_action_get(*, actor: Actor, public_id: object) -> Action:
    return get_visible(
        reportable_actions(actor).select_related("plan").prefetch_related("indicators"),
        public_id=public_id,
    )


def report_get(*, actor: Actor, public_id: object) -> ProgressReport:
    return get_visible(
        visible_reports(actor).select_related(
            "round__plan", "action__plan", "organisation", "submitted_by"
        ),
        public_id=public_id,
    )


def report_for(
    *, actor: Actor, reporting_round: ReportingRound, action: Action
) -> ProgressReport | None:
    return visible_reports(actor).filter(round=reporting_round, action=action).first()


def report_list(
    *,
    actor: Actor,
    plan: Plan | None = None,
    reporting_round: ReportingRound | None = None,
    organisation: str = "",
    status: str = "",
) -> QuerySet[ProgressReport]:
    queryset = visible_reports(actor).select_related("round", "action", "organisation")
    if plan is not None:
        queryset = queryset.filter(round__plan=plan)
    if reporting_round is not None:
        queryset = queryset.filter(round=reporting_round)
    if organisation:
        queryset = queryset.filter(organisation__public_id=organisation)
    if status in ActionStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-round__period_start", "action__code")


def reporter_list(*, actor: Actor) -> QuerySet[Reporter]:
    return manageable_reporters(actor).filter(is_active=True).select_related("user")


def reporter_get(*, actor: Actor, public_id: object) -> Reporter:
    return get_visible(
        manageable_reporters(actor).filter(is_active=True).select_related("user"),
        public_id=public_id,
    )


def reporter_candidates(*, actor: Actor) -> QuerySet[User]:
    """Active members of the administrator's organisation who are not named yet."""
    if (
        actor.organisation is None
        or not actor.can(Perm.MEMBERSHIP_MANAGE)
        or not actor.can(Perm.PROGRESS_REPORT_SUBMIT)
    ):
        return User.objects.none()
    named = manageable_reporters(actor).filter(is_active=True).values("user")
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=actor.organisation,
            memberships__is_active=True,
        )
        .exclude(pk__in=named)
        .distinct()
        .order_by("username")
    )


def owed_report_count(*, actor: Actor, today: dt.date) -> int:
    """Reports the actor's organisation owes in rounds that have begun (not submitted yet)."""
    if not may_report(actor):
        return 0
    mine = reportable_actions(actor)
    expected: int = mine.aggregate(
        n=Count(
            "plan__rounds",
            filter=Q(plan__rounds__period_start__lte=today) & expected_q("plan__rounds__"),
        )
    )["n"]
    submitted = (
        visible_reports(actor)
        .filter(action__in=mine, is_submitted=True, round__period_start__lte=today)
        .filter(expected_q("round__", action_path="action__"))
        .count()
    )
    return max(expected - submitted, 0)


def pillar_choices(*, actor: Actor, plan: Plan) -> QuerySet[Pillar]:
    return visible_pillars(actor).filter(plan=plan).order_by("position", "pk")


def objective_choices(*, actor: Actor, plan: Plan) -> QuerySet[Objective]:
    return (
        visible_objectives(actor)
        .filter(pillar__plan=plan)
        .select_related("pillar")
        .order_by("pillar__position", "position", "code")
    )


def action_choices(*, actor: Actor) -> QuerySet[Action]:
    """Actions of plans the actor sees (for linking trainings, campaigns, recommendations)."""
    return (
        visible_actions(actor)
        .exclude(plan__status=PlanStatus.CLOSED)
        .select_related("plan")
        .order_by("plan__title", "code")
    )


def lead_organisations(*, actor: Actor, plan: Plan) -> QuerySet[Organisation]:
    """The organisations leading actions of the plan (for filters)."""
    return (
        visible_organisations(actor)
        .filter(led_plan_actions__plan=plan, led_plan_actions__in=visible_actions(actor))
        .distinct()
        .order_by("name")
    )
