"""The evidence Waypoint's own coordination data give the TIP workspace, registered per criterion.

Actions of each "P" pillar (with their status at the end of the period, from the last report of a
round within it), trainings, awareness campaigns, demand-reduction campaigns, the plan's reporting
discipline and budgets, and the recommendation tracker. Law-enforcement and victim figures are not
here: the reporting app registers them (see ``waypoint.action_plans.evidence``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db.models import CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from waypoint.access.scopes.action_plans import (
    plans_with_visible_budgets,
    visible_actions,
    visible_campaigns,
    visible_reports,
    visible_trainings,
)
from waypoint.accounts.choices import OrganisationType
from waypoint.action_plans.choices import ActionStatus, PillarCode, PlanStatus
from waypoint.action_plans.evidence import (
    Evidence,
    EvidenceLine,
    EvidenceRequest,
    Figure,
    register_evidence_provider,
)
from waypoint.action_plans.models import Action, ProgressReport
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.rules import expected_q
from waypoint.action_plans.selectors.tables import (
    TrackerRow,
    campaign_totals,
    recommendation_tracker,
    training_totals,
)

SOURCE = "Waypoint: national action plan"
OFFICIAL_AUDIENCES = (
    OrganisationType.LAW_ENFORCEMENT,
    OrganisationType.IMMIGRATION,
    OrganisationType.LABOUR_INSPECTORATE,
    OrganisationType.PROSECUTION,
    OrganisationType.JUDICIARY,
)
PILLAR_CRITERIA: dict[str, str] = {
    PillarCode.PROSECUTION: "SSE1",
    PillarCode.PROTECTION: "SSE2",
    PillarCode.PREVENTION: "SSE3",
    PillarCode.PARTNERSHIP: "SSE9",
}
_STATUS_LABELS = dict(ActionStatus.choices)


def _actions_running(request: EvidenceRequest, period: TipPeriod, pillar: str) -> QuerySet[Action]:
    """Actions of non-draft plans in ``pillar`` running during ``period``, with their status at the
    period's end (from the newest submitted report of a round ending within the period)."""
    status_then = (
        ProgressReport.objects.filter(
            action=OuterRef("pk"),
            is_submitted=True,
            round__period_end__lte=period.end,
            round__period_end__gte=period.start,
        )
        .order_by("-round__period_end")
        .values("status")[:1]
    )
    return (
        visible_actions(request.actor)
        .exclude(plan__status=PlanStatus.DRAFT)
        .filter(objective__pillar__code=pillar)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=period.end))
        .filter(Q(due_date__isnull=True) | Q(due_date__gte=period.start))
        .annotate(status_then=Subquery(status_then, output_field=CharField()))
        .select_related("lead_organisation")
        .order_by("code")
    )


def _action_lines(actions: QuerySet[Action]) -> tuple[EvidenceLine, ...]:
    return tuple(
        EvidenceLine(
            text=f"{action.code} {action.title}",
            detail=action.lead_organisation.name,
            tag=str(_STATUS_LABELS.get(action.status_then, _("not reported in the period"))),  # type: ignore[attr-defined]
        )
        for action in actions
    )


def pillar_provider(pillar: str) -> Callable[[EvidenceRequest], Evidence | None]:
    def provide(request: EvidenceRequest) -> Evidence | None:
        current = _actions_running(request, request.period, pillar)
        previous = _actions_running(request, request.period.previous, pillar)
        counts = {
            name: queryset.aggregate(
                running=Count("pk"),
                completed=Count("pk", filter=Q(status_then=ActionStatus.COMPLETED)),
                reported=Count("pk", filter=Q(status_then__isnull=False)),
            )
            for name, queryset in (("current", current), ("previous", previous))
        }
        label = str(PillarCode(pillar).label)
        return Evidence(
            title=_("Action plan: %(pillar)s actions") % {"pillar": label.lower()},
            source=SOURCE,
            figures=(
                Figure(
                    "plan_actions_running",
                    _("Actions running"),
                    counts["current"]["running"],
                    counts["previous"]["running"],
                ),
                Figure(
                    "plan_actions_reported",
                    _("Actions reported on in the period"),
                    counts["current"]["reported"],
                    counts["previous"]["reported"],
                ),
                Figure(
                    "plan_actions_completed",
                    _("Actions completed by the period's end"),
                    counts["current"]["completed"],
                    counts["previous"]["completed"],
                ),
            ),
            lines=_action_lines(current),
            previous_lines=_action_lines(previous),
        )

    return provide


