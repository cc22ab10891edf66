"""Reads for cases, always through the access scopes. Reads of identifying data are audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.cases import Section, case_sections, visible_cases, visible_persons
from waypoint.accounts.models import User
from waypoint.audit import services as audit
from waypoint.audit.selectors import record_history
from waypoint.cases.choices import (
    MULTI_VALUED_FIELDS,
    CaseStatus,
    PersonRole,
    TaskStatus,
    TransferStatus,
)
from waypoint.cases.models import (
    Case,
    CaseNote,
    CasePerson,
    CasePersonCode,
    CaseReferralDetail,
    CaseTask,
    CaseTransfer,
    Document,
    SupportPlan,
    TraffickingEvent,
)
from waypoint.common import files
from waypoint.common.errors import NotVisible
from waypoint.common.fields import blind_index
from waypoint.people.models import ConsentRecord, Person, PersonCitizenship

# Roles a case or a task may be assigned to (the services check the same).
ASSIGNABLE_ROLES = (Role.CASE_WORKER, Role.CASE_SUPERVISOR, Role.FIRST_RESPONDER)
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
class CaseFilter:
    status: str = ""
    organisation: str = ""  # owner organisation public id
    exploitation_type: str = ""
    nationality: str = ""
    age_band: str = ""
    assigned_to_me: bool = False
    overdue_tasks: bool = False
    search: str = ""  # reference or codes (non-identifying)
    identity_number: str = ""  # exact, through the blind index
    first_name: str = ""
    second_name: str = ""
    birthdate: dt.date | None = None
    sort: str = "-opened"
    extra: dict[str, str] = field(default_factory=dict)


def case_list(*, actor: Actor, filters: CaseFilter) -> QuerySet[Case]:
    """Cases the actor may see, filtered, searched and sorted (no identifying data in the rows)."""
    queryset = visible_cases(actor).select_related("owner_organisation", "case_owner")
    victims = CasePerson.objects.filter(case=OuterRef("pk"), role=PersonRole.VICTIM)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.organisation:
        queryset = queryset.filter(owner_organisation__public_id=filters.organisation)
    if filters.exploitation_type:
        queryset = queryset.filter(
            Exists(
                CasePersonCode.objects.filter(
                    case_person__case=OuterRef("pk"),
                    field="vic_TypeOfExploitation",
                    code=filters.exploitation_type,
                )
            )
        )
    if filters.nationality:
        queryset = queryset.filter(
            Exists(
                PersonCitizenship.objects.filter(
                    person__case_links__case=OuterRef("pk"),
                    person__case_links__role=PersonRole.VICTIM,
                    country=filters.nationality.upper(),
                )
            )
        )
    if filters.age_band:
        queryset = queryset.filter(Exists(victims.filter(person__age_band=filters.age_band)))
    if filters.assigned_to_me and actor.user is not None:
        queryset = queryset.filter(
            Q(case_owner=actor.user)
            | Exists(
                CaseTask.objects.filter(
                    case=OuterRef("pk"), assigned_to=actor.user, status=TaskStatus.OPEN
                )
            )
        )
    if filters.overdue_tasks:
        queryset = queryset.filter(
            Exists(
                CaseTask.objects.filter(
                    case=OuterRef("pk"), status=TaskStatus.OPEN, due_on__lt=timezone.localdate()
                )
            )
        )
    if filters.search:
        term = filters.search.strip()
        codes = _codes_matching(term)
        queryset = queryset.filter(
            Q(reference__icontains=term)
            | Q(owner_organisation__name__icontains=term)
            | Exists(
                CasePersonCode.objects.filter(
                    Q(code__icontains=term) | Q(code__in=codes), case_person__case=OuterRef("pk")
                )
            )
        )
    person_filter = _identifying_person_filter(filters)
    if person_filter is not None:
        queryset = queryset.filter(
            Exists(CasePerson.objects.filter(case=OuterRef("pk"), person__in=person_filter))
        )
    overdue = CaseTask.objects.filter(
        case=OuterRef("pk"), status=TaskStatus.OPEN, due_on__lt=timezone.localdate()
    )
    queryset = queryset.annotate(has_overdue_tasks=Exists(overdue))
    return queryset.order_by(SORTS.get(filters.sort, "-opened_on"), "-pk")


def _codes_matching(term: str) -> list[str]:
    """HTCDS codes whose label contains ``term`` ("construction" finds ``F_Construction``)."""
    lowered = term.lower()
    if len(lowered) < 3:
        return []
    return sorted(
        {
            str(value)
            for choices in MULTI_VALUED_FIELDS.values()
            for value, label in choices.choices
            if lowered in str(label).lower()
        }
    )


def _identifying_person_filter(filters: CaseFilter) -> QuerySet[Person] | None:
    """Exact matches on encrypted identifying fields, through their blind indexes."""
    queryset: QuerySet[Person] | None = None
    if filters.identity_number.strip():
        number_index = blind_index(Person, "identity_number_index")
        queryset = Person.objects.filter(
            identity_number_index__in=number_index.lookup(filters.identity_number.strip())
        )
    if filters.first_name.strip() and filters.second_name.strip() and filters.birthdate:
        index = blind_index(Person, "name_birthdate_index")
        matches = Person.objects.filter(
            name_birthdate_index__in=index.lookup(
                filters.first_name.strip(), filters.second_name.strip(), filters.birthdate
            )
        )
        queryset = matches if queryset is None else queryset & matches
    return queryset


def case_get(*, actor: Actor, public_id: object) -> Case:
    return get_visible(
        visible_cases(actor).select_related("owner_organisation", "case_owner"), public_id=public_id
    )


@dataclass
class CaseView:
    """A case with the parts the actor may see (need to know) and nothing else."""

    case: Case
    sections: frozenset[Section]
    persons: list[CasePerson]
    codes: dict[int, dict[str, list[str]]]
    notes: list[CaseNote]
    tasks: list[CaseTask]
    documents: list[Document]
    events: list[TraffickingEvent] = field(default_factory=list)
    support_plans: list[SupportPlan] = field(default_factory=list)
    consents: list[ConsentRecord] = field(default_factory=list)
    referral_details: list[CaseReferralDetail] = field(default_factory=list)
    pending_transfer: CaseTransfer | None = None


def case_view(*, actor: Actor, case: Case) -> CaseView:
    """Everything on the case page, limited to the actor's sections. Opening a case that shows
    identifying data is recorded in the audit log."""
    sections = case_sections(actor, case)
    persons: list[CasePerson] = []
    codes: dict[int, dict[str, list[str]]] = {}
    if Section.PERSONS in sections:
        persons = list(
            case.case_persons.select_related(
                "person",
                "location_of_recruitment",
                "location_of_exploitation",
                "perpetrator_organisation",
            ).prefetch_related(
                Prefetch(
                    "person__citizenships", queryset=PersonCitizenship.objects.order_by("country")
                )
            )
        )
        if Section.VICTIM_CONTEXT in sections:
            for code in CasePersonCode.objects.filter(case_person__case=case).order_by(
                "field", "code"
            ):
                codes.setdefault(code.case_person_id, {}).setdefault(code.field, []).append(
                    code.code
                )
    notes: list[CaseNote] = []
    if Section.NOTES in sections:
        notes = list(case.notes.select_related("author", "author_organisation"))
    elif actor.organisation is not None:
        # Organisations the case is shared with read only their own notes.
        notes = list(
            case.notes.filter(author_organisation=actor.organisation).select_related("author")
        )
    tasks = list(case.tasks.select_related("assigned_to")) if Section.TASKS in sections else []
    documents = (
        list(case.documents.select_related("uploaded_by", "uploaded_for"))
        if Section.DOCUMENTS in sections
        else []
    )
    events = (
        list(case.events.select_related("case_person__person").order_by("event_date", "pk"))
        if Section.EVENTS in sections
        else []
    )
    support_plans = (
        list(case.support_plans.select_related("case_person__person"))
        if Section.SUPPORT_PLAN in sections
        else []
    )
    consents = (
        list(
            ConsentRecord.objects.filter(person__case_links__case=case)
            .select_related("person", "shared_with", "recorded_by", "recorded_for", "withdrawn_by")
            .distinct()
            .order_by("-recorded_at")
        )
        if Section.CONSENT in sections
        else []
    )
    referral_details = (
        list(case.referral_details.select_related("organisation"))
        if Section.REFERRALS in sections
        else []
    )
    pending_transfer = None
    if actor.organisation is not None and case.owner_organisation_id == actor.organisation.pk:
        pending_transfer = (
            case.transfers.filter(status=TransferStatus.PENDING)
            .select_related("to_organisation")
            .first()
        )
    if Section.IDENTIFYING in sections and persons:
        audit.record(
            actor=actor,
            action="case.view",
            target=case,
            details={"sections": sorted(sections), "persons": len(persons)},
        )
    return CaseView(
        case=case,
        sections=sections,
        persons=persons,
        codes=codes,
        notes=notes,
        tasks=tasks,
        documents=documents,
        events=events,
        support_plans=support_plans,
        consents=consents,
        referral_details=referral_details,
        pending_transfer=pending_transfer,
    )


def case_history(*, actor: Actor, case: Case, include_reads: bool = True) -> QuerySet:  # type: ignore[type-arg]
    """The audit events of the case (who did what, when), for the history panel.

    ``include_reads=False`` leaves out the record of who opened the case page.
    """
    if Section.HISTORY not in case_sections(actor, case):
        return record_history(subject_public_id="").none()
    events = record_history(subject_public_id=str(case.public_id))
    if not include_reads:
        events = events.exclude(action__in=("case.view", "person.view"))
    return events


def person_get(*, actor: Actor, public_id: object) -> Person:
    """A person with identifying data; the read is audited."""
    person = get_visible(visible_persons(actor), public_id=public_id)
    audit.record(actor=actor, action="person.view", target=person)
    return person


def document_get(*, actor: Actor, public_id: object) -> Document:
    """A document the actor may open (the case is visible and its documents are in their sections)."""
    document = get_visible(
        Document.objects.filter(case__in=visible_cases(actor)).select_related("case"),
        public_id=public_id,
    )
    if Section.DOCUMENTS not in case_sections(actor, document.case):
        raise NotVisible()
    return document


def document_read(*, actor: Actor, document: Document) -> bytes:
    """The decrypted content of a document; every download is audited."""
    content = files.read(document.stored_name, context=document.file_context())
    audit.record(
        actor=actor,
        action="case.document_download",
        target=document,
        subject=document.case,
        details={"size": document.size},
    )
    return content


def incoming_transfers(*, actor: Actor) -> QuerySet[CaseTransfer]:
    """Transfers waiting for the actor's organisation (shown without case contents)."""
    if actor.organisation is None or not actor.can(Perm.CASE_TRANSFER):
        return CaseTransfer.objects.none()
    return CaseTransfer.objects.filter(
        to_organisation=actor.organisation, status=TransferStatus.PENDING
    ).select_related("case", "from_organisation", "requested_by")


