"""The monitoring committee's views: plan progress by pillar and objective, and the performance of
each stakeholder. Every figure is an aggregate computed by the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.scopes.accounts import visible_organisations
from waypoint.access.scopes.action_plans import (
    may_view_budgets,
    visible_actions,
    visible_indicators,
    visible_objectives,
    visible_pillars,
    visible_plans,
    visible_reports,
)
from waypoint.accounts.models import Organisation
from waypoint.action_plans.choices import ActionStatus
from waypoint.action_plans.models import Objective, Pillar, Plan
from waypoint.action_plans.rules import attained_q, expected_q, overdue_q, with_action_counts


def share(part: int, whole: int) -> int | None:
    """A whole-number percentage, or None when there is nothing to divide by."""
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class StatusCounts:
    total: int = 0
    not_started: int = 0
    on_track: int = 0
    delayed: int = 0
    completed: int = 0
    dropped: int = 0
    overdue: int = 0
    indicators_with_target: int = 0
    indicators_attained: int = 0

    @classmethod
    def from_row(
        cls, row: Mapping[str, Any], indicators: Mapping[str, Any] | None = None
    ) -> StatusCounts:
        indicators = indicators or {}
        return cls(
            total=row.get("actions_total") or 0,
            not_started=row.get(f"actions_{ActionStatus.NOT_STARTED}") or 0,
            on_track=row.get(f"actions_{ActionStatus.ON_TRACK}") or 0,
            delayed=row.get(f"actions_{ActionStatus.DELAYED}") or 0,
            completed=row.get(f"actions_{ActionStatus.COMPLETED}") or 0,
            dropped=row.get(f"actions_{ActionStatus.DROPPED}") or 0,
            overdue=row.get("actions_overdue") or 0,
            indicators_with_target=indicators.get("with_target") or 0,
            indicators_attained=indicators.get("attained") or 0,
        )

    @property
    def completion(self) -> int | None:
        return share(self.completed, self.total - self.dropped)

    @property
    def attainment(self) -> int | None:
        return share(self.indicators_attained, self.indicators_with_target)

    def by_status(self) -> list[tuple[str, str, int]]:
        return [
            (status.value, str(status.label), getattr(self, status.value))
            for status in ActionStatus
        ]


@dataclass(frozen=True)
class ObjectiveProgress:
    objective: Objective
    counts: StatusCounts


@dataclass(frozen=True)
class PillarProgress:
    pillar: Pillar
    counts: StatusCounts
    objectives: list[ObjectiveProgress]


@dataclass(frozen=True)
class BudgetLine:
    currency: str
    allocated: Decimal | None
    spent: Decimal | None
    actions_with_budget: int

    @property
    def execution(self) -> int | None:
        if self.allocated is None or self.spent is None or not self.allocated:
            return None
        return round(100 * self.spent / self.allocated)


@dataclass(frozen=True)
class PlanProgress:
    plan: Plan
    counts: StatusCounts
    pillars: list[PillarProgress]
    budgets: list[BudgetLine] | None  # None: the actor may not see this plan's budgets
    today: dt.date


def _indicator_counts(plan: Plan, actor: Actor, group: str) -> dict[Any, dict[str, Any]]:
    rows = (
        visible_indicators(actor)
        .filter(action__plan=plan)
        .order_by()
        .values(group)
        .annotate(
            with_target=Count("pk", filter=Q(target__isnull=False)),
            attained=Count("pk", filter=attained_q()),
        )
    )
    return {row[group]: row for row in rows}


def plan_budgets(*, actor: Actor, plan: Plan) -> list[BudgetLine] | None:
    """Budget allocated and spent per currency, or None when the plan's budgets are restricted."""
    if not may_view_budgets(actor, plan):
        return None
    rows = (
        visible_actions(actor)
        .filter(plan=plan)
        .filter(Q(budget_allocated__isnull=False) | Q(budget_spent__isnull=False))
        .order_by()
        .values("currency")
        .annotate(allocated=Sum("budget_allocated"), spent=Sum("budget_spent"), count=Count("pk"))
        .order_by("currency")
    )
    return [
        BudgetLine(
            currency=row["currency"],
            allocated=row["allocated"],
            spent=row["spent"],
            actions_with_budget=row["count"],
        )
        for row in rows
    ]