def _training_lines(
    request: EvidenceRequest, period: TipPeriod, official: bool
) -> tuple[EvidenceLine, ...]:
    trainings = visible_trainings(request.actor).filter(
        start_date__gte=period.start, start_date__lte=period.end
    )
    if official:
        trainings = trainings.filter(_official_audience())
    return tuple(
        EvidenceLine(
            text=training.topic,
            detail=f"{training.start_date.isoformat()} · "
            f"{training.organiser.name if training.organiser else training.organiser_name}",
            tag=(
                _("%(count)s participants") % {"count": training.participants_by_sex_total}
                if training.participants_by_sex_total is not None
                else _("participants not recorded")
            ),
        )
        for training in trainings.select_related("organiser").order_by("start_date")
    )


def _official_audience() -> Q:
    query = Q()
    for code in OFFICIAL_AUDIENCES:
        query |= Q(audience_types__icontains=f'"{code}"')
    return query


def official_trainings(request: EvidenceRequest) -> Evidence:
    """Training of law-enforcement, immigration, labour inspection and justice officials (SSE2)."""

    def counts(period: TipPeriod) -> dict[str, int | None]:
        return (
            visible_trainings(request.actor)
            .filter(_official_audience(), start_date__gte=period.start, start_date__lte=period.end)
            .aggregate(
                trainings=Count("pk", distinct=True),
                participants=Sum(
                    F("participants_by_type__count"),
                    filter=Q(participants_by_type__org_type__in=OFFICIAL_AUDIENCES),
                ),
            )
        )

    current, previous = counts(request.period), counts(request.period.previous)
    return Evidence(
        title=_("Trainings for officials (police, immigration, labour inspection, justice)"),
        source=SOURCE,
        figures=(
            Figure(
                "official_trainings", _("Trainings"), current["trainings"], previous["trainings"]
            ),
            Figure(
                "officials_trained",
                _("Officials trained (where recorded by type of organisation)"),
                current["participants"],
                previous["participants"],
            ),
        ),
        lines=_training_lines(request, request.period, official=True),
        previous_lines=_training_lines(request, request.period.previous, official=True),
    )


def prevention_work(request: EvidenceRequest) -> Evidence:
    """All trainings and awareness campaigns of the period (SSE3)."""
    period, previous = request.period, request.period.previous
    trainings_now = training_totals(period.start, period.end, actor=request.actor)
    trainings_then = training_totals(previous.start, previous.end, actor=request.actor)
    campaigns_now = campaign_totals(period.start, period.end, actor=request.actor)
    campaigns_then = campaign_totals(previous.start, previous.end, actor=request.actor)
    return Evidence(
        title=_("Trainings and awareness campaigns"),
        source=SOURCE,
        figures=(
            Figure("trainings", _("Trainings"), trainings_now.trainings, trainings_then.trainings),
            Figure(
                "persons_trained",
                _("Persons trained (where recorded)"),
                trainings_now.participants_total,
                trainings_then.participants_total,
            ),
            Figure(
                "campaigns",
                _("Awareness campaigns"),
                campaigns_now.campaigns,
                campaigns_then.campaigns,
            ),
            Figure(
                "campaign_reach",
                _("Estimated reach of campaigns"),
                campaigns_now.estimated_reach,
                campaigns_then.estimated_reach,
            ),
        ),
        lines=_campaign_lines(request, period, demand_only=False),
        previous_lines=_campaign_lines(request, previous, demand_only=False),
    )


def _campaign_lines(
    request: EvidenceRequest, period: TipPeriod, *, demand_only: bool
) -> tuple[EvidenceLine, ...]:
    campaigns = visible_campaigns(request.actor).filter(
        Q(start_date__lte=period.end) & (Q(end_date__isnull=True) | Q(end_date__gte=period.start))
    )
    if demand_only:
        campaigns = campaigns.filter(addresses_demand=True)
    return tuple(
        EvidenceLine(
            text=campaign.title,
            detail=", ".join(campaign.target_groups),
            tag=(
                _("reach about %(count)s") % {"count": campaign.estimated_reach}
                if campaign.estimated_reach is not None
                else _("reach not estimated")
            ),
        )
        for campaign in campaigns.order_by("start_date")
    )


def demand_reduction(request: EvidenceRequest) -> Evidence:
    """Campaigns marked as reducing demand for commercial sex and forced labour (SSE12)."""
    current = _campaign_lines(request, request.period, demand_only=True)
    previous = _campaign_lines(request, request.period.previous, demand_only=True)
    return Evidence(
        title=_("Campaigns reducing demand"),
        source=SOURCE,
        figures=(Figure("demand_campaigns", _("Campaigns"), len(current), len(previous)),),
        lines=current,
        previous_lines=previous,
    )