def outgoing_transfers(*, actor: Actor) -> QuerySet[CaseTransfer]:
    if actor.organisation is None:
        return CaseTransfer.objects.none()
    return CaseTransfer.objects.filter(
        from_organisation=actor.organisation, case__in=visible_cases(actor)
    ).select_related("case", "to_organisation")


def my_open_tasks(*, actor: Actor) -> QuerySet[CaseTask]:
    if actor.user is None:
        return CaseTask.objects.none()
    return (
        CaseTask.objects.filter(
            case__in=visible_cases(actor), assigned_to=actor.user, status=TaskStatus.OPEN
        )
        .select_related("case")
        .order_by("due_on")
    )


def open_case_count(*, actor: Actor) -> int:
    return visible_cases(actor).filter(status__in=[CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP]).count()


def _in_section(actor: Actor, queryset: QuerySet, public_id: object, section: Section) -> Any:  # type: ignore[type-arg]
    """One object of a visible case, when ``section`` of that case is open to the actor."""
    found = get_visible(
        queryset.filter(case__in=visible_cases(actor)).select_related(
            "case", "case__owner_organisation"
        ),
        public_id=public_id,
    )
    if section not in case_sections(actor, found.case):
        raise NotVisible()
    return found


def case_person_get(*, actor: Actor, public_id: object) -> CasePerson:
    """A person-in-case link (with its person) of a case whose persons the actor may see."""
    link: CasePerson = _in_section(
        actor,
        CasePerson.objects.select_related(
            "person",
            "location_of_recruitment",
            "location_of_exploitation",
            "perpetrator_organisation",
        ),
        public_id,
        Section.PERSONS,
    )
    return link


