"""Reads of single records and choice lists for the criminal-case pages and API, through the
enforcement scopes."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils import timezone

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.roles import Role
from waypoint.access.scopes.accounts import colleagues, visible_organisations
from waypoint.access.scopes.cases import visible_cases, visible_persons
from waypoint.access.scopes.enforcement import (
    can_manage_witness_link,
    case_worker_witness_links,
    manageable_criminal_groups,
    manageable_investigations,
    visible_criminal_groups,
    visible_investigations,
    visible_prosecutions,
    visible_statutes,
    visible_suspects,
)
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.models import Organisation, User
from waypoint.audit import services as audit
from waypoint.cases.choices import PersonRole
from waypoint.cases.models import Case, CasePerson
from waypoint.enforcement.models import (
    Appeal,
    Charge,
    CompensationOrder,
    CriminalGroup,
    Defendant,
    Hearing,
    Statute,
    Suspect,
    VictimParticipation,
)
from waypoint.people.choices import ConsentPurpose
from waypoint.people.models import ConsentRecord, Person


def defendant_get(*, actor: Actor, public_id: object) -> Defendant:
    return get_visible(
        Defendant.objects.filter(prosecution__in=visible_prosecutions(actor)).select_related(
            "prosecution__investigation", "suspect__person"
        ),
        public_id=public_id,
    )


def charge_get(*, actor: Actor, public_id: object) -> Charge:
    return get_visible(
        Charge.objects.filter(
            defendant__prosecution__in=visible_prosecutions(actor)
        ).select_related(
            "defendant__prosecution__investigation", "defendant__suspect__person", "statute"
        ),
        public_id=public_id,
    )


def appeal_get(*, actor: Actor, public_id: object) -> Appeal:
    return get_visible(
        Appeal.objects.filter(
            defendant__prosecution__in=visible_prosecutions(actor)
        ).select_related("defendant__prosecution__investigation", "defendant__suspect__person"),
        public_id=public_id,
    )


def order_get(*, actor: Actor, public_id: object) -> CompensationOrder:
    return get_visible(
        CompensationOrder.objects.filter(
            defendant__prosecution__in=visible_prosecutions(actor)
        ).select_related("defendant__prosecution__investigation"),
        public_id=public_id,
    )


def hearing_get(*, actor: Actor, public_id: object) -> Hearing:
    return get_visible(
        Hearing.objects.filter(prosecution__in=visible_prosecutions(actor)).select_related(
            "prosecution__investigation"
        ),
        public_id=public_id,
    )


def upcoming_hearings(*, actor: Actor) -> QuerySet[Hearing]:
    """Hearings still to come in the prosecutions the actor sees, soonest first."""
    return (
        Hearing.objects.filter(
            prosecution__in=visible_prosecutions(actor),
            hearing_date__gte=timezone.localdate(),
            outcome="",
        )
        .select_related("prosecution")
        .order_by("hearing_date", "hearing_time")
    )


GROUP_SORTS = {"-created": "-created_at", "created": "created_at", "reference": "reference"}


def group_list(
    *, actor: Actor, search: str = "", sort: str = "-created"
) -> QuerySet[CriminalGroup]:
    """Groups the actor may see; ``search`` matches the reference (names are encrypted)."""
    queryset = visible_criminal_groups(actor)
    if search.strip():
        queryset = queryset.filter(reference__icontains=search.strip())
    return (
        queryset.select_related("investigating_agency")
        .annotate(member_count=Count("memberships"))
        .order_by(GROUP_SORTS.get(sort, "-created_at"), "-pk")
    )


def group_get(*, actor: Actor, public_id: object) -> CriminalGroup:
    return get_visible(
        visible_criminal_groups(actor).select_related("investigating_agency"), public_id=public_id
    )


def _group_members(actor: Actor, group: CriminalGroup) -> QuerySet[Suspect]:
    return (
        visible_suspects(actor)
        .filter(memberships__group=group)
        .select_related("person", "investigation")
        .order_by("created_at")
    )


def group_members(*, actor: Actor, group: CriminalGroup) -> list[Suspect]:
    """Members of the group the actor may see (suspects of visible investigations); showing
    them (with names) is an audited read."""
    members = list(_group_members(actor, group))
    if members:
        audit.record(
            actor=actor,
            action="enforcement.group_view",
            target=group,
            details={"members": len(members)},
        )
    return members


def suspect_in_group(*, actor: Actor, group: CriminalGroup, public_id: object) -> Suspect:
    return get_visible(_group_members(actor, group), public_id=public_id)


def manageable_suspects(*, actor: Actor) -> QuerySet[Suspect]:
    """Suspects of the investigations the actor may change (for adding group members)."""
    return (
        Suspect.objects.filter(investigation__in=manageable_investigations(actor))
        .select_related("person", "investigation")
        .order_by("-created_at")
    )


def can_manage_group(actor: Actor, group: CriminalGroup) -> bool:
    return manageable_criminal_groups(actor).filter(pk=group.pk).exists()


STATUTE_SORTS = {
    "code": ("country", "instrument", "code"),
    "title": ("short_title", "code"),
    "-updated": ("-updated_at", "code"),
}


def statute_list(
    *, actor: Actor, country: str = "", include_inactive: bool = False, sort: str = "code"
) -> QuerySet[Statute]:
    queryset = visible_statutes(actor)
    if country:
        queryset = queryset.filter(country=country.upper())
    if not include_inactive:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by(*STATUTE_SORTS.get(sort, STATUTE_SORTS["code"]))


def statute_countries(*, actor: Actor) -> list[str]:
    """Countries that have statutes (for the filter)."""
    return sorted(set(visible_statutes(actor).values_list("country", flat=True)))


def statute_get(*, actor: Actor, public_id: object) -> Statute:
    return get_visible(visible_statutes(actor), public_id=public_id)


def prosecution_services(*, actor: Actor) -> QuerySet[Organisation]:
    return visible_organisations(actor).filter(
        org_type=OrganisationType.PROSECUTION, is_active=True
    )


def courts(*, actor: Actor) -> QuerySet[Organisation]:
    return visible_organisations(actor).filter(org_type=OrganisationType.JUDICIARY, is_active=True)


LINK_SORTS = {
    "-created": "-created_at",
    "created": "created_at",
    "witness": "witness_code",
    "case": "case_person__case__reference",
}


def witness_links(
    *, actor: Actor, state: str = "", sort: str = "-created"
) -> QuerySet[VictimParticipation]:
    """The support side: links made from the actor's cases (with the criminal case's reference);
    ``state`` is ``active``, ``ended`` or empty for both."""
    queryset = case_worker_witness_links(actor)
    if state == "active":
        queryset = queryset.filter(ended_at__isnull=True)
    elif state == "ended":
        queryset = queryset.filter(ended_at__isnull=False)
    return (
        queryset.select_related("investigation", "case_person__case", "linked_for")
        .prefetch_related("protective_measures", "shares__organisation")
        .order_by(LINK_SORTS.get(sort, "-created_at"), "-pk")
    )


def witness_link_get(*, actor: Actor, public_id: object) -> VictimParticipation:
    return get_visible(witness_links(actor=actor), public_id=public_id)


def can_manage_link(actor: Actor, participation: VictimParticipation) -> bool:
    return can_manage_witness_link(actor, participation)


def colleagues_with_role(*, actor: Actor, role: Role) -> QuerySet[User]:
    """Active members of the actor's organisation holding ``role`` (for "lead" pickers)."""
    if actor.organisation is None:
        return User.objects.none()
    return (
        colleagues(actor)
        .filter(
            memberships__organisation=actor.organisation,
            memberships__role=role,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def investigating_agencies(*, actor: Actor) -> QuerySet[Organisation]:
    """Agencies of the criminal cases the actor sees (for the list filter)."""
    return visible_organisations(actor).filter(
        pk__in=visible_investigations(actor).values("investigating_agency")
    )


def case_victims(
    *, actor: Actor, case_public_id: object = "", case_reference: str = ""
) -> tuple[Case, list[CasePerson]]:
    """The support side: a case the actor may open (by id, or by its exact reference) and its
    victims (for linking a witness)."""
    if case_reference.strip():
        case = get_visible(visible_cases(actor), reference=case_reference.strip().upper())
    else:
        case = get_visible(visible_cases(actor), public_id=case_public_id)
    victims = list(
        CasePerson.objects.filter(case=case, role=PersonRole.VICTIM)
        .select_related("person")
        .order_by("created_at")
    )
    if victims:
        audit.record(
            actor=actor,
            action="enforcement.case_victims_view",
            target=case,
            details={"victims": len(victims)},
        )
    return case, victims


def sharing_consents(*, actor: Actor, persons: list[Person]) -> QuerySet[ConsentRecord]:
    """Active consents to share with a named organisation, of persons the actor may see."""
    return (
        ConsentRecord.objects.filter(
            person__in=visible_persons(actor).filter(pk__in=[person.pk for person in persons]),
            purpose=ConsentPurpose.SHARING,
            is_given=True,
            withdrawn_at__isnull=True,
        )
        .select_related("shared_with", "person")
        .order_by("-recorded_at")
    )


def victim_get(*, actor: Actor, public_id: object) -> CasePerson:
    """A victim in a support case the actor may open (the support side of a witness link)."""
    return get_visible(
        CasePerson.objects.filter(
            case__in=visible_cases(actor), role=PersonRole.VICTIM
        ).select_related("case", "person"),
        public_id=public_id,
    )
