"""Rules shared by services and selectors: which actions owe a report in a round, a report's state,
overdue actions, indicator attainment and a recommendation's derived status.

Each rule is written once, as a query expression where the database must apply it (aggregates) and
as a plain function where one row is judged.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from waypoint.action_plans.choices import (
    CLOSED_ACTION_STATUSES,
    ActionStatus,
    DerivedStatus,
    ReportState,
)
from waypoint.action_plans.models import Action, ReportingRound

M = TypeVar("M", bound=Model)


def expected_q(round_path: str = "", *, action_path: str = "") -> Q:
    """Actions owing a report in a round: started by the round's end and not closed before its start.

    ``round_path``/``action_path`` prefix the round's and the action's fields when the rule is
    applied across a join (e.g. ``round_path="round__"`` on progress reports).
    """
    start = f"{action_path}start_date"
    closed = f"{action_path}closed_on"
    return (
        Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": F(f"{round_path}period_end")})
    ) & (Q(**{f"{closed}__isnull": True}) | Q(**{f"{closed}__gte": F(f"{round_path}period_start")}))


def expected_actions(reporting_round: ReportingRound) -> QuerySet[Action]:
    """The actions of the round's plan that owe a report for it."""
    return Action.objects.filter(plan_id=reporting_round.plan_id).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=reporting_round.period_end),
        Q(closed_on__isnull=True) | Q(closed_on__gte=reporting_round.period_start),
    )


def report_state(
    *,
    deadline: dt.date,
    today: dt.date,
    is_submitted: bool,
    first_submitted_on: dt.date | None,
    has_draft: bool,
) -> ReportState:
    """On time or late by the first submission's date; missing once the deadline has passed."""
    if is_submitted and first_submitted_on is not None:
        return ReportState.ON_TIME if first_submitted_on <= deadline else ReportState.LATE
    if today > deadline:
        return ReportState.MISSING
    return ReportState.DRAFT if has_draft else ReportState.PENDING


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """Past its due date and neither completed nor dropped."""
    return Q(**{f"{prefix}due_date__lt": today}) & ~Q(
        **{f"{prefix}status__in": sorted(CLOSED_ACTION_STATUSES)}
    )


def is_overdue(action: Action, today: dt.date) -> bool:
    return (
        action.due_date is not None
        and action.due_date < today
        and action.status not in CLOSED_ACTION_STATUSES
    )


def attained_q(prefix: str = "") -> Q:
    """The indicator's newest value reached its target (a target below the baseline is a decrease)."""
    value, target, baseline = (f"{prefix}current_value", f"{prefix}target", f"{prefix}baseline")
    reported = Q(**{f"{value}__isnull": False, f"{target}__isnull": False})
    decreasing = Q(**{f"{baseline}__isnull": False, f"{target}__lt": F(baseline)})
    return reported & (
        (decreasing & Q(**{f"{value}__lte": F(target)}))
        | (~decreasing & Q(**{f"{value}__gte": F(target)}))
    )


class SubqueryCount(Subquery):
    """``(SELECT COUNT(*) FROM (subquery))``: a count that is a plain column, so rows can be grouped
    and filtered by it (a joined ``Count`` cannot be grouped by)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def with_action_counts(queryset: QuerySet[M], today: dt.date, path: str = "actions") -> QuerySet[M]:
    """Annotate ``queryset`` with counts of related actions by status, and overdue ones (joined)."""
    prefix = f"{path}__"
    counts = {
        f"actions_{status}": Count(path, filter=Q(**{f"{prefix}status": status}), distinct=True)
        for status in ActionStatus.values
    }
    annotated: QuerySet[M] = queryset.annotate(
        actions_total=Count(path, distinct=True),
        actions_overdue=Count(path, filter=overdue_q(today, prefix), distinct=True),
        **counts,
    )
    return annotated


def with_recommendation_status(
    queryset: QuerySet[M], actions: QuerySet[Action], today: dt.date
) -> QuerySet[M]:
    """Annotate recommendations with counts of the ``actions`` answering them (by status, overdue)
    and their derived status, as groupable subquery columns."""

    def count(condition: Q) -> SubqueryCount:
        return SubqueryCount(
            actions.filter(recommendations=OuterRef("pk")).filter(condition).order_by().values("pk")
        )

    counts = {f"actions_{status}": count(Q(status=status)) for status in ActionStatus.values}
    annotated: QuerySet[M] = queryset.annotate(
        actions_total=count(Q()), actions_overdue=count(overdue_q(today)), **counts
    ).annotate(derived_status=derived_status_expression())
    return annotated


def derived_status_expression() -> Case:
    """A recommendation's status from the counts annotated by :func:`with_recommendation_status`."""
    open_count = F("actions_total") - F("actions_dropped")
    return Case(
        When(actions_total=0, then=Value(DerivedStatus.NO_ACTION.value)),
        When(Q(actions_dropped=F("actions_total")), then=Value(DerivedStatus.DROPPED.value)),
        When(Q(actions_completed=open_count), then=Value(DerivedStatus.ADDRESSED.value)),
        When(
            Q(actions_delayed__gt=0) | Q(actions_overdue__gt=0),
            then=Value(DerivedStatus.AT_RISK.value),
        ),
        When(
            Q(actions_on_track__gt=0) | Q(actions_completed__gt=0),
            then=Value(DerivedStatus.IN_PROGRESS.value),
        ),
        default=Value(DerivedStatus.NOT_STARTED.value),
    )


def derived_status(
    *, total: int, completed: int, dropped: int, delayed: int, overdue: int, on_track: int
) -> DerivedStatus:
    """The same rule as :func:`derived_status_expression`, for one recommendation in Python."""
    if total == 0:
        return DerivedStatus.NO_ACTION
    if dropped == total:
        return DerivedStatus.DROPPED
    if completed == total - dropped:
        return DerivedStatus.ADDRESSED
    if delayed or overdue:
        return DerivedStatus.AT_RISK
    if on_track or completed:
        return DerivedStatus.IN_PROGRESS
    return DerivedStatus.NOT_STARTED
