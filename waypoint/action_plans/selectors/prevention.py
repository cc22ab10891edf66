"""Reads of trainings and awareness campaigns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.scopes.action_plans import visible_campaigns, visible_trainings
from waypoint.action_plans.models import Campaign, Training
from waypoint.action_plans.selectors.common import ordered

TRAINING_SORTS: dict[str, str | tuple[str, ...]] = {
    "date": "start_date",
    "topic": "topic",
    "organiser": "organiser__name",
}
CAMPAIGN_SORTS: dict[str, str | tuple[str, ...]] = {
    "start": "start_date",
    "title": "title",
    "reach": "estimated_reach",
    "organiser": "organiser__name",
}


@dataclass(frozen=True)
class PreventionFilter:
    search: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    organiser: str = ""  # an organisation's public id
    audience: str = ""  # an organisation type (trainings) or a target group (campaigns)


def training_list(
    *, actor: Actor, filters: PreventionFilter, sort: str = "-date"
) -> QuerySet[Training]:
    queryset = visible_trainings(actor).select_related("organiser")
    if filters.search:
        queryset = queryset.filter(
            Q(topic__icontains=filters.search) | Q(organiser_name__icontains=filters.search)
        )
    if filters.date_from:
        queryset = queryset.filter(start_date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(start_date__lte=filters.date_to)
    if filters.organiser:
        queryset = queryset.filter(organiser__public_id=filters.organiser)
    if filters.audience:
        queryset = queryset.filter(audience_types__icontains=f'"{filters.audience}"')
    return ordered(queryset, sort, TRAINING_SORTS, "-date")


def training_get(*, actor: Actor, public_id: object) -> Training:
    return get_visible(
        visible_trainings(actor)
        .select_related("organiser", "action")
        .prefetch_related("participants_by_type", "attachments"),
        public_id=public_id,
    )


def campaign_list(
    *, actor: Actor, filters: PreventionFilter, sort: str = "-start"
) -> QuerySet[Campaign]:
    queryset = visible_campaigns(actor).select_related("organiser")
    if filters.search:
        queryset = queryset.filter(
            Q(title__icontains=filters.search) | Q(organiser_name__icontains=filters.search)
        )
    if filters.date_from:
        queryset = queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=filters.date_from))
    if filters.date_to:
        queryset = queryset.filter(start_date__lte=filters.date_to)
    if filters.organiser:
        queryset = queryset.filter(organiser__public_id=filters.organiser)
    if filters.audience:
        queryset = queryset.filter(target_groups__icontains=f'"{filters.audience}"')
    return ordered(queryset, sort, CAMPAIGN_SORTS, "-start")


def campaign_get(*, actor: Actor, public_id: object) -> Campaign:
    return get_visible(
        visible_campaigns(actor).select_related("organiser", "action"), public_id=public_id
    )
