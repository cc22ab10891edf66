"""Reads of criminal cases for pages and the API, always through the enforcement scopes.

Reads that show suspects' or defendants' identifying data are recorded in the audit log. Witnesses
are returned as :class:`WitnessView` (a code and the consented facts), never as persons or cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.enforcement import (
    can_record_proceedings,
    manageable_investigations,
    manageable_prosecutions,
    visible_criminal_groups,
    visible_investigations,
    visible_prosecutions,
    visible_suspects,
    visible_witnesses,
    witness_fact_organisations,
)
from waypoint.audit import services as audit
from waypoint.enforcement.models import (
    Appeal,
    Charge,
    CompensationOrder,
    CriminalGroup,
    Defendant,
    Investigation,
    Prosecution,
    Suspect,
    VictimParticipation,
)
from waypoint.people.models import PersonCitizenship

SORTS = {
    "opened": "opened_on",
    "-opened": "-opened_on",
    "reference": "reference",
    "-reference": "-reference",
    "status": "status",
    "-status": "-status",
    "updated": "updated_at",
    "-updated": "-updated_at",
}


@dataclass(frozen=True)
class CriminalCaseFilter:
    status: str = ""
    prosecution_status: str = ""
    agency: str = ""  # investigating agency public id
    statute: str = ""  # statute public id (offence investigated or charge)
    exploitation_form: str = ""
    opened_from: dt.date | None = None
    opened_to: dt.date | None = None
    charged_from: dt.date | None = None
    charged_to: dt.date | None = None
    complicity: bool = False
    official_agency_type: str = ""
    search: str = ""  # references, file numbers, witness codes, statute codes
    sort: str = "-opened"


def criminal_case_list(*, actor: Actor, filters: CriminalCaseFilter) -> QuerySet[Investigation]:
    """Criminal cases (investigations with their prosecutions) the actor may see, filtered and
    sorted. Rows carry no identifying data; support records are never searched."""
    queryset = visible_investigations(actor).select_related("investigating_agency")
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.prosecution_status:
        queryset = queryset.filter(
            Exists(
                Prosecution.objects.filter(
                    investigation=OuterRef("pk"), status=filters.prosecution_status
                )
            )
        )
    if filters.agency:
        queryset = queryset.filter(investigating_agency__public_id=filters.agency)
    if filters.statute:
        queryset = queryset.filter(
            Q(offences__public_id=filters.statute)
            | Exists(
                Charge.objects.filter(
                    defendant__prosecution__investigation=OuterRef("pk"),
                    statute__public_id=filters.statute,
                )
            )
        )
    if filters.exploitation_form:
        queryset = queryset.filter(exploitation_forms__code=filters.exploitation_form)
    if filters.opened_from:
        queryset = queryset.filter(opened_on__gte=filters.opened_from)
    if filters.opened_to:
        queryset = queryset.filter(opened_on__lte=filters.opened_to)
    if filters.charged_from or filters.charged_to:
        charges = Charge.objects.filter(defendant__prosecution__investigation=OuterRef("pk"))
        if filters.charged_from:
            charges = charges.filter(charged_on__gte=filters.charged_from)
        if filters.charged_to:
            charges = charges.filter(charged_on__lte=filters.charged_to)
        queryset = queryset.filter(Exists(charges))
    if filters.complicity or filters.official_agency_type:
        officials = Suspect.objects.filter(investigation=OuterRef("pk"), is_public_official=True)
        if filters.official_agency_type:
            officials = officials.filter(official_agency_type=filters.official_agency_type)
        queryset = queryset.filter(Exists(officials))
    if filters.search.strip():
        term = filters.search.strip()
        queryset = queryset.filter(
            Q(reference__icontains=term)
            | Q(external_reference__icontains=term)
            | Q(investigating_agency__name__icontains=term)
            | Exists(
                Prosecution.objects.filter(investigation=OuterRef("pk"), reference__icontains=term)
            )
            | Exists(
                VictimParticipation.objects.filter(
                    investigation=OuterRef("pk"), witness_code__iexact=term, ended_at__isnull=True
                )
            )
            | Exists(
                Charge.objects.filter(
                    defendant__prosecution__investigation=OuterRef("pk"),
                ).filter(Q(statute__code__iexact=term) | Q(external_statute_code__iexact=term))
            )
        )
    queryset = queryset.distinct().annotate(suspect_count=Count("suspects", distinct=True))
    return queryset.prefetch_related(
        "exploitation_forms",
        Prefetch(
            "prosecutions",
            queryset=Prosecution.objects.select_related("prosecuting_organisation").order_by(
                "created_at"
            ),
        ),
    ).order_by(SORTS.get(filters.sort, "-opened_on"), "-pk")


def investigation_get(*, actor: Actor, public_id: object) -> Investigation:
    return get_visible(
        visible_investigations(actor).select_related("investigating_agency", "lead_investigator"),
        public_id=public_id,
    )


def can_manage_investigation(actor: Actor, investigation: Investigation) -> bool:
    return manageable_investigations(actor).filter(pk=investigation.pk).exists()


def can_manage_prosecution(actor: Actor, prosecution: Prosecution) -> bool:
    return manageable_prosecutions(actor).filter(pk=prosecution.pk).exists()


@dataclass(frozen=True)
class WitnessView:
    """A victim as law enforcement sees them: a code, the consented facts, their part in the case."""

    public_id: str
    witness_code: str
    version: int
    facts_visible: bool
    gender: str
    age_band: str
    nationality: str
    exploitation_types: list[str]
    is_cooperating: bool | None
    has_testified: bool | None
    was_penalised: bool | None
    protective_measures: list[str]
    can_record: bool


def _witness_views(actor: Actor, participations: list[VictimParticipation]) -> list[WitnessView]:
    allowed = witness_fact_organisations([item.pk for item in participations])
    organisation_id = actor.organisation.pk if actor.organisation is not None else None
    # Whether the actor records the part in proceedings depends only on the investigation.
    recorders: dict[int, bool] = {}
    views = []
    for item in participations:
        if item.investigation_id not in recorders:
            recorders[item.investigation_id] = can_record_proceedings(actor, item)
        visible = organisation_id is not None and organisation_id in allowed.get(item.pk, set())
        views.append(
            WitnessView(
                public_id=str(item.public_id),
                witness_code=item.witness_code,
                version=item.version,
                facts_visible=visible,
                gender=item.shared_gender if visible else "",
                age_band=item.shared_age_band if visible else "",
                nationality=item.shared_nationality if visible else "",
                exploitation_types=list(item.shared_exploitation_types) if visible else [],
                is_cooperating=item.is_cooperating,
                has_testified=item.has_testified,
                was_penalised=item.was_penalised,
                protective_measures=sorted(
                    measure.code for measure in item.protective_measures.all()
                ),
                can_record=recorders[item.investigation_id],
            )
        )
    return views


def witness_list(*, actor: Actor, investigation: Investigation) -> list[WitnessView]:
    participations = list(
        visible_witnesses(actor)
        .filter(investigation=investigation)
        .prefetch_related("protective_measures")
        .order_by("created_at")
    )
    return _witness_views(actor, participations)


def witness_get(*, actor: Actor, public_id: object) -> tuple[VictimParticipation, WitnessView]:
    """A witness for law enforcement (the participation row is for services only, never shown)."""
    participation = get_visible(
        visible_witnesses(actor).prefetch_related("protective_measures"), public_id=public_id
    )
    return participation, _witness_views(actor, [participation])[0]


@dataclass
class CriminalCaseView:
    investigation: Investigation
    suspects: list[Suspect]
    groups: dict[int, list[CriminalGroup]]
    prosecutions: Sequence[Prosecution]
    witnesses: list[WitnessView]
    can_manage: bool
    can_prosecute: bool
    forms: list[str] = field(default_factory=list)


def _suspects(investigation: Investigation) -> list[Suspect]:
    return list(
        investigation.suspects.select_related("person")
        .prefetch_related(
            "roles",
            Prefetch(
                "person__citizenships", queryset=PersonCitizenship.objects.order_by("country")
            ),
            "criminal_groups",
        )
        .order_by("created_at")
    )


def criminal_case_view(*, actor: Actor, investigation: Investigation) -> CriminalCaseView:
    """Everything on the criminal case page. Showing the suspects is an audited read."""
    suspects = _suspects(investigation)
    visible_groups = set(
        visible_criminal_groups(actor)
        .filter(memberships__suspect__in=[suspect.pk for suspect in suspects])
        .values_list("pk", flat=True)
    )
    groups = {
        suspect.pk: [group for group in suspect.criminal_groups.all() if group.pk in visible_groups]
        for suspect in suspects
    }
    prosecutions = list(
        visible_prosecutions(actor)
        .filter(investigation=investigation)
        .select_related("prosecuting_organisation", "court")
        .annotate(defendant_count=Count("defendants"))
        .order_by("created_at")
    )
    if suspects:
        audit.record(
            actor=actor,
            action="enforcement.investigation_view",
            target=investigation,
            details={"suspects": len(suspects)},
        )
    can_prosecute = (
        actor.organisation is not None
        and actor.can(Perm.PROSECUTION_MANAGE)
        and actor.has_role(Role.PROSECUTOR)
        and investigation.handovers.filter(organisation=actor.organisation).exists()
    )
    return CriminalCaseView(
        investigation=investigation,
        suspects=suspects,
        groups=groups,
        prosecutions=prosecutions,
        witnesses=witness_list(actor=actor, investigation=investigation),
        can_manage=can_manage_investigation(actor, investigation),
        can_prosecute=can_prosecute,
        forms=sorted(investigation.exploitation_forms.values_list("code", flat=True)),
    )


def prosecution_get(*, actor: Actor, public_id: object) -> Prosecution:
    return get_visible(
        visible_prosecutions(actor).select_related(
            "investigation", "prosecuting_organisation", "court", "lead_prosecutor"
        ),
        public_id=public_id,
    )


def prosecution_defendants(*, actor: Actor, prosecution: Prosecution) -> list[Defendant]:
    """Defendants with everything decided about them; an audited read (names are shown)."""
    defendants = list(
        prosecution.defendants.select_related("suspect__person")
        .prefetch_related(
            Prefetch(
                "charges",
                queryset=Charge.objects.select_related("statute", "verdict").order_by(
                    "charged_on", "created_at"
                ),
            ),
            "sentences",
            Prefetch("appeals", queryset=Appeal.objects.select_related("court")),
            Prefetch(
                "compensation_orders",
                queryset=CompensationOrder.objects.select_related("beneficiary").prefetch_related(
                    "payments"
                ),
            ),
        )
        .order_by("created_at")
    )
    if defendants:
        audit.record(
            actor=actor,
            action="enforcement.prosecution_view",
            target=prosecution,
            subject=prosecution.investigation,
            details={"defendants": len(defendants)},
        )
    return defendants


def suspect_get(*, actor: Actor, public_id: object) -> Suspect:
    """A suspect with identifying data; the read is audited."""
    suspect = get_visible(
        visible_suspects(actor).select_related("person", "investigation"), public_id=public_id
    )
    audit.record(
        actor=actor,
        action="enforcement.suspect_view",
        target=suspect,
        subject=suspect.investigation,
    )
    return suspect


def suspects_of(*, actor: Actor, investigation: Investigation) -> QuerySet[Suspect]:
    return (
        visible_suspects(actor)
        .filter(investigation=investigation)
        .select_related("person")
        .order_by("created_at")
    )