def _reporting_discipline(request: EvidenceRequest, period: TipPeriod) -> dict[str, int]:
    rounds = Q(plan__rounds__deadline__gte=period.start, plan__rounds__deadline__lte=period.end)
    expected = (
        visible_actions(request.actor)
        .exclude(plan__status=PlanStatus.DRAFT)
        .aggregate(n=Count("plan__rounds", filter=rounds & expected_q("plan__rounds__")))["n"]
    )
    submitted = (
        visible_reports(request.actor)
        .filter(
            is_submitted=True,
            round__deadline__gte=period.start,
            round__deadline__lte=period.end,
        )
        .filter(expected_q("round__", action_path="action__"))
        .aggregate(on_time=Count("pk", filter=Q(first_submitted_on__lte=F("round__deadline"))))
    )
    return {"expected": expected, "on_time": submitted["on_time"]}


def monitoring(request: EvidenceRequest) -> Evidence:
    """Systematic monitoring: reports due and on time in the period, and plan budgets (SSE10, MS4)."""
    current = _reporting_discipline(request, request.period)
    previous = _reporting_discipline(request, request.period.previous)
    figures = [
        Figure(
            "progress_reports_due",
            _("Progress reports due"),
            current["expected"],
            previous["expected"],
        ),
        Figure(
            "progress_reports_on_time",
            _("Progress reports on time"),
            current["on_time"],
            previous["on_time"],
        ),
    ]
    for currency, values in _budgets(request).items():
        figures.append(
            Figure(
                f"plan_budget_allocated_{currency}",
                _("Budget allocated to actions running (%(currency)s)") % {"currency": currency},
                values.get("current"),
                values.get("previous"),
                unit=currency,
            )
        )
    return Evidence(
        title=_("Monitoring of the national action plan"), source=SOURCE, figures=tuple(figures)
    )


def _budgets(request: EvidenceRequest) -> dict[str, dict[str, Decimal | None]]:
    result: dict[str, dict[str, Decimal | None]] = {}
    for name, period in (("current", request.period), ("previous", request.period.previous)):
        rows = (
            visible_actions(request.actor)
            .filter(plan__in=plans_with_visible_budgets(request.actor))
            .exclude(plan__status=PlanStatus.DRAFT)
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=period.end))
            .filter(Q(due_date__isnull=True) | Q(due_date__gte=period.start))
            .filter(budget_allocated__isnull=False)
            .order_by()
            .values("currency")
            .annotate(total=Sum("budget_allocated"))
        )
        for row in rows:
            result.setdefault(row["currency"], {})[name] = row["total"]
    return result


def recommendations(request: EvidenceRequest) -> Evidence:
    """Progress on the recommendations for the period (SSE11)."""
    now = recommendation_tracker(request.period, actor=request.actor)
    then = recommendation_tracker(request.period.previous, actor=request.actor)

    def lines(rows: tuple[TrackerRow, ...]) -> tuple[EvidenceLine, ...]:
        return tuple(
            EvidenceLine(
                text=row.text,
                detail=", ".join(action.code for action in row.actions)
                or _("no action answers it"),
                tag=f"{row.stated_label} · {row.derived_label}",
            )
            for row in rows
        )

    return Evidence(
        title=_("TIP recommendations for the period"),
        source=SOURCE,
        figures=(
            Figure("recommendations", _("Recommendations"), len(now.rows), len(then.rows)),
            Figure(
                "recommendations_addressed",
                _("Answered by completed actions"),
                now.by_derived_status.get("addressed", 0),
                then.by_derived_status.get("addressed", 0),
            ),
            Figure(
                "recommendations_implemented",
                _("Stated implemented"),
                now.by_stated_status.get("implemented", 0),
                then.by_stated_status.get("implemented", 0),
            ),
        ),
        lines=lines(now.rows),
        previous_lines=lines(then.rows),
    )


def register_builtin_providers() -> None:
    for pillar, criterion in PILLAR_CRITERIA.items():
        register_evidence_provider(
            criterion, pillar_provider(pillar), key=f"action_plans.pillar.{pillar}", is_builtin=True
        )
    register_evidence_provider(
        "SSE2", official_trainings, key="action_plans.official_trainings", is_builtin=True
    )
    register_evidence_provider(
        "SSE3", prevention_work, key="action_plans.prevention", is_builtin=True
    )
    register_evidence_provider(
        "SSE12", demand_reduction, key="action_plans.demand", is_builtin=True
    )
    register_evidence_provider("SSE10", monitoring, key="action_plans.monitoring", is_builtin=True)
    register_evidence_provider(
        "MS4", monitoring, key="action_plans.monitoring_ms4", is_builtin=True
    )
    register_evidence_provider(
        "SSE11", recommendations, key="action_plans.recommendations", is_builtin=True
    )
