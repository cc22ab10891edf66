"""Reads of the services directory, through the access scopes. Reading what a person needs (free
text about them, in a referral to a service) is audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.scopes.directory import (
    is_provider_of,
    is_referrer_of,
    visible_service_referrals,
    visible_services,
)
from waypoint.access.scopes.referrals import live_grants
from waypoint.audit import services as audit
from waypoint.directory import workflow
from waypoint.directory.choices import ServiceCodeField, ServiceReferralStatus
from waypoint.directory.models import Service, ServiceCode, ServiceReferral
from waypoint.referrals.choices import TimerStatus

SERVICE_SORTS = {
    "name": "name",
    "-name": "-name",
    "type": "service_type",
    "area": "area",
    "-free": "-capacity_available",
    "organisation": "organisation__name",
}
REFERRAL_SORTS = {
    "-created": "-created_at",
    "created": "created_at",
    "status": "status",
    "reference": "reference",
    "due": "response_timer__due_on",
}


@dataclass(frozen=True)
class ServiceFilter:
    search: str = ""
    service_type: str = ""
    language: str = ""
    area: str = ""
    sex: str = ""
    age: int | None = None
    exploitation_type: str = ""
    has_free_places: bool = False
    takes_urgent: bool = False
    sort: str = "name"


def _served(field: str, code: str) -> Q:
    """Services that list ``code`` for ``field``, or list nothing for it (they serve everyone)."""
    codes = ServiceCode.objects.filter(service=OuterRef("pk"), field=field)
    return Q(Exists(codes.filter(code=code))) | ~Q(Exists(codes))


def service_search(*, actor: Actor, filters: ServiceFilter) -> QuerySet[Service]:
    """The directory, filtered: type, language, area, who it serves, free places, urgent."""
    queryset = (
        visible_services(actor)
        .select_related("organisation")
        .prefetch_related(Prefetch("codes", queryset=ServiceCode.objects.order_by("field", "code")))
    )
    if filters.search.strip():
        term = filters.search.strip()
        queryset = queryset.filter(
            Q(name__icontains=term)
            | Q(organisation__name__icontains=term)
            | Q(description__icontains=term)
        )
    if filters.service_type:
        queryset = queryset.filter(service_type=filters.service_type)
    if filters.language:
        queryset = queryset.filter(
            Exists(
                ServiceCode.objects.filter(
                    service=OuterRef("pk"),
                    field=ServiceCodeField.LANGUAGE,
                    code=filters.language.strip().lower(),
                )
            )
        )
    if filters.area.strip():
        queryset = queryset.filter(area__icontains=filters.area.strip())
    if filters.sex:
        queryset = queryset.filter(_served(ServiceCodeField.SEX, filters.sex))
    if filters.exploitation_type:
        queryset = queryset.filter(
            _served(ServiceCodeField.EXPLOITATION_TYPE, filters.exploitation_type)
        )
    if filters.age is not None:
        queryset = queryset.filter(
            Q(min_age__isnull=True) | Q(min_age__lte=filters.age),
            Q(max_age__isnull=True) | Q(max_age__gte=filters.age),
        )
    if filters.has_free_places:
        queryset = queryset.filter(capacity_available__gt=0)
    if filters.takes_urgent:
        queryset = queryset.filter(accepts_urgent=True)
    return queryset.order_by(SERVICE_SORTS.get(filters.sort, "name"), "pk")


def service_get(*, actor: Actor, public_id: object) -> Service:
    return get_visible(
        visible_services(actor)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("codes", queryset=ServiceCode.objects.order_by("field", "code"))
        ),
        public_id=public_id,
    )


def codes_of(service: Service) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {field: [] for field in ServiceCodeField.values}
    for code in service.codes.all():
        grouped.setdefault(code.field, []).append(code.code)
    return grouped


@dataclass(frozen=True)
class ReferralFilter:
    direction: str = ""  # "incoming" (to my organisation's services) or "outgoing"
    status: str = ""
    urgent: bool = False
    overdue: bool = False
    search: str = ""
    sort: str = "-created"


def service_referral_list(*, actor: Actor, filters: ReferralFilter) -> QuerySet[ServiceReferral]:
    """Referrals to services the actor may see; rows carry references and states only."""
    queryset = visible_service_referrals(actor).select_related(
        "service__organisation", "case", "referring_organisation", "response_timer"
    )
    if filters.direction == "incoming" and actor.organisation is not None:
        queryset = queryset.filter(service__organisation=actor.organisation)
    elif filters.direction == "outgoing" and actor.organisation is not None:
        queryset = queryset.filter(referring_organisation=actor.organisation)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.urgent:
        queryset = queryset.filter(is_urgent=True)
    if filters.overdue:
        queryset = queryset.filter(
            response_timer__status=TimerStatus.RUNNING, response_timer__is_breached=True
        )
    if filters.search.strip():
        term = filters.search.strip()
        queryset = queryset.filter(
            Q(reference__icontains=term)
            | Q(case__reference__icontains=term)
            | Q(service__name__icontains=term)
        )
    return queryset.order_by(REFERRAL_SORTS.get(filters.sort, "-created_at"), "-pk")


def service_referral_get(*, actor: Actor, public_id: object) -> ServiceReferral:
    return get_visible(
        visible_service_referrals(actor).select_related(
            "service__organisation",
            "case",
            "case_person__person",
            "referring_organisation",
            "referred_by",
            "responded_by",
            "response_timer",
            "track",
            "consent",
            "grant",
        ),
        public_id=public_id,
    )


@dataclass
class ServiceReferralView:
    referral: ServiceReferral
    is_provider: bool
    is_referrer: bool
    can_see_needs: bool
    actions: list[workflow.Step]


def service_referral_view(*, actor: Actor, referral: ServiceReferral) -> ServiceReferralView:
    """The referral page. What the person needs is shown to the referrer, and to the provider while
    the sharing is live (a finished service leaves the provider its record, not the person's
    needs); each reading of it is audited."""
    provider = is_provider_of(actor, referral)
    referrer = is_referrer_of(actor, referral)
    sharing_live = (
        referral.grant_id is not None and live_grants().filter(pk=referral.grant_id).exists()
    )
    can_see_needs = referrer or (provider and sharing_live)
    if can_see_needs and referral.needs:
        audit.record(
            actor=actor,
            action="directory.referral_view",
            target=referral,
            subject=referral.case,
            details={"as": "provider" if provider else "referrer"},
        )
    facts = workflow.ReferralFacts(roles=actor.roles, is_provider=provider, is_referrer=referrer)
    return ServiceReferralView(
        referral=referral,
        is_provider=provider,
        is_referrer=referrer,
        can_see_needs=can_see_needs,
        actions=workflow.available(referral.status, facts),
    )


def pending_count(*, actor: Actor) -> int:
    if actor.organisation is None:
        return 0
    return (
        visible_service_referrals(actor)
        .filter(service__organisation=actor.organisation, status=ServiceReferralStatus.PENDING)
        .count()
    )
