"""Expected national tables computed in plain Python from the register's description (world.py).

This is an independent reading of the counting rules (docs/statistics.md), written without the
ORM: sets of individuals per cell. The tests compare every figure of the registered tables with it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from waypoint.reporting.periods import Period
from waypoint.reporting.tests.world import (
    INDIVIDUALS,
    REGISTRATIONS,
    A,
    N,
    P,
    Registration,
    at,
)

OWN = "MT"
EU = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}  # fmt: skip
ORG_TYPES = {"a": "NGO", "b": "CentralGovernmentOrganisation", "c": "LawEnforcement"}
FIELDS = {
    "vic_TypeOfExploitation": "forms",
    "vic_ForcedLabourIndustry": "sectors",
    "vic_MethodOfRecruitment": "recruitment",
    "vic_MethodsOfControl": "control",
}


def sex(key: str) -> str:
    gender = INDIVIDUALS[key].gender
    return {"Feminine": "female", "Masculine": "male"}.get(
        gender,
        "other"
        if gender in ("TransgenderFeminine", "TransgenderMasculine", "NonConforming")
        else "unknown",
    )


def age(key: str) -> str:
    band = INDIVIDUALS[key].age_band
    if band in ("0-8", "9-17", "child"):
        return "child"
    return "adult" if band else "unknown"


def sex_age(key: str) -> str:
    s, a = sex(key), age(key)
    if s == "other":
        return "other"
    if s == "unknown":
        return "sex_unknown"
    if a == "unknown":
        return "age_unknown"
    return {
        ("female", "adult"): "women",
        ("male", "adult"): "men",
        ("female", "child"): "girls",
        ("male", "child"): "boys",
    }[(s, a)]


def citizenship(key: str) -> str:
    known = [code for code in INDIVIDUALS[key].citizenship if code not in ("", "ZZ")]
    for wanted in ([OWN], sorted(EU)):
        for code in known:
            if code in wanted:
                return code
    return sorted(known)[0] if known else ""


def group_of(code: str) -> str:
    if not code:
        return "unknown"
    if code == OWN:
        return "own"
    return "eu" if code in EU else "non_eu"


def placed(registration: Registration, period: Period) -> bool:
    if registration.registered_on is not None:
        return period.start <= dt.date.fromisoformat(registration.registered_on) <= period.end
    whole = (period.start.month, period.start.day, period.end.month, period.end.day) == (
        1,
        1,
        12,
        31,
    )
    if registration.band is None or not whole:
        return False
    return period.start.year <= registration.band[0] and registration.band[1] <= period.end.year


def not_placed(period: Period) -> int:
    count = 0
    for registration in REGISTRATIONS:
        if registration.registered_on is None and registration.band is not None:
            first, last = registration.band
            overlaps = first <= period.end.year and last >= period.start.year
            if overlaps and not placed(registration, period):
                count += 1
    return count


def undated() -> int:
    return sum(1 for r in REGISTRATIONS if r.registered_on is None and r.band is None)


def status_at_end(registration: Registration, period: Period) -> str:
    if not registration.decisions:
        return registration.imported_status[0] if registration.imported_status else ""
    end = at((period.end + dt.timedelta(days=1)).isoformat(), 0)
    status = ""
    for decided, _body, day in registration.decisions:
        if at(day) < end:
            status = decided
    return status


def registered(period: Period) -> list[Registration]:
    return [r for r in REGISTRATIONS if placed(r, period) and status_at_end(r, period) != N]


def persons(registrations) -> set[str]:
    return {r.individual for r in registrations}


def e1(period: Period) -> dict:
    records = registered(period)
    cells, row_totals = {}, {}
    for org, org_type in ORG_TYPES.items():
        group = [r for r in records if r.organisation == org]
        identified = persons(r for r in group if status_at_end(r, period) == A)
        known = persons(r for r in group if status_at_end(r, period) in (A, P))
        everyone = persons(group)
        cells[(org_type, "identified")] = len(identified)
        cells[(org_type, "presumed")] = len(known - identified)
        cells[(org_type, "unknown")] = len(everyone - known)
        row_totals[org_type] = len(everyone)
    identified = persons(r for r in records if status_at_end(r, period) == A)
    known = persons(r for r in records if status_at_end(r, period) in (A, P))
    everyone = persons(records)
    return {
        "cells": cells,
        "row_totals": row_totals,
        "column_totals": {
            "identified": len(identified),
            "presumed": len(known - identified),
            "unknown": len(everyone - known),
        },
        "grand_total": len(everyone),
    }


def e2(period: Period) -> dict:
    cells: dict = defaultdict(int)
    for key in persons(registered(period)):
        cells[(sex(key), age(key))] += 1
    return {"cells": dict(cells), "grand_total": len(persons(registered(period)))}


def e3(period: Period, threshold: int) -> dict:
    by_country: dict = defaultdict(int)
    for key in persons(registered(period)):
        by_country[citizenship(key)] += 1
    listed = {c for c, n in by_country.items() if c and c != OWN and n >= threshold}
    cells: dict = defaultdict(int)
    for code, count in by_country.items():
        group = group_of(code)
        row = (
            code if code == OWN or code in listed else ("unknown" if not code else f"other_{group}")
        )
        cells[(row, group)] += count
    return {"cells": dict(cells), "listed": listed}


def coded(records, field: str) -> dict:
    """Persons by (code, sex-and-age group), 'unknown' for persons with no code."""
    codes: dict = defaultdict(set)
    for r in records:
        codes[r.individual] |= set(getattr(r, FIELDS[field]))
    cells: dict = defaultdict(int)
    columns: dict = defaultdict(int)
    for key, found in codes.items():
        column = sex_age(key)
        columns[column] += 1
        for code in found or {"unknown"}:
            cells[(code, column)] += 1
    return {"cells": dict(cells), "column_totals": dict(columns), "grand_total": len(codes)}


def e4(period: Period) -> dict:
    return coded(registered(period), "vic_TypeOfExploitation")


def sectors(period: Period) -> dict:
    labour = {"ForcedLabour", "ChildLabour", "Servitude"}
    records = [r for r in registered(period) if set(r.forms) & labour or r.sectors]
    return coded(records, "vic_ForcedLabourIndustry")


def decisions(period: Period) -> list[tuple[Registration, str, str]]:
    """(record, status decided, body) for each decision in the period, and for records without
    history, their imported status when registered in the period."""
    start = at(period.start.isoformat(), 0)
    end = at((period.end + dt.timedelta(days=1)).isoformat(), 0)
    found = []
    for r in REGISTRATIONS:
        if r.decisions:
            for status, body, day in r.decisions:
                if status in (A, P) and start <= at(day) < end:
                    found.append((r, status, body))
        elif r.imported_status and r.imported_status[0] in (A, P) and placed(r, period):
            found.append((r, r.imported_status[0], r.imported_status[1]))
    return found


def t5(period: Period, row_of) -> dict:
    """T5 with rows given by ``row_of(record, body) -> iterable of row keys``."""
    cells: dict = defaultdict(set)
    rows: dict = defaultdict(set)
    columns: dict = defaultdict(set)
    for r, status, body in decisions(period):
        column = "potential" if status == P else "confirmed"
        columns[column].add(r.individual)
        for row in row_of(r, body):
            cells[(row, column)].add(r.individual)
            rows[row].add(r.individual)
    return {
        "cells": {key: len(value) for key, value in cells.items()},
        "row_totals": {key: len(value) for key, value in rows.items()},
        "column_totals": {key: len(value) for key, value in columns.items()},
        "grand_total": len({r.individual for r, _s, _b in decisions(period)}),
    }


def routes(period: Period, threshold: int) -> dict:
    paths: dict = defaultdict(set)
    for r in registered(period):
        origin = citizenship(r.individual)
        transits = {c for c in (*r.transit, *r.case_transit) if c not in ("", "ZZ")} or {""}
        destination = "" if r.exploitation_country in ("", "ZZ") else r.exploitation_country
        for transit in transits:
            paths[(origin, transit, destination)].add(r.individual)
    listed = {route: keys for route, keys in paths.items() if len(keys) >= threshold}
    others = set().union(*[keys for route, keys in paths.items() if route not in listed])
    return {
        "listed": {route: len(keys) for route, keys in listed.items()},
        "others": len(others),
        "total": len(persons(registered(period))),
    }
