"""TIP table T5, victims identified, with its breakdowns; and the overview of this period and the
last for the national coordinator's dashboard.

A person is **potential** in a period when one of their records changed to "possible victim of
trafficking" in it, and **confirmed** when one changed to "actual victim of trafficking" in it, by
the date of the change (``TraffickingStatusChange.changed_at``, written by the NRM decisions and by
case workers). A record with no status history at all counts by its current status and its
registration date instead, and the notes say how many did. A person with both kinds of decision in
the period counts in both columns and once in the totals.

T5 is published as four tables sharing these columns, one per breakdown (sex and age, nationality,
form, identifying body): one table mixing several breakdowns would let a reader subtract one
breakdown's published figures from another's to recover a withheld one.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Final

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from waypoint.access.actor import Actor
from waypoint.access.scopes.reporting import statistical_victim_records
from waypoint.cases.models import TraffickingStatusChange
from waypoint.reporting.national.dimensions import (
    CONFIRMED,
    DECISION_COLUMNS,
    FORMS_FIELD,
    NOT_RECORDED,
    POTENTIAL,
    SEX_AGE_GROUPS,
    body_headers,
    code_headers,
    country_label,
    headers,
    own_country,
    sex_age_group,
)
from waypoint.reporting.national.eurostat import listed_countries
from waypoint.reporting.national.records import (
    NOT_PLACED_NOTE,
    day_bounds,
    group_counts,
    persons,
    placement,
    registered_victims,
    with_band,
    with_person,
)
from waypoint.reporting.periods import Period
from waypoint.reporting.registry import TableRequest
from waypoint.reporting.tables import Cell, CellKey, CountNote, Header, StatTable, build_table

MAX_LISTED_COUNTRIES: Final = 10
FALLBACK_NOTE: Final = (
    "{count} records have no status history: they count by their current status and their "
    "registration date."
)
BOTH_NOTE: Final = (
    "A person with a preliminary and a formal decision in the same period counts in both columns "
    "and once in the totals."
)
DECIDED: Final = (POTENTIAL, CONFIRMED)


def identifications(
    actor: Actor, period: Period, *, citizenship: bool = False
) -> tuple[QuerySet[Any], tuple[CountNote, ...]]:
    """Victim records with a decision in the period, annotated ``decided`` (the status decided)
    and ``body`` (who decided), one row per decision; and the notes."""
    start, end = day_bounds(period)
    rule = placement(period)
    history = TraffickingStatusChange.objects.filter(case_person=OuterRef("pk"))
    records = with_person(
        with_band(statistical_victim_records(actor)), citizenship=citizenship
    ).annotate(
        decision=FilteredRelation(
            "status_changes",
            condition=Q(
                status_changes__changed_at__gte=start,
                status_changes__changed_at__lt=end,
                status_changes__status__in=DECIDED,
            ),
        ),
        has_history=Exists(history),
    )
    fallback = Q(has_history=False, trafficking_status__in=DECIDED) & rule.placed
    decided = records.annotate(
        decided=Case(
            When(decision__status__isnull=False, then=F("decision__status")),
            When(fallback, then=F("trafficking_status")),
            default=Value(""),
            output_field=CharField(),
        ),
        body=Case(
            When(decision__status__isnull=False, then=F("decision__decision_making_org")),
            When(fallback, then=F("trafficking_status_decision_making_org")),
            default=Value(""),
            output_field=CharField(),
        ),
    ).filter(decided__in=DECIDED)
    fallback_count = decided.filter(decision__status__isnull=True).values("pk").distinct().count()
    # Records that would count by their current status but carry only a band of years.
    unplaced = (
        with_band(statistical_victim_records(actor))
        .filter(registered_on__isnull=True, trafficking_status__in=DECIDED)
        .annotate(has_history=Exists(history))
        .filter(rule.not_placed, has_history=False)
        .count()
    )
    notes = (CountNote(FALLBACK_NOTE, fallback_count), CountNote(NOT_PLACED_NOTE, unplaced))
    return decided, notes


def _decision_counts() -> dict[str, Any]:
    return {
        "potential": persons(Q(decided=POTENTIAL)),
        "confirmed": persons(Q(decided=CONFIRMED)),
        "anyone": persons(),
    }


def _table(
    request: TableRequest,
    *,
    rows: list[Header],
    groups: dict[str, dict[str, int]],
    overall: dict[str, int],
    notes: tuple[CountNote, ...],
    row_dimension: str,
    extra_notes: tuple[str, ...] = (),
) -> StatTable:
    """A T5 table: rows of one breakdown, columns potential and confirmed."""
    values: dict[CellKey, Cell] = {}
    row_totals: dict[str, Cell] = {}
    for row in rows:
        counts = groups.get(row.key, {})
        for column, _label in DECISION_COLUMNS:
            values[(row.key, column)] = Cell.count(counts.get(column, 0))
        row_totals[row.key] = Cell.count(counts.get("anyone", 0))
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=rows,
        columns=headers(DECISION_COLUMNS),
        values=values,
        row_totals=row_totals,
        column_totals={
            "potential": Cell.count(overall["potential"]),
            "confirmed": Cell.count(overall["confirmed"]),
        },
        grand_total=Cell.count(overall["anyone"]),
        totals_additive=False,
        row_dimension=row_dimension,
        column_dimension="Decision in the period",
        definitions=request.spec.definitions,
        notes=(*request.spec.notes, BOTH_NOTE, *extra_notes),
        count_notes=notes,
    )


def _add(target: dict[str, dict[str, int]], key: str, group: dict[str, Any]) -> None:
    for name in ("potential", "confirmed", "anyone"):
        target[key][name] = target[key].get(name, 0) + int(group[name])


def tip_t5(request: TableRequest) -> StatTable:
    """Victims identified by sex and age group (women, men, girls, boys, not recorded)."""
    decided, notes = identifications(request.actor, request.period)
    groups: dict[str, dict[str, int]] = defaultdict(dict)
    for group in group_counts(decided, ("sex", "age"), **_decision_counts()):
        _add(groups, sex_age_group(group["sex"], group["age"]), group)
    return _table(
        request,
        rows=headers(SEX_AGE_GROUPS),
        groups=groups,
        overall=decided.aggregate(**_decision_counts()),
        notes=notes,
        row_dimension="Sex and age group",
        extra_notes=("Age group at registration.",),
    )


def tip_t5_nationality(request: TableRequest) -> StatTable:
    """Victims identified by nationality: own nationals, the main foreign countries, others."""
    decided, notes = identifications(request.actor, request.period, citizenship=True)
    by_country = group_counts(decided, ("citizenship",), **_decision_counts())
    own = own_country()
    listed = listed_countries(
        {group["citizenship"]: group["anyone"] for group in by_country},
        exclude={own},
        limit=MAX_LISTED_COUNTRIES,
    )
    groups: dict[str, dict[str, int]] = defaultdict(dict)
    for group in by_country:
        code = group["citizenship"]
        if code == own or code in listed:
            key = code
        elif not code:
            key = NOT_RECORDED
        else:
            key = "other"
        _add(groups, key, group)
    rows = [
        Header(own, f"{country_label(own)} (own nationals)"),
        *(Header(code, country_label(code)) for code in listed),
        Header("other", "Other foreign countries"),
        Header(NOT_RECORDED, "Nationality not recorded"),
    ]
    return _table(
        request,
        rows=rows,
        groups=groups,
        overall=decided.aggregate(**_decision_counts()),
        notes=notes,
        row_dimension="Nationality",
        extra_notes=(
            "A person with several citizenships counts under one: the reporting country's first, "
            "then an EU country's, then the first recorded.",
        ),
    )


def tip_t5_forms(request: TableRequest) -> StatTable:
    """Victims identified by form of exploitation (a person counts under each form recorded on
    the record that was decided)."""
    decided, notes = identifications(request.actor, request.period)
    with_forms = decided.annotate(
        form=FilteredRelation("codes", condition=Q(codes__field=FORMS_FIELD))
    )
    groups: dict[str, dict[str, int]] = defaultdict(dict)
    for group in group_counts(
        with_forms.filter(form__code__isnull=False),
        (),
        by={"code": F("form__code")},
        **_decision_counts(),
    ):
        _add(groups, group["code"], group)
    uncoded = with_forms.aggregate(
        **_decision_counts(),
        potential_coded=persons(Q(decided=POTENTIAL, form__code__isnull=False)),
        confirmed_coded=persons(Q(decided=CONFIRMED, form__code__isnull=False)),
        anyone_coded=persons(Q(form__code__isnull=False)),
    )
    groups[NOT_RECORDED] = {
        name: uncoded[name] - uncoded[f"{name}_coded"]
        for name in ("potential", "confirmed", "anyone")
    }
    return _table(
        request,
        rows=code_headers(FORMS_FIELD, unknown_label="Form not recorded"),
        groups=groups,
        overall=decided.aggregate(**_decision_counts()),
        notes=notes,
        row_dimension="Form of exploitation",
        extra_notes=(
            "A person exploited in several forms counts under each form and once in the totals.",
        ),
    )


def tip_t5_bodies(request: TableRequest) -> StatTable:
    """Victims identified by the kind of organisation that decided (police, NGO, court...)."""
    decided, notes = identifications(request.actor, request.period)
    groups: dict[str, dict[str, int]] = defaultdict(dict)
    for group in group_counts(decided, ("body",), **_decision_counts()):
        _add(groups, group["body"] or NOT_RECORDED, group)
    return _table(
        request,
        rows=body_headers(),
        groups=groups,
        overall=decided.aggregate(**_decision_counts()),
        notes=notes,
        row_dimension="Identifying body",
        extra_notes=(
            "A person decided on by bodies of several kinds in the period counts under each and "
            "once in the totals.",
        ),
    )


OVERVIEW_ROWS: Final = (
    ("registered", "Victims registered"),
    ("potential", "Potential victims (preliminary decisions)"),
    ("confirmed", "Confirmed victims (formal decisions)"),
)


def overview_victims(request: TableRequest) -> StatTable:
    """Registered, potential and confirmed victims in the period and the one before it."""
    periods = (request.period, request.period.previous())
    values: dict[CellKey, Cell] = {}
    notes: list[CountNote] = []
    for period in periods:
        population = registered_victims(request.actor, period, not_a_victim_note=False)
        decided, decision_notes = identifications(request.actor, period)
        counts = decided.aggregate(**_decision_counts())
        values[("registered", period.token)] = Cell.count(
            population.records.aggregate(n=persons())["n"]
        )
        values[("potential", period.token)] = Cell.count(counts["potential"])
        values[("confirmed", period.token)] = Cell.count(counts["confirmed"])
        if period is request.period:
            notes += [*population.notes, *decision_notes[:1]]
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=headers(OVERVIEW_ROWS),
        columns=[Header(period.token, period.label) for period in periods],
        values=values,
        row_totals=False,
        column_totals=False,
        grand_total=False,
        row_dimension="Victims",
        column_dimension="Period",
        definitions=request.spec.definitions,
        notes=request.spec.notes,
        count_notes=tuple(notes),
    )