def case_person_codes(*, actor: Actor, case_person: CasePerson) -> dict[str, list[str]]:
    """The multi-valued HTCDS codes of a person in a case, by field (victim-context section)."""
    if Section.VICTIM_CONTEXT not in case_sections(actor, case_person.case):
        return {}
    codes: dict[str, list[str]] = {}
    for field_name, code in (
        CasePersonCode.objects.filter(case_person=case_person)
        .order_by("field", "code")
        .values_list("field", "code")
    ):
        codes.setdefault(field_name, []).append(code)
    return codes


def task_get(*, actor: Actor, public_id: object) -> CaseTask:
    task: CaseTask = _in_section(
        actor, CaseTask.objects.select_related("assigned_to"), public_id, Section.TASKS
    )
    return task


def support_plan_get(*, actor: Actor, public_id: object) -> SupportPlan:
    plan: SupportPlan = _in_section(
        actor, SupportPlan.objects.all(), public_id, Section.SUPPORT_PLAN
    )
    return plan


def event_get(*, actor: Actor, public_id: object) -> TraffickingEvent:
    event: TraffickingEvent = _in_section(
        actor, TraffickingEvent.objects.all(), public_id, Section.EVENTS
    )
    return event


def transfer_get(*, actor: Actor, public_id: object) -> CaseTransfer:
    """A transfer sent or received by the actor's organisation."""
    if actor.organisation is None:
        raise NotVisible()
    return get_visible(
        CaseTransfer.objects.filter(
            Q(to_organisation=actor.organisation, status=TransferStatus.PENDING)
            | Q(from_organisation=actor.organisation, case__in=visible_cases(actor))
        ).select_related("case", "from_organisation", "to_organisation", "requested_by"),
        public_id=public_id,
    )


