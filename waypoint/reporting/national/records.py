"""Victim records for national statistics: who is counted, once, and in which period.

Every national table starts here. The rules of DOMAIN.md section 4, in the database:

- **The unit is the person.** A record is a person registered as a victim in a case; the same
  person in several cases, or recorded by several organisations as separate persons linked as the
  same individual (``Person.same_individual_as``), has one *person key* (the record the others
  were linked to) and every count is ``COUNT(DISTINCT person key)``.
- **Person attributes** (sex, age group at registration, citizenship) are those of the record the
  others were linked to, so each person falls in exactly one sex, age and citizenship group.
- **The period comes from the event's date**: registration (``registered_on``) for registered
  victims, the decision (``TraffickingStatusChange.changed_at``) for identifications. Records
  imported with only a band of registration years are placed in a period of whole calendar years
  when the band lies inside it; otherwise they are not placed, and the table's notes say how many.
- **Registered victims** are the records placed in the period whose status at the end of the
  period is identified, presumed or not recorded; a record found "not a victim" is left out (and
  counted in the notes).

Functions here return querysets annotated for aggregation; nothing iterates over rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from waypoint.access.actor import Actor
from waypoint.access.scopes.reporting import statistical_victim_records
from waypoint.cases.models import CasePerson, TraffickingStatusChange
from waypoint.common import countries
from waypoint.people.models import PersonCitizenship
from waypoint.reporting.national.dimensions import (
    ADULT_BANDS,
    CHILD_BANDS,
    EU_MEMBER_STATES,
    GENDER_TO_SEX,
    NOT_A_VICTIM,
    NOT_RECORDED,
    own_country,
    sex_age_group,
)
from waypoint.reporting.periods import Period
from waypoint.reporting.tables import CountNote

KEY: Final = "person_key"

NOT_PLACED_NOTE: Final = (
    "{count} records with a registration year band spanning the period were not placed "
    "(they were imported with a band of years, not a date)."
)
UNDATED_NOTE: Final = (
    "{count} victim records have neither a registration date nor a registration year: they are "
    "not counted in any period."
)
NOT_A_VICTIM_NOTE: Final = (
    "{count} records whose status at the end of the period was 'not a victim of trafficking' "
    "are not registered victims and are left out."
)


def persons(condition: Q | None = None) -> Count:
    """Distinct persons (person keys), optionally among the rows meeting ``condition``."""
    return Count(KEY, distinct=True, filter=condition)


def day_bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period as aware datetimes in the installation's time zone: [start, end + 1 day)."""
    zone = timezone.get_default_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def whole_years(period: Period) -> tuple[int, int] | None:
    """(first year, last year) when the period is whole calendar years, else None."""
    if (period.start.month, period.start.day) == (1, 1) and (period.end.month, period.end.day) == (
        12,
        31,
    ):
        return period.start.year, period.end.year
    return None


def _canonical(field: str) -> Case:
    """A person field read from the record the others were linked to (or the record itself)."""
    return Case(
        When(person__same_individual_as__isnull=True, then=F(f"person__{field}")),
        default=F(f"person__same_individual_as__{field}"),
        output_field=CharField(),
    )


def _sex() -> Case:
    whens = [
        When(canonical_gender=gender, then=Value(group)) for gender, group in GENDER_TO_SEX.items()
    ]
    return Case(*whens, default=Value(NOT_RECORDED), output_field=CharField())


def _age() -> Case:
    return Case(
        When(canonical_age_band__in=CHILD_BANDS, then=Value("child")),
        When(canonical_age_band__in=ADULT_BANDS, then=Value("adult")),
        default=Value(NOT_RECORDED),
        output_field=CharField(),
    )


def principal_citizenship() -> Coalesce:
    """The person's citizenship for statistics: of several, the reporting country's first, then
    an EU country's, then any other; the first recorded among equals. '' when none is known."""
    rank = Case(
        When(country=own_country(), then=Value(0)),
        When(country__in=sorted(EU_MEMBER_STATES), then=Value(1)),
        default=Value(2),
    )
    first = (
        PersonCitizenship.objects.filter(person_id=OuterRef(KEY))
        .exclude(country__in=["", countries.UNKNOWN])
        .annotate(rank=rank)
        .order_by("rank", "pk")
        .values("country")[:1]
    )
    return Coalesce(Subquery(first), Value(""), output_field=CharField())


def with_person(queryset: QuerySet[CasePerson], *, citizenship: bool = False) -> QuerySet[Any]:
    """Annotate records with the person key, sex and age group (and citizenship if asked)."""
    annotated = queryset.annotate(
        person_key=Coalesce(F("person__same_individual_as_id"), F("person_id")),
        canonical_gender=_canonical("gender"),
        canonical_age_band=_canonical("age_band"),
    ).annotate(sex=_sex(), age=_age())
    if citizenship:
        annotated = annotated.annotate(citizenship=principal_citizenship())
    return annotated


