"""The breakdowns national tables share: sex, age group, sex and age, citizenship, status, body.

Each breakdown is a stable key (used in URLs, files and the benchmark's independent baseline) and a
label. Keys for "not recorded" are always present, so a blank is never merged with 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from django.conf import settings

from waypoint.accounts.choices import OrganisationType
from waypoint.cases.choices import (
    ForcedLabourIndustry,
    MethodOfRecruitment,
    MethodsOfControl,
    TraffickingStatus,
    TraffickingStatusDecisionMakingOrg,
    TypeOfExploitation,
)
from waypoint.common import countries
from waypoint.people.choices import CHILD_AGE_BANDS, AgeBand, Gender
from waypoint.reporting.tables import Header

NOT_RECORDED: Final = "unknown"

# prs_Gender grouped for statistics: HTCDS's own codes, with "not specified" kept as not recorded.
SEX_GROUPS: Final = (
    ("female", "Female"),
    ("male", "Male"),
    ("other", "Other gender identity"),
    (NOT_RECORDED, "Sex not recorded"),
)
GENDER_TO_SEX: Final[dict[str, str]] = {
    Gender.FEMININE: "female",
    Gender.MASCULINE: "male",
    Gender.TRANSGENDER_FEMININE: "other",
    Gender.TRANSGENDER_MASCULINE: "other",
    Gender.NON_CONFORMING: "other",
}
AGE_GROUPS: Final = (
    ("child", "Child (under 18)"),
    ("adult", "Adult (18 or over)"),
    (NOT_RECORDED, "Age not recorded"),
)
CHILD_BANDS: Final = tuple(str(band) for band in CHILD_AGE_BANDS)
ADULT_BANDS: Final = tuple(str(band) for band in AgeBand if band not in CHILD_AGE_BANDS)

# The TIP report's women, men, girls and boys, with what is not recorded kept apart.
SEX_AGE_GROUPS: Final = (
    ("women", "Women"),
    ("men", "Men"),
    ("girls", "Girls"),
    ("boys", "Boys"),
    ("age_unknown", "Female or male, age not recorded"),
    ("other", "Other gender identity"),
    ("sex_unknown", "Sex not recorded"),
)


def sex_age_group(sex: str, age: str) -> str:
    """The sex-and-age group of a (sex group, age group) pair."""
    if sex == "other":
        return "other"
    if sex not in ("female", "male"):
        return "sex_unknown"
    if age == "adult":
        return "women" if sex == "female" else "men"
    if age == "child":
        return "girls" if sex == "female" else "boys"
    return "age_unknown"


# Member states of the European Union (ISO 3166-1 alpha-2; Greece is GR, not Eurostat's EL).
EU_MEMBER_STATES: Final = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
)  # fmt: skip

CITIZENSHIP_GROUPS: Final = (
    ("own", "Nationals of the reporting country"),
    ("eu", "Citizens of another EU country"),
    ("non_eu", "Citizens of a non-EU country"),
    (NOT_RECORDED, "Citizenship not recorded"),
)


def own_country() -> str:
    return str(getattr(settings, "WAYPOINT_COUNTRY", "MT")).upper()


def citizenship_group(country: str) -> str:
    if not country or country == countries.UNKNOWN:
        return NOT_RECORDED
    if country == own_country():
        return "own"
    if country in EU_MEMBER_STATES:
        return "eu"
    return "non_eu"


def country_label(code: str) -> str:
    return countries.country_name(code)


POTENTIAL: Final = str(TraffickingStatus.POSSIBLE_VICTIM_OF_TRAFFICKING)
CONFIRMED: Final = str(TraffickingStatus.ACTUAL_VICTIM_OF_TRAFFICKING)
NOT_A_VICTIM: Final = str(TraffickingStatus.NOT_A_VICTIM_OF_TRAFFICKING)

REGISTERED_STATUSES: Final = (
    ("identified", "Identified victims"),
    ("presumed", "Presumed victims"),
    (NOT_RECORDED, "Status not recorded"),
)
DECISION_COLUMNS: Final = (
    ("potential", "Potential victims"),
    ("confirmed", "Confirmed victims"),
)

FORMS_FIELD: Final = "vic_TypeOfExploitation"
SECTORS_FIELD: Final = "vic_ForcedLabourIndustry"
RECRUITMENT_FIELD: Final = "vic_MethodOfRecruitment"
CONTROL_FIELD: Final = "vic_MethodsOfControl"
CODE_LISTS: Final = {
    FORMS_FIELD: TypeOfExploitation,
    SECTORS_FIELD: ForcedLabourIndustry,
    RECRUITMENT_FIELD: MethodOfRecruitment,
    CONTROL_FIELD: MethodsOfControl,
}
# Forms whose victims work in a sector: the population of the sectors table.
LABOUR_FORMS: Final = (
    str(TypeOfExploitation.FORCED_LABOUR),
    str(TypeOfExploitation.CHILD_LABOUR),
    str(TypeOfExploitation.SERVITUDE),
)


def code_headers(field: str, *, unknown_label: str = "Not recorded") -> list[Header]:
    """Every code of a multi-valued HTCDS field, in the code list's order, then "not recorded"."""
    choices = CODE_LISTS[field]
    return [
        *(Header(str(value), str(label)) for value, label in choices.choices),
        Header(NOT_RECORDED, unknown_label),
    ]


def body_headers() -> list[Header]:
    return [
        *(
            Header(str(value), str(label))
            for value, label in TraffickingStatusDecisionMakingOrg.choices
        ),
        Header(NOT_RECORDED, "Not recorded"),
    ]


def organisation_type_headers(present: Iterable[str]) -> list[Header]:
    """Organisation types, in the code list's order, that the installation has."""
    wanted = set(present)
    return [
        Header(str(value), str(label))
        for value, label in OrganisationType.choices
        if value in wanted
    ]


def headers(pairs: Iterable[tuple[str, str]]) -> list[Header]:
    return [Header(key, label) for key, label in pairs]
