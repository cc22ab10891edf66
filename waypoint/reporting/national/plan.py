"""TIP tables from the national action plan and the TIP workspace: T9 funding, T10 prevention and
capacity, T11 the recommendation tracker.

The figures come from the action plan's typed selectors (``waypoint.action_plans.selectors.tables``:
``action_plan_funding``, ``training_totals``, ``campaign_totals``, ``recommendation_tracker``) and,
for notifications of adults who declined referral, from the screening app's countable
notifications (the scope behind ``anonymous_notification_counts``, counted here by outcome so that a
notification with several forms of exploitation counts once); each is access-checked and computed by
the database. A figure a
selector reports as ``None`` is "not recorded" here, never 0. The TIP period is the statistics
period (``tip-2025``), whose first day is the one the TIP workspace uses
(``waypoint.common.tip_period``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from django.db.models import Count
from django.utils import timezone

from waypoint.access.scopes.screening import countable_anonymous_notifications
from waypoint.action_plans.choices import DerivedStatus, RecommendationSource
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.selectors.tables import (
    action_plan_funding,
    campaign_totals,
    recommendation_tracker,
    training_totals,
)
from waypoint.reporting.registry import TableRequest
from waypoint.reporting.tables import (
    Cell,
    CellKey,
    Header,
    Measure,
    StatTable,
    build_table,
)
from waypoint.screening.choices import ScreeningOutcome

VALUE: Final = "value"
T9_COLUMNS: Final = (("allocated", "Allocated"), ("spent", "Spent"))
T9_GAPS: Final = (
    "Budgets are recorded per action of the national action plan and added up per plan and "
    "currency; budgets for victim protection and prevention outside the plan are not recorded in "
    "Waypoint.",
)
T10_GAPS: Final = (
    "Not recorded in Waypoint, so not in this table: hotline calls, labour inspections and "
    "enforcement of the ban on recruitment fees.",
)


def _amount(value: Decimal | None) -> Cell:
    return Cell.unknown() if value is None else Cell.figure(value, base=None)


def _count(value: int | None) -> Cell:
    return Cell.unknown() if value is None else Cell.count(value)


def tip_t9(request: TableRequest) -> StatTable:
    """Budgets of the national action plan's actions running in the period: allocated and spent,
    per plan and currency."""
    funding = action_plan_funding(request.period.start, request.period.end, actor=request.actor)
    rows: list[Header] = []
    values: dict[CellKey, Cell] = {}
    for line in funding.lines:
        key = f"{line.plan_id}-{line.currency or 'none'}".lower()
        rows.append(Header(key, f"{line.plan_title} ({line.currency or 'currency not recorded'})"))
        values[(key, "allocated")] = _amount(line.allocated)
        values[(key, "spent")] = _amount(line.spent)
    notes = list(T9_GAPS)
    if funding.restricted_plans:
        notes.append(
            "Plans whose budgets are restricted to people with budget access are left out for you."
        )
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=rows,
        columns=[Header(key, label) for key, label in T9_COLUMNS],
        values=values,
        row_totals=False,
        column_totals=False,
        grand_total=False,
        measure=Measure.AMOUNT,
        unit="amount in the currency of the budget line",
        row_dimension="Plan (currency)",
        column_dimension="Budget",
        definitions=request.spec.definitions,
        notes=(
            *request.spec.notes,
            "An action counts when it runs in the period (started by its end, due after its "
            "start). Amounts in different currencies are never added up.",
            *notes,
        ),
    )


def tip_t10(request: TableRequest) -> StatTable:
    """Trainings and persons trained, awareness campaigns, and anonymous notifications of adults
    who declined referral, in the period."""
    start, end, actor = request.period.start, request.period.end, request.actor
    trainings = training_totals(start, end, actor=actor)
    campaigns = campaign_totals(start, end, actor=actor)
    by_outcome = {
        group["outcome"]: group["n"]
        for group in countable_anonymous_notifications(actor)
        .filter(notified_on__gte=start, notified_on__lte=end)
        .values("outcome")
        .annotate(n=Count("pk"))
        .order_by()
    }
    figures: list[tuple[str, str, Cell]] = [
        ("trainings", "Trainings held", Cell.count(trainings.trainings)),
        ("trained_female", "Persons trained: women", _count(trainings.participants_female)),
        ("trained_male", "Persons trained: men", _count(trainings.participants_male)),
        ("trained_other", "Persons trained: other", _count(trainings.participants_other)),
        (
            "trainings_without_counts",
            "Trainings without participants counted by sex",
            Cell.count(trainings.trainings_without_counts),
        ),
        *(
            (
                f"audience_{audience.org_type}".lower(),
                f"Trainings for: {audience.label}",
                Cell.count(audience.trainings),
            )
            for audience in trainings.by_audience
        ),
        ("campaigns", "Awareness campaigns running", Cell.count(campaigns.campaigns)),
        (
            "campaigns_demand",
            "Awareness campaigns addressing demand",
            Cell.count(campaigns.reducing_demand),
        ),
        (
            "campaign_reach",
            "Persons reached by campaigns (estimates given)",
            _count(campaigns.estimated_reach),
        ),
        (
            "campaigns_without_reach",
            "Awareness campaigns without an estimate of reach",
            Cell.count(campaigns.campaigns_without_reach),
        ),
    ]
    figures += [
        (
            f"notifications_{code}",
            f"Anonymous notifications (adults who declined referral): {label}",
            Cell.count(by_outcome.get(code, 0)),
        )
        for code, label in ScreeningOutcome.choices
    ]
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=[Header(key, label) for key, label, _cell in figures],
        columns=[Header(VALUE, "Figure")],
        values={(key, VALUE): cell for key, _label, cell in figures},
        row_totals=False,
        column_totals=False,
        grand_total=False,
        unit="trainings, campaigns, persons and notifications (each row says which)",
        row_dimension="Activity",
        definitions=request.spec.definitions,
        notes=(
            *request.spec.notes,
            "Trainings count by their start date; campaigns when they run in the period; "
            "notifications by their date. A training for several audiences counts under each.",
            "Totals are not shown: they would let a withheld figure be worked out.",
            *T10_GAPS,
        ),
    )


T11_COLUMNS: Final = (
    ("priority", "Prioritised recommendations"),
    ("other", "Other recommendations"),
)


def tip_t11(request: TableRequest) -> StatTable:
    """The TIP report's recommendations for the period by the status derived from the actions that
    answer them, prioritised or not."""
    period = TipPeriod(request.period.start)
    today = min(timezone.localdate(), request.period.end)
    every = recommendation_tracker(
        period, actor=request.actor, source=RecommendationSource.TIP_REPORT, today=today
    )
    priority = recommendation_tracker(
        period,
        actor=request.actor,
        source=RecommendationSource.TIP_REPORT,
        priority_only=True,
        today=today,
    )
    values: dict[CellKey, Cell] = {}
    for code in DerivedStatus.values:
        prioritised = priority.by_derived_status.get(code, 0)
        values[(code, "priority")] = Cell.count(prioritised)
        values[(code, "other")] = Cell.count(every.by_derived_status.get(code, 0) - prioritised)
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=[Header(str(code), str(label)) for code, label in DerivedStatus.choices],
        columns=[Header(key, label) for key, label in T11_COLUMNS],
        values=values,
        unit="recommendations",
        row_dimension="Status derived from the actions answering the recommendation",
        column_dimension="Priority",
        definitions=request.spec.definitions,
        notes=(
            *request.spec.notes,
            "The status is derived from the plan's actions on the last day of the period, or "
            "today while the period runs (overdue: due before that day and not completed).",
            "Each recommendation with its actions, evidence and the coordinator's stated status is "
            "listed in the action plan's recommendation tracker; this table counts them.",
        ),
    )