def with_status_at(queryset: QuerySet[Any], moment: dt.datetime) -> QuerySet[Any]:
    """Annotate ``status_at_end``: the record's trafficking status just before ``moment``, from its
    history; a record without any history has its current status."""
    changes = TraffickingStatusChange.objects.filter(case_person=OuterRef("pk"))
    latest = changes.filter(changed_at__lt=moment).order_by("-changed_at", "-pk").values("status")
    annotated: QuerySet[Any] = queryset.annotate(has_history=Exists(changes)).annotate(
        status_at_end=Case(
            When(has_history=True, then=Coalesce(Subquery(latest[:1]), Value(""))),
            default=F("trafficking_status"),
            output_field=CharField(),
        )
    )
    return annotated


@dataclass(frozen=True)
class Placement:
    """Conditions placing records in a period by their registration, and the notes it needs."""

    placed: Q
    not_placed: Q
    undated: Q


def placement(period: Period) -> Placement:
    """Which records a period holds by registration date (or, for whole years, year band)."""
    dated = Q(registered_on__gte=period.start, registered_on__lte=period.end)
    band_overlaps = Q(
        registered_on__isnull=True,
        band_from__lte=period.end.year,
        band_to__gte=period.start.year,
    )
    years = whole_years(period)
    if years is None:
        return Placement(
            placed=dated,
            not_placed=band_overlaps,
            undated=Q(registered_on__isnull=True, band_from__isnull=True),
        )
    inside = Q(registered_on__isnull=True, band_from__gte=years[0], band_to__lte=years[1])
    return Placement(
        placed=dated | inside,
        not_placed=band_overlaps & ~inside,
        undated=Q(registered_on__isnull=True, band_from__isnull=True),
    )


def with_band(queryset: QuerySet[CasePerson]) -> QuerySet[CasePerson]:
    """Annotate the registration year band; a band with one end recorded is that single year."""
    return queryset.annotate(
        band_from=Coalesce("registration_year_from", "registration_year_to"),
        band_to=Coalesce("registration_year_to", "registration_year_from"),
    )


def placement_notes(actor: Actor, rule: Placement) -> tuple[CountNote, ...]:
    """How many records the period could not place (year bands), and how many have no date."""
    unplaced = with_band(statistical_victim_records(actor).filter(registered_on__isnull=True))
    counts = unplaced.aggregate(
        not_placed=Count("pk", filter=rule.not_placed), undated=Count("pk", filter=rule.undated)
    )
    return (
        CountNote(NOT_PLACED_NOTE, counts["not_placed"]),
        CountNote(UNDATED_NOTE, counts["undated"]),
    )


@dataclass(frozen=True)
class Population:
    """Records to aggregate (annotated with ``person_key``, ``sex``, ``age`` ...) and the notes
    about records left out."""

    records: QuerySet[Any]
    notes: tuple[CountNote, ...]


def registered_victims(
    actor: Actor, period: Period, *, citizenship: bool = False, not_a_victim_note: bool = True
) -> Population:
    """Registered victims of the period: victim records registered in it whose status at the end
    of the period is identified, presumed or not recorded."""
    rule = placement(period)
    _start, end = day_bounds(period)
    placed = with_status_at(
        with_person(
            with_band(statistical_victim_records(actor)).filter(rule.placed),
            citizenship=citizenship,
        ),
        end,
    )
    notes = placement_notes(actor, rule)
    if not_a_victim_note:
        excluded = placed.filter(status_at_end=NOT_A_VICTIM).count()
        notes = (*notes, CountNote(NOT_A_VICTIM_NOTE, excluded))
    return Population(records=placed.exclude(status_at_end=NOT_A_VICTIM), notes=notes)


def group_counts(
    queryset: QuerySet[Any],
    dimensions: tuple[str, ...],
    *,
    by: dict[str, Any] | None = None,
    **aggregates: Any,
) -> list[dict[str, Any]]:
    """One aggregate row per combination of ``dimensions`` (annotation names) and ``by``
    (name: expression), computed in the database."""
    return list(queryset.values(*dimensions, **(by or {})).annotate(**aggregates).order_by())


def coded_by_sex_and_age(
    records: QuerySet[Any], field: str
) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """Persons by code of a multi-valued field and by sex-and-age group, in the database.

    Returns the figures by (code, group), with "not recorded" for persons with no code of the
    field, and the persons of each group. A person with several codes counts under each; a
    person is in exactly one group, so a code's figures add up across groups.
    """
    coded = records.annotate(item=FilteredRelation("codes", condition=Q(codes__field=field)))
    by_code = group_counts(
        coded.filter(item__code__isnull=False),
        ("sex", "age"),
        by={"code": F("item__code")},
        persons=persons(),
    )
    by_group = group_counts(
        coded, ("sex", "age"), persons=persons(), with_code=persons(Q(item__code__isnull=False))
    )
    figures: dict[tuple[str, str], int] = {}
    for group in by_code:
        key = (group["code"], sex_age_group(group["sex"], group["age"]))
        figures[key] = figures.get(key, 0) + group["persons"]
    group_persons: dict[str, int] = {}
    for group in by_group:
        column = sex_age_group(group["sex"], group["age"])
        group_persons[column] = group_persons.get(column, 0) + group["persons"]
        key = (NOT_RECORDED, column)
        figures[key] = figures.get(key, 0) + group["persons"] - group["with_code"]
    return figures, group_persons
