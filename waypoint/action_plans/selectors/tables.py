"""Typed figures for the TIP tables that the reporting app assembles.

- ``action_plan_funding`` → T9 (funding: national action plan budgets, allocated and spent)
- ``training_totals`` and ``campaign_totals`` → T10 (prevention and capacity)
- ``recommendation_tracker`` → T11 (recommendation tracker)

Every function takes the acting person and returns plain frozen dataclasses (no model instances, no
querysets), computed by the database. ``None`` means "not recorded", never zero. See
``docs/action-plans.md`` for the contract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from waypoint.access.actor import Actor
from waypoint.access.scopes.action_plans import (
    plans_with_visible_budgets,
    visible_actions,
    visible_campaigns,
    visible_plans,
    visible_recommendations,
    visible_trainings,
)
from waypoint.accounts.choices import OrganisationType
from waypoint.action_plans.choices import (
    ActionStatus,
    DerivedStatus,
    PillarCode,
    PlanStatus,
    RecommendationSource,
    StatedStatus,
    TargetGroup,
)
from waypoint.action_plans.models import TrainingParticipants
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.rules import is_overdue
from waypoint.action_plans.selectors.reviews import DERIVED_STATUS, with_status


@dataclass(frozen=True)
class AudienceTotal:
    org_type: str
    label: str
    trainings: int  # trainings whose audience included this type of organisation
    participants: int | None  # participants from this type (None: no training recorded them)


@dataclass(frozen=True)
class TrainingTotals:
    period_start: dt.date
    period_end: dt.date
    trainings: int
    participants_female: int | None
    participants_male: int | None
    participants_other: int | None
    trainings_without_counts: int  # trainings with no participant count by sex at all
    by_audience: tuple[AudienceTotal, ...]

    @property
    def participants_total(self) -> int | None:
        counts = (self.participants_female, self.participants_male, self.participants_other)
        if all(count is None for count in counts):
            return None
        return sum(count or 0 for count in counts)


def _in_period(start: dt.date, end: dt.date) -> Q:
    """Took place (started) within ``start`` – ``end``."""
    return Q(start_date__gte=start, start_date__lte=end)


def training_totals(period_start: dt.date, period_end: dt.date, *, actor: Actor) -> TrainingTotals:
    """Trainings that started in the period: how many, participants by sex, by audience type."""
    trainings = visible_trainings(actor).filter(_in_period(period_start, period_end))
    totals = trainings.aggregate(
        count=Count("pk"),
        female=Sum("participants_female"),
        male=Sum("participants_male"),
        other=Sum("participants_other"),
        without=Count(
            "pk",
            filter=Q(
                participants_female__isnull=True,
                participants_male__isnull=True,
                participants_other__isnull=True,
            ),
        ),
        **{
            f"audience_{code}": Count("pk", filter=Q(audience_types__icontains=f'"{code}"'))
            for code in OrganisationType.values
        },
    )
    participants = {
        row["org_type"]: row["total"]
        for row in TrainingParticipants.objects.filter(training__in=trainings)
        .order_by()
        .values("org_type")
        .annotate(total=Sum("count"))
    }
    by_audience = tuple(
        AudienceTotal(
            org_type=code,
            label=str(label),
            trainings=totals[f"audience_{code}"],
            participants=participants.get(code),
        )
        for code, label in OrganisationType.choices
        if totals[f"audience_{code}"] or code in participants
    )
    return TrainingTotals(
        period_start=period_start,
        period_end=period_end,
        trainings=totals["count"],
        participants_female=totals["female"],
        participants_male=totals["male"],
        participants_other=totals["other"],
        trainings_without_counts=totals["without"],
        by_audience=by_audience,
    )


@dataclass(frozen=True)
class TargetGroupTotal:
    code: str
    label: str
    campaigns: int


@dataclass(frozen=True)
class CampaignTotals:
    period_start: dt.date
    period_end: dt.date
    campaigns: int
    estimated_reach: int | None  # sum of the estimates given (None: no campaign gave one)
    campaigns_without_reach: int
    reducing_demand: int
    by_target_group: tuple[TargetGroupTotal, ...]


def campaign_totals(period_start: dt.date, period_end: dt.date, *, actor: Actor) -> CampaignTotals:
    """Campaigns running in the period (started before its end, not ended before its start)."""
    campaigns = visible_campaigns(actor).filter(
        Q(start_date__lte=period_end) & (Q(end_date__isnull=True) | Q(end_date__gte=period_start))
    )
    totals = campaigns.aggregate(
        count=Count("pk"),
        reach=Sum("estimated_reach"),
        without=Count("pk", filter=Q(estimated_reach__isnull=True)),
        demand=Count("pk", filter=Q(addresses_demand=True)),
        **{
            f"group_{code}": Count("pk", filter=Q(target_groups__icontains=f'"{code}"'))
            for code in TargetGroup.values
        },
    )
    return CampaignTotals(
        period_start=period_start,
        period_end=period_end,
        campaigns=totals["count"],
        estimated_reach=totals["reach"],
        campaigns_without_reach=totals["without"],
        reducing_demand=totals["demand"],
        by_target_group=tuple(
            TargetGroupTotal(code=code, label=str(label), campaigns=totals[f"group_{code}"])
            for code, label in TargetGroup.choices
            if totals[f"group_{code}"]
        ),
    )


@dataclass(frozen=True)
class FundingLine:
    plan_id: str
    plan_title: str
    currency: str
    allocated: Decimal | None
    spent: Decimal | None
    actions_with_budget: int


@dataclass(frozen=True)
class Funding:
    period_start: dt.date
    period_end: dt.date
    lines: tuple[FundingLine, ...]
    restricted_plans: int  # plans whose budgets the actor may not see (left out)


def action_plan_funding(period_start: dt.date, period_end: dt.date, *, actor: Actor) -> Funding:
    """Budgets of plan actions running in the period, per plan and currency (T9)."""
    plans = visible_plans(actor).exclude(status=PlanStatus.DRAFT)
    shown = plans_with_visible_budgets(actor).exclude(status=PlanStatus.DRAFT)
    rows = (
        visible_actions(actor)
        .filter(plan__in=shown)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=period_end))
        .filter(Q(due_date__isnull=True) | Q(due_date__gte=period_start))
        .filter(Q(budget_allocated__isnull=False) | Q(budget_spent__isnull=False))
        .order_by()
        .values("plan__public_id", "plan__title", "currency")
        .annotate(allocated=Sum("budget_allocated"), spent=Sum("budget_spent"), count=Count("pk"))
        .order_by("plan__title", "currency")
    )
    return Funding(
        period_start=period_start,
        period_end=period_end,
        lines=tuple(
            FundingLine(
                plan_id=str(row["plan__public_id"]),
                plan_title=row["plan__title"],
                currency=row["currency"],
                allocated=row["allocated"],
                spent=row["spent"],
                actions_with_budget=row["count"],
            )
            for row in rows
        ),
        restricted_plans=plans.count() - shown.count(),
    )


@dataclass(frozen=True)
class TrackerAction:
    id: str
    code: str
    title: str
    lead_organisation: str
    status: str
    status_label: str
    due_date: dt.date | None
    is_overdue: bool


@dataclass(frozen=True)
class TrackerRow:
    id: str
    source: str
    source_label: str
    source_detail: str
    report_year: int | None
    reference: str
    text: str
    pillar: str
    pillar_label: str
    is_priority: bool
    derived_status: str
    derived_label: str
    stated_status: str
    stated_label: str
    evidence: str
    evidence_files: int
    stated_at: dt.datetime | None
    actions: tuple[TrackerAction, ...]


@dataclass(frozen=True)
class RecommendationTracker:
    period: TipPeriod
    rows: tuple[TrackerRow, ...]
    by_derived_status: dict[str, int]
    by_stated_status: dict[str, int]


def recommendation_tracker(
    period: TipPeriod,
    *,
    actor: Actor,
    source: str = RecommendationSource.TIP_REPORT,
    priority_only: bool = False,
    today: dt.date | None = None,
) -> RecommendationTracker:
    """The recommendations for a TIP reporting period (T11): each with the actions answering it,
    their status, the derived status and the coordinator's stated status and evidence."""
    today = today or timezone.localdate()
    queryset = with_status(
        actor, visible_recommendations(actor).filter(tip_period_start=period.start), today
    )
    if source:
        queryset = queryset.filter(source=source)
    if priority_only:
        queryset = queryset.filter(is_priority=True)
    answering = visible_actions(actor).select_related("lead_organisation").order_by("code")
    recommendations = (
        queryset.prefetch_related(
            Prefetch("actions", queryset=answering, to_attr="answering_actions")
        )
        .annotate(evidence_files=Count("attachments", distinct=True))
        .order_by("-is_priority", "reference", "pk")
    )
    derived_counts = {
        row[DERIVED_STATUS]: row["count"]
        for row in queryset.order_by().values(DERIVED_STATUS).annotate(count=Count("pk"))
    }
    stated_counts = {
        row["stated_status"]: row["count"]
        for row in queryset.order_by().values("stated_status").annotate(count=Count("pk"))
    }
    pillars = dict(PillarCode.choices)
    rows = tuple(
        TrackerRow(
            id=str(item.public_id),
            source=item.source,
            source_label=str(RecommendationSource(item.source).label),
            source_detail=item.source_detail,
            report_year=item.report_year,
            reference=item.reference,
            text=item.text,
            pillar=item.pillar,
            pillar_label=str(pillars.get(item.pillar, "")),
            is_priority=item.is_priority,
            derived_status=getattr(item, DERIVED_STATUS),
            derived_label=str(DerivedStatus(getattr(item, DERIVED_STATUS)).label),
            stated_status=item.stated_status,
            stated_label=str(StatedStatus(item.stated_status).label),
            evidence=item.stated_evidence or "",
            evidence_files=item.evidence_files,
            stated_at=item.stated_at,
            actions=tuple(
                TrackerAction(
                    id=str(action.public_id),
                    code=action.code,
                    title=action.title,
                    lead_organisation=action.lead_organisation.name,
                    status=action.status,
                    status_label=str(ActionStatus(action.status).label),
                    due_date=action.due_date,
                    is_overdue=is_overdue(action, today),
                )
                for action in item.answering_actions
            ),
        )
        for item in recommendations
    )
    return RecommendationTracker(
        period=period,
        rows=rows,
        by_derived_status={code: derived_counts.get(code, 0) for code in DerivedStatus.values},
        by_stated_status={code: stated_counts.get(code, 0) for code in StatedStatus.values},
    )