def consent_list(*, actor: Actor, person: Person) -> QuerySet[ConsentRecord]:
    """The consent history of a visible person (newest first), for roles that view consent."""
    if not actor.can(Perm.CONSENT_VIEW) or not visible_persons(actor).filter(pk=person.pk).exists():
        return ConsentRecord.objects.none()
    return person.consents.select_related(
        "case", "shared_with", "recorded_by", "recorded_for", "withdrawn_by"
    ).order_by("-recorded_at")


def consent_get(*, actor: Actor, public_id: object) -> ConsentRecord:
    if not actor.can(Perm.CONSENT_VIEW):
        raise NotVisible()
    return get_visible(
        ConsentRecord.objects.filter(person__in=visible_persons(actor)).select_related(
            "person", "case"
        ),
        public_id=public_id,
    )


def overdue_tasks(*, actor: Actor) -> QuerySet[CaseTask]:
    """Open tasks past their due date on the cases the actor's organisation owns."""
    if actor.organisation is None:
        return CaseTask.objects.none()
    return (
        CaseTask.objects.filter(
            case__in=visible_cases(actor).filter(owner_organisation=actor.organisation),
            status=TaskStatus.OPEN,
            due_on__lt=timezone.localdate(),
        )
        .select_related("case", "assigned_to")
        .order_by("due_on")
    )


def assignable_users(*, case: Case | None = None, actor: Actor | None = None) -> QuerySet[User]:
    """People a case or task may be given to: of the case's owning organisation, or (to open a
    new case) of the actor's organisation."""
    if case is not None:
        organisation_id: int | None = case.owner_organisation_id
    else:
        organisation_id = actor.organisation_id if actor is not None else None
    if organisation_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            memberships__organisation_id=organisation_id,
            memberships__is_active=True,
            memberships__role__in=[str(role) for role in ASSIGNABLE_ROLES],
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
