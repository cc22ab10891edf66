"""Reads of persons, always through the access scopes. Reads of identifying data are audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.scopes.cases import identifying_persons, visible_cases, visible_persons
from waypoint.audit import services as audit
from waypoint.cases.models import CasePerson
from waypoint.common.fields import blind_index
from waypoint.people.models import Person, PersonCitizenship


@dataclass(frozen=True)
class PersonFilter:
    identity_number: str = ""  # exact, through the blind index
    first_name: str = ""  # exact name and date of birth together, through the blind index
    second_name: str = ""
    birthdate: dt.date | None = None
    gender: str = ""
    age_band: str = ""
    nationality: str = ""


def person_list(*, actor: Actor, filters: PersonFilter | None = None) -> QuerySet[Person]:
    """Persons the actor may see, newest first. Each row carries ``is_identifying_visible``:
    callers show names and contacts only on rows where it is true."""
    filters = filters or PersonFilter()
    queryset = (
        visible_persons(actor)
        .select_related("owner_organisation")
        .annotate(
            is_identifying_visible=Exists(identifying_persons(actor).filter(pk=OuterRef("pk")))
        )
        .prefetch_related(
            Prefetch("citizenships", queryset=PersonCitizenship.objects.order_by("country"))
        )
    )
    if filters.identity_number.strip():
        index = blind_index(Person, "identity_number_index")
        queryset = queryset.filter(
            identity_number_index__in=index.lookup(filters.identity_number.strip())
        )
    if filters.first_name.strip() and filters.second_name.strip() and filters.birthdate:
        index = blind_index(Person, "name_birthdate_index")
        queryset = queryset.filter(
            name_birthdate_index__in=index.lookup(
                filters.first_name.strip(), filters.second_name.strip(), filters.birthdate
            )
        )
    if filters.gender:
        queryset = queryset.filter(gender=filters.gender)
    if filters.age_band:
        queryset = queryset.filter(age_band=filters.age_band)
    if filters.nationality:
        queryset = queryset.filter(citizenships__country=filters.nationality.upper())
    return queryset.order_by("-created_at", "-pk")


def record_list_read(*, actor: Actor, persons: Sequence[Person]) -> None:
    """Audit a list page or API page that showed identifying details (how many, never who)."""
    shown = [person for person in persons if getattr(person, "is_identifying_visible", False)]
    if shown:
        audit.record(
            actor=actor,
            action="person.list",
            target_type="people.person",
            details={"identifying_rows": len(shown)},
        )


def can_see_identifying(*, actor: Actor, person: Person) -> bool:
    return identifying_persons(actor).filter(pk=person.pk).exists()


def person_detail(*, actor: Actor, public_id: object) -> tuple[Person, bool]:
    """A person and whether the actor may see their identifying details (that read is audited)."""
    person = get_visible(
        visible_persons(actor).prefetch_related(
            Prefetch("citizenships", queryset=PersonCitizenship.objects.order_by("country"))
        ),
        public_id=public_id,
    )
    identifying = can_see_identifying(actor=actor, person=person)
    if identifying:
        audit.record(actor=actor, action="person.view", target=person)
    return person, identifying


def person_for_change(*, actor: Actor, public_id: object) -> Person:
    """A visible person, for a service call (no identifying read is recorded)."""
    return get_visible(visible_persons(actor), public_id=public_id)


def person_cases(*, actor: Actor, person: Person) -> QuerySet[CasePerson]:
    """The person's roles in the cases the actor may see."""
    return (
        CasePerson.objects.filter(person=person, case__in=visible_cases(actor))
        .select_related("case", "case__owner_organisation")
        .order_by("-case__opened_on")
    )