def plan_progress(*, actor: Actor, plan: Plan, today: dt.date) -> PlanProgress:
    """Actions by status (and overdue) and indicator attainment, per objective, pillar and plan."""
    plan = get_visible(visible_plans(actor), pk=plan.pk)
    objective_rows = with_action_counts(
        visible_objectives(actor).filter(pillar__plan=plan), today
    ).order_by("position", "code")
    pillar_rows = {
        row["pk"]: row
        for row in with_action_counts(
            visible_pillars(actor).filter(plan=plan), today, path="objectives__actions"
        )
        .order_by()
        .values(
            "pk",
            "actions_total",
            "actions_overdue",
            *(f"actions_{status}" for status in ActionStatus.values),
        )
    }
    by_objective = _indicator_counts(plan, actor, "action__objective")
    by_pillar = _indicator_counts(plan, actor, "action__objective__pillar")
    objectives: dict[int, list[ObjectiveProgress]] = {}
    for objective in objective_rows:
        counts = StatusCounts.from_row(vars(objective), by_objective.get(objective.pk))
        objectives.setdefault(objective.pillar_id, []).append(ObjectiveProgress(objective, counts))
    pillars = [
        PillarProgress(
            pillar=pillar,
            counts=StatusCounts.from_row(pillar_rows.get(pillar.pk, {}), by_pillar.get(pillar.pk)),
            objectives=objectives.get(pillar.pk, []),
        )
        for pillar in visible_pillars(actor).filter(plan=plan).order_by("position", "pk")
    ]
    totals = (
        visible_actions(actor)
        .filter(plan=plan)
        .aggregate(
            actions_total=Count("pk"),
            actions_overdue=Count("pk", filter=overdue_q(today)),
            **{
                f"actions_{status}": Count("pk", filter=Q(status=status))
                for status in ActionStatus.values
            },
        )
    )
    indicator_totals = (
        visible_indicators(actor)
        .filter(action__plan=plan)
        .aggregate(
            with_target=Count("pk", filter=Q(target__isnull=False)),
            attained=Count("pk", filter=attained_q()),
        )
    )
    return PlanProgress(
        plan=plan,
        counts=StatusCounts.from_row(totals, indicator_totals),
        pillars=pillars,
        budgets=plan_budgets(actor=actor, plan=plan),
        today=today,
    )


@dataclass(frozen=True)
class StakeholderRow:
    organisation: Organisation
    counts: StatusCounts
    reports_expected: int
    reports_on_time: int
    reports_late: int

    @property
    def reports_missing(self) -> int:
        return max(self.reports_expected - self.reports_on_time - self.reports_late, 0)

    @property
    def on_time_share(self) -> int | None:
        return share(self.reports_on_time, self.reports_expected)


STAKEHOLDER_SORTS = {
    "organisation": lambda row: row.organisation.name.lower(),
    "led": lambda row: row.counts.total,
    "on_track": lambda row: row.counts.on_track,
    "delayed": lambda row: row.counts.delayed,
    "overdue": lambda row: row.counts.overdue,
    "on_time": lambda row: -1 if row.on_time_share is None else row.on_time_share,
    "missing": lambda row: row.reports_missing,
    "attainment": lambda row: -1 if row.counts.attainment is None else row.counts.attainment,
}


def stakeholder_performance(
    *, actor: Actor, plan: Plan, today: dt.date, sort: str = "organisation"
) -> list[StakeholderRow]:
    """Per lead organisation: actions led by status and overdue, reports due in rounds whose
    deadline has passed (on time, late, missing) and indicators that reached their target."""
    plan = get_visible(visible_plans(actor), pk=plan.pk)
    actions = visible_actions(actor).filter(plan=plan).order_by()
    action_rows = {
        row["lead_organisation"]: row
        for row in actions.values("lead_organisation").annotate(
            actions_total=Count("pk"),
            actions_overdue=Count("pk", filter=overdue_q(today)),
            **{
                f"actions_{status}": Count("pk", filter=Q(status=status))
                for status in ActionStatus.values
            },
        )
    }
    expected_rows = {
        row["lead_organisation"]: row["expected"]
        for row in actions.values("lead_organisation").annotate(
            expected=Count(
                "plan__rounds",
                filter=Q(plan__rounds__deadline__lt=today) & expected_q("plan__rounds__"),
            )
        )
    }
    report_rows = {
        row["action__lead_organisation"]: row
        for row in visible_reports(actor)
        .filter(round__plan=plan, round__deadline__lt=today, is_submitted=True)
        .filter(expected_q("round__", action_path="action__"))
        .order_by()
        .values("action__lead_organisation")
        .annotate(
            on_time=Count("pk", filter=Q(first_submitted_on__lte=F("round__deadline"))),
            late=Count("pk", filter=Q(first_submitted_on__gt=F("round__deadline"))),
        )
    }
    indicator_rows = _indicator_counts(plan, actor, "action__lead_organisation")
    organisations = visible_organisations(actor).filter(pk__in=list(action_rows))
    rows = [
        StakeholderRow(
            organisation=organisation,
            counts=StatusCounts.from_row(
                action_rows[organisation.pk], indicator_rows.get(organisation.pk)
            ),
            reports_expected=expected_rows.get(organisation.pk, 0),
            reports_on_time=report_rows.get(organisation.pk, {}).get("on_time", 0),
            reports_late=report_rows.get(organisation.pk, {}).get("late", 0),
        )
        for organisation in organisations
    ]
    key = sort.lstrip("-")
    if key not in STAKEHOLDER_SORTS:
        key, sort = "organisation", "organisation"
    rows.sort(key=STAKEHOLDER_SORTS[key], reverse=sort.startswith("-"))
    return rows
