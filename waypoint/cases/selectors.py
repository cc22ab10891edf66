"""Reads for cases, always through the access scopes. Reads of identifying data are audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.roles import Perm
from waypoint.access.scopes.cases import Section, case_sections, visible_cases, visible_persons
from waypoint.audit import services as audit
from waypoint.audit.selectors import record_history
from waypoint.cases.choices import CaseStatus, PersonRole, TaskStatus, TransferStatus
from waypoint.cases.models import (
    Case,
    CaseNote,
    CasePerson,
    CasePersonCode,
    CaseTask,
    CaseTransfer,
    Document,
)
from waypoint.common import files
from waypoint.common.errors import NotVisible
from waypoint.common.fields import blind_index
from waypoint.people.models import Person, PersonCitizenship

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
        queryset = queryset.filter(
            Q(reference__icontains=term)
            | Q(owner_organisation__name__icontains=term)
            | Exists(
                CasePersonCode.objects.filter(
                    case_person__case=OuterRef("pk"), code__icontains=term
                )
            )
        )
    person_filter = _identifying_person_filter(filters)
    if person_filter is not None:
        queryset = queryset.filter(
            Exists(CasePerson.objects.filter(case=OuterRef("pk"), person__in=person_filter))
        )
    return queryset.order_by(SORTS.get(filters.sort, "-opened_on"), "-pk")


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


def case_view(*, actor: Actor, case: Case) -> CaseView:
    """Everything on the case page, limited to the actor's sections. Opening a case that shows
    identifying data is recorded in the audit log."""
    sections = case_sections(actor, case)
    persons: list[CasePerson] = []
    codes: dict[int, dict[str, list[str]]] = {}
    if Section.PERSONS in sections:
        persons = list(
            case.case_persons.select_related(
                "person", "location_of_recruitment", "location_of_exploitation"
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
    documents = list(case.documents.all()) if Section.DOCUMENTS in sections else []
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
    )


def case_history(*, actor: Actor, case: Case) -> QuerySet:  # type: ignore[type-arg]
    """The audit events of the case (who did what, when), for the history panel."""
    if Section.HISTORY not in case_sections(actor, case):
        return record_history(subject_public_id="").none()
    return record_history(subject_public_id=str(case.public_id))


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
