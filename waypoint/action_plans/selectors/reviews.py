"""Reads of recommendations (with their derived status) and of the TIP tier history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.scopes.action_plans import (
    visible_actions,
    visible_recommendations,
    visible_tier_records,
)
from waypoint.action_plans.choices import DerivedStatus, StatedStatus
from waypoint.action_plans.gaps import TierYear
from waypoint.action_plans.models import Recommendation, TierRecord
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.rules import with_recommendation_status
from waypoint.action_plans.selectors.common import ordered

RECOMMENDATION_SORTS: dict[str, str | tuple[str, ...]] = {
    "year": ("report_year", "reference"),
    "source": ("source", "reference"),
    "reference": "reference",
    "priority": ("is_priority", "reference"),
    "stated": ("stated_status", "reference"),
    "derived": ("derived_status", "reference"),
    "actions": "actions_total",
}


# An annotation (see ``rules.with_recommendation_status``), not a column.
DERIVED_STATUS: str = "derived_status"


@dataclass(frozen=True)
class RecommendationFilter:
    source: str = ""
    report_year: int | None = None
    period: TipPeriod | None = None
    pillar: str = ""
    is_priority: bool | None = None
    stated_status: str = ""
    derived_status: str = ""
    search: str = ""


def with_status(
    actor: Actor, queryset: QuerySet[Recommendation], today: dt.date
) -> QuerySet[Recommendation]:
    """Recommendations annotated with the counts and derived status of the actions the actor sees."""
    return with_recommendation_status(queryset, visible_actions(actor), today)


def recommendation_list(
    *, actor: Actor, filters: RecommendationFilter, today: dt.date, sort: str = "-year"
) -> QuerySet[Recommendation]:
    queryset = with_status(actor, visible_recommendations(actor), today)
    if filters.source:
        queryset = queryset.filter(source=filters.source)
    if filters.report_year is not None:
        queryset = queryset.filter(report_year=filters.report_year)
    if filters.period is not None:
        queryset = queryset.filter(tip_period_start=filters.period.start)
    if filters.pillar:
        queryset = queryset.filter(pillar=filters.pillar)
    if filters.is_priority is not None:
        queryset = queryset.filter(is_priority=filters.is_priority)
    if filters.stated_status in StatedStatus.values:
        queryset = queryset.filter(stated_status=filters.stated_status)
    if filters.derived_status in DerivedStatus.values:
        queryset = queryset.filter(**{DERIVED_STATUS: filters.derived_status})
    if filters.search:
        queryset = queryset.filter(
            Q(text__icontains=filters.search)
            | Q(reference__icontains=filters.search)
            | Q(source_detail__icontains=filters.search)
        )
    return ordered(queryset, sort, RECOMMENDATION_SORTS, "-year")


def recommendation_get(*, actor: Actor, public_id: object, today: dt.date) -> Recommendation:
    answering = visible_actions(actor).select_related("lead_organisation", "plan").order_by("code")
    return get_visible(
        with_status(actor, visible_recommendations(actor), today).prefetch_related(
            Prefetch("actions", queryset=answering, to_attr="answering_actions"), "attachments"
        ),
        public_id=public_id,
    )


def tier_history(*, actor: Actor) -> QuerySet[TierRecord]:
    return visible_tier_records(actor).order_by("-report_year")


def tier_record_get(*, actor: Actor, public_id: object) -> TierRecord:
    return get_visible(visible_tier_records(actor), public_id=public_id)


def tier_years(*, actor: Actor) -> list[TierYear]:
    """The tier history as plain values, for the automatic downgrade rule."""
    return [
        TierYear(year=year, tier=tier, is_waiver=is_waiver)
        for year, tier, is_waiver in visible_tier_records(actor)
        .order_by("report_year")
        .values_list("report_year", "tier", "is_waiver")
    ]


def recommendation_choices(*, actor: Actor) -> QuerySet[Recommendation]:
    return visible_recommendations(actor).order_by("-report_year", "source", "reference", "pk")


def recommendation_ref(*, actor: Actor, public_id: object) -> Recommendation:
    """A recommendation by id, without its status (for references from actions)."""
    return get_visible(visible_recommendations(actor), public_id=public_id)
