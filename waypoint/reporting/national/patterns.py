"""Patterns and flows: routes from citizenship through transit to the country of exploitation, and
the sectors, recruitment methods and means of control recorded for registered victims.

All count the registered victims of the period (by registration date), like the Eurostat tables.
"""

from __future__ import annotations

from typing import Final

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from waypoint.cases.choices import EventType
from waypoint.cases.models import CasePersonCode
from waypoint.common import countries
from waypoint.reporting.disclosure import policy_from_settings
from waypoint.reporting.national.dimensions import (
    CONTROL_FIELD,
    FORMS_FIELD,
    LABOUR_FORMS,
    RECRUITMENT_FIELD,
    SECTORS_FIELD,
    country_label,
)
from waypoint.reporting.national.eurostat import coded_table
from waypoint.reporting.national.records import group_counts, persons, registered_victims
from waypoint.reporting.registry import TableRequest
from waypoint.reporting.tables import Cell, Header, StatTable, build_table

MAX_ROUTES: Final = 25
UNKNOWN_COUNTRIES: Final = ("", countries.UNKNOWN)
OTHER_ROUTES: Final = "other"
COLUMN: Final = "persons"


def _route_key(origin: str, transit: str, destination: str) -> str:
    return "-".join(part or "_" for part in (origin, transit, destination))


def _place(code: str) -> str:
    return country_label(code) if code else "Not recorded"


def flows(request: TableRequest) -> StatTable:
    """Persons by route: citizenship → transit country (where recorded) → country of
    exploitation. Routes with fewer persons than the disclosure threshold are added up in one
    row, "Other routes", so no route is named after one or two persons."""
    population = registered_victims(request.actor, request.period, citizenship=True)
    records = population.records.annotate(
        transit=FilteredRelation(
            "case__events",
            condition=Q(case__events__event_type=EventType.TRANSIT)
            & ~Q(case__events__country__in=UNKNOWN_COUNTRIES)
            & (Q(case__events__case_person__isnull=True) | Q(case__events__case_person=F("pk"))),
        ),
    ).annotate(
        via=Coalesce(F("transit__country"), Value(""), output_field=CharField()),
        destination=Case(
            When(country_of_exploitation__in=UNKNOWN_COUNTRIES, then=Value("")),
            default=F("country_of_exploitation"),
            output_field=CharField(),
        ),
    )
    routes = group_counts(records, ("citizenship", "via", "destination"), persons=persons())
    threshold = policy_from_settings().threshold
    ranked = sorted(
        (group for group in routes if group["persons"] >= threshold),
        key=lambda group: (
            -group["persons"],
            group["citizenship"],
            group["via"],
            group["destination"],
        ),
    )[:MAX_ROUTES]
    listed = {(group["citizenship"], group["via"], group["destination"]) for group in ranked}
    rows: list[Header] = []
    values = {}
    for group in ranked:
        origin, transit, destination = group["citizenship"], group["via"], group["destination"]
        key = _route_key(origin, transit, destination)
        parts = (_place(origin), country_label(transit) if transit else "", _place(destination))
        rows.append(Header(key, " → ".join(part for part in parts if part), parts))
        values[(key, COLUMN)] = Cell.count(group["persons"])
    unlisted = records
    for origin, transit, destination in listed:
        unlisted = unlisted.exclude(citizenship=origin, via=transit, destination=destination)
    others = unlisted.aggregate(n=persons())["n"] if len(listed) < len(routes) else 0
    rows.append(Header(OTHER_ROUTES, "Other routes", ("Other routes", "", "Other routes")))
    values[(OTHER_ROUTES, COLUMN)] = Cell.count(others)
    everyone = population.records.aggregate(n=persons())["n"]
    return build_table(
        table_id=request.spec.table_id,
        title=request.spec.title,
        period=request.period,
        rows=rows,
        columns=[Header(COLUMN, "Victims")],
        values=values,
        row_totals=False,
        column_totals={COLUMN: Cell.count(everyone)},
        grand_total=False,
        totals_additive=False,
        row_dimension="Route",
        column_dimension="Persons",
        definitions=request.spec.definitions,
        notes=(
            *request.spec.notes,
            f"Routes are named when at least {threshold} persons took them (at most "
            f"{MAX_ROUTES}); the others are added up in 'Other routes'.",
        ),
        count_notes=population.notes,
    )


def patterns_sectors(request: TableRequest) -> StatTable:
    """Victims of labour exploitation by sector (NACE section)."""
    population = registered_victims(request.actor, request.period)
    codes = CasePersonCode.objects.filter(case_person=OuterRef("pk"))
    workers = population.records.filter(
        Exists(codes.filter(field=FORMS_FIELD, code__in=LABOUR_FORMS))
        | Exists(codes.filter(field=SECTORS_FIELD))
    )
    return coded_table(
        request,
        workers,
        SECTORS_FIELD,
        count_notes=population.notes,
        row_dimension="Sector (NACE section)",
        unknown_label="Sector not recorded",
        notes=(
            "Counts victims of forced labour, child labour or servitude, and any victim with a "
            "sector recorded.",
        ),
    )


def patterns_recruitment(request: TableRequest) -> StatTable:
    population = registered_victims(request.actor, request.period)
    return coded_table(
        request,
        population.records,
        RECRUITMENT_FIELD,
        count_notes=population.notes,
        row_dimension="Method of recruitment",
        unknown_label="Method not recorded",
    )


def patterns_control(request: TableRequest) -> StatTable:
    population = registered_victims(request.actor, request.period)
    return coded_table(
        request,
        population.records,
        CONTROL_FIELD,
        count_notes=population.notes,
        row_dimension="Means of control",
        unknown_label="Means not recorded",
    )


__all__ = ["flows", "patterns_control", "patterns_recruitment", "patterns_sectors"]
