"""Who a service is for: sex, age and form of exploitation (a service that records none serves
everyone). Used to refuse referrals that the service cannot take and to filter the directory."""

from __future__ import annotations

from django.utils.translation import gettext as _

from waypoint.cases.models import CasePerson, CasePersonCode
from waypoint.directory.choices import ServiceCodeField
from waypoint.directory.models import Service
from waypoint.people.choices import AgeBand, Gender

# The ages an age band covers (inclusive).
AGE_BAND_RANGES: dict[str, tuple[int, int]] = {
    AgeBand.AGE_0_8: (0, 8),
    AgeBand.AGE_9_17: (9, 17),
    AgeBand.AGE_18_20: (18, 20),
    AgeBand.AGE_21_23: (21, 23),
    AgeBand.AGE_24_26: (24, 26),
    AgeBand.AGE_27_29: (27, 29),
    AgeBand.AGE_30_38: (30, 38),
    AgeBand.AGE_39_47: (39, 47),
    AgeBand.AGE_48_PLUS: (48, 120),
    AgeBand.CHILD_UNSPECIFIED: (0, 17),
    AgeBand.ADULT_UNSPECIFIED: (18, 120),
}
UNKNOWN_GENDERS = frozenset({"", Gender.NON_SPECIFIED_UNKNOWN})


def service_codes(service: Service, field: str) -> set[str]:
    return {code.code for code in service.codes.all() if code.field == field}


def eligibility_problems(service: Service, case_person: CasePerson) -> list[str]:
    """Plain-language reasons why ``service`` cannot take this person (empty: it can, or what is
    known does not rule it out). Unknown values never exclude anyone."""
    person = case_person.person
    problems: list[str] = []
    sexes = service_codes(service, ServiceCodeField.SEX)
    if sexes and person.gender not in UNKNOWN_GENDERS and person.gender not in sexes:
        problems.append(
            _("%(service)s serves only: %(sexes)s.")
            % {
                "service": service.name,
                "sexes": ", ".join(
                    sorted(str(Gender(code).label) for code in sexes if code in Gender.values)
                ),
            }
        )
    band = AGE_BAND_RANGES.get(person.age_band)
    if band is not None:
        low, high = band
        if service.min_age is not None and high < service.min_age:
            problems.append(
                _("%(service)s serves people aged %(age)s or older.")
                % {"service": service.name, "age": service.min_age}
            )
        if service.max_age is not None and low > service.max_age:
            problems.append(
                _("%(service)s serves people aged up to %(age)s.")
                % {"service": service.name, "age": service.max_age}
            )
    forms = service_codes(service, ServiceCodeField.EXPLOITATION_TYPE)
    if forms:
        person_forms = set(
            CasePersonCode.objects.filter(
                case_person=case_person, field="vic_TypeOfExploitation"
            ).values_list("code", flat=True)
        )
        if person_forms and not person_forms & forms:
            problems.append(
                _("%(service)s serves survivors of other forms of exploitation.")
                % {"service": service.name}
            )
    return problems
