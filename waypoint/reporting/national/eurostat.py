"""Eurostat tables E1-E4: registered victims (identified + presumed) in a calendar year.

All four count the same persons (the registered victims of :func:`records.registered_victims`),
so their grand totals agree. E1 and E4 count a person under each registering organisation type
or form and once in the totals.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Final

from django.db.models import F, Q

from waypoint.accounts.models import Organisation
from waypoint.reporting.disclosure import policy_from_settings
from waypoint.reporting.national.dimensions import (
    AGE_GROUPS,
    CITIZENSHIP_GROUPS,
    CONFIRMED,
    FORMS_FIELD,
    NOT_RECORDED,
    POTENTIAL,
    REGISTERED_STATUSES,
    SEX_AGE_GROUPS,
    SEX_GROUPS,
    citizenship_group,
    code_headers,
    country_label,
    headers,
    organisation_type_headers,
    own_country,
)
from waypoint.reporting.national.records import (
    coded_by_sex_and_age,
    group_counts,
    persons,
    registered_victims,
)
from waypoint.reporting.registry import TableRequest
from waypoint.reporting.tables import Cell, CellKey, CountNote, Header, StatTable, build_table

MAX_LISTED_COUNTRIES: Final = 10
STATUS_NOTE: Final = (
    "Status as at the end of the period, from each record's status history; a record without any "
    "history counts with its current status."
)


def _status_counts() -> dict[str, Any]:
    """Identified, identified-or-presumed, and all registered persons: the statuses follow from
    their differences (a person identified on one record and presumed on another is identified)."""
    return {
        "identified": persons(Q(status_at_end=CONFIRMED)),
        "registered": persons(Q(status_at_end__in=[CONFIRMED, POTENTIAL])),
        "everyone": persons(),
    }


def _status_cells(counts: dict[str, Any]) -> dict[str, Cell]:
    return {
        "identified": Cell.count(counts["identified"]),
        "presumed": Cell.count(counts["registered"] - counts["identified"]),
        NOT_RECORDED: Cell.count(counts["everyone"] - counts["registered"]),
    }


def eurostat_e1(request: TableRequest) -> StatTable:
    """Registered victims by registering organisation type (rows) and status (columns)."""
    population = registered_victims(request.actor, request.period)
    records = population.records.annotate(org_type=F("case__owner_organisation__org_type"))
    groups = group_counts(records, ("org_type",), **_status_counts())
    overall = records.aggregate(**_status_counts())
    present = {group["org_type"] for group in groups} | set(
        Organisation.objects.values_list("org_type", flat=True).distinct()
    )
    rows = organisation_type_headers(present)
    values: dict[CellKey, Cell] = {}
    row_totals = {row.key: Cell.count(0) for row in rows}
    for group in groups:
        for status, cell in _status_cells(group).items():
            values[(group["org_type"], status)] = cell
        row_totals[group["org_type"]] = Cell.count(group["everyone"])
    column_totals = _status_cells(overall)
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=rows,
        columns=headers(REGISTERED_STATUSES),
        values=values,
        row_totals=row_totals,
        column_totals=column_totals,
        grand_total=Cell.count(overall["everyone"]),
        totals_additive=False,
        row_dimension="Registering organisation type",
        column_dimension="Status",
        definitions=request.spec.definitions,
        notes=(
            *request.spec.notes,
            STATUS_NOTE,
            "A person registered by organisations of several types counts under each type and "
            "once in the totals.",
        ),
        count_notes=population.notes,
    )


def eurostat_e2(request: TableRequest) -> StatTable:
    """Registered victims by sex (rows) and age group at registration (columns)."""
    population = registered_victims(request.actor, request.period)
    groups = group_counts(population.records, ("sex", "age"), persons=persons())
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=headers(SEX_GROUPS),
        columns=headers(AGE_GROUPS),
        values={(group["sex"], group["age"]): Cell.count(group["persons"]) for group in groups},
        row_dimension="Sex",
        column_dimension="Age group at registration",
        definitions=request.spec.definitions,
        notes=request.spec.notes,
        count_notes=population.notes,
    )


def listed_countries(counts: dict[str, int], *, exclude: set[str], limit: int) -> list[str]:
    """Countries shown by name: the largest, each with at least the disclosure threshold of
    persons (a row named after a country with one person would say too much by its label)."""
    threshold = policy_from_settings().threshold
    candidates = [
        (count, code)
        for code, count in counts.items()
        if code and code not in exclude and count >= threshold
    ]
    return [code for _count, code in sorted(candidates, key=lambda item: (-item[0], item[1]))][
        :limit
    ]


def eurostat_e3(request: TableRequest) -> StatTable:
    """Registered victims by citizenship: countries (rows) within their group (columns)."""
    population = registered_victims(request.actor, request.period, citizenship=True)
    groups = group_counts(population.records, ("citizenship",), persons=persons())
    by_country = {group["citizenship"]: group["persons"] for group in groups}
    own = own_country()
    listed = listed_countries(by_country, exclude={own}, limit=MAX_LISTED_COUNTRIES)
    rows = [Header(own, f"{country_label(own)} (own nationals)", ("own",))]
    rows += [
        Header(code, country_label(code), (citizenship_group(code),))
        for code in sorted(listed, key=lambda code: (citizenship_group(code), country_label(code)))
    ]
    rows += [
        Header("other_eu", "Other EU countries", ("eu",)),
        Header("other_non_eu", "Other non-EU countries", ("non_eu",)),
        Header(NOT_RECORDED, "Citizenship not recorded", (NOT_RECORDED,)),
    ]
    totals: dict[str, int] = defaultdict(int)
    for code, count in by_country.items():
        group = citizenship_group(code)
        if code == own or code in listed:
            key = code
        elif group == NOT_RECORDED:
            key = NOT_RECORDED
        else:
            key = f"other_{group}"
        totals[key] += count
    values = {(row.key, row.parts[0]): Cell.count(totals[row.key]) for row in rows}
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=rows,
        columns=headers(CITIZENSHIP_GROUPS),
        values=values,
        row_dimension="Citizenship",
        column_dimension="Citizenship group",
        definitions=request.spec.definitions,
        notes=(
            *request.spec.notes,
            f"Countries are named when at least {policy_from_settings().threshold} registered "
            f"victims hold their citizenship (at most {MAX_LISTED_COUNTRIES}); the others are "
            "added up in 'Other EU countries' and 'Other non-EU countries'.",
        ),
        count_notes=population.notes,
    )


def eurostat_e4(request: TableRequest) -> StatTable:
    """Registered victims by form of exploitation (rows) and sex and age group (columns)."""
    population = registered_victims(request.actor, request.period)
    return coded_table(
        request,
        population.records,
        FORMS_FIELD,
        count_notes=population.notes,
        row_dimension="Form of exploitation",
        unknown_label="Form not recorded",
    )


def coded_table(
    request: TableRequest,
    records: Any,
    field: str,
    *,
    count_notes: tuple[CountNote, ...],
    row_dimension: str,
    unknown_label: str,
    notes: tuple[str, ...] = (),
) -> StatTable:
    """Persons by the codes of a multi-valued field (rows) and sex and age group (columns)."""
    figures, group_persons = coded_by_sex_and_age(records, field)
    columns = headers(SEX_AGE_GROUPS)
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=code_headers(field, unknown_label=unknown_label),
        columns=columns,
        values={key: Cell.count(count) for key, count in figures.items()},
        column_totals={
            column.key: Cell.count(group_persons.get(column.key, 0)) for column in columns
        },
        grand_total=Cell.count(sum(group_persons.values())),
        totals_additive=False,
        row_dimension=row_dimension,
        column_dimension="Sex and age group",
        definitions=request.spec.definitions,
        notes=(*request.spec.notes, *notes),
        count_notes=count_notes,
    )


__all__ = [
    "coded_table",
    "eurostat_e1",
    "eurostat_e2",
    "eurostat_e3",
    "eurostat_e4",
    "listed_countries",
]
