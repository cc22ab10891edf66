"""Synthetic, fictional victim records shaped like Waypoint's models, for benchmarks.

Deterministic (seeded) column lists, one dictionary per model table (``persons``, ``citizenships``,
``cases``, ``case_persons``, ``codes``, ``status_changes``, ``events``), with explicit ids so the
same rows can be loaded into the database and written to Parquet for the DuckDB baseline. The
records exercise every counting rule: about 6% of records are the same individual again (half in
another case of the same person record, half as a separate person record linked with
``same_individual_as`` by another agency, often with fewer details), several forms per person,
blanks for "not recorded", year bands instead of dates, records without status history, transit
events for the person or for the whole case, ``NA`` (Namibia) among the citizenships. Distributions
are rough orders of magnitude from public data; no real person is in here. The criminal cases
(investigations, suspects, prosecutions, verdicts, sentences, appeals) come from
``synthetic_justice``, about one investigation per 20 victim records; referrals to services,
support plans, permit tracks and NRM records from ``synthetic_support``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Final

from benchmarks.synthetic_justice import JUSTICE_COLUMNS, JUSTICE_TABLES, generate_justice
from benchmarks.synthetic_support import SUPPORT_COLUMNS, SUPPORT_TABLES, generate_support

GENDERS: Final = (
    ("Feminine", 52),
    ("Masculine", 42),
    ("TransgenderFeminine", 1),
    ("NonConforming", 1),
    ("NonSpecifiedUnknown", 1),
    ("", 3),
)
AGE_BANDS: Final = (
    ("0-8", 3),
    ("9-17", 17),
    ("18-20", 10),
    ("21-23", 11),
    ("24-26", 10),
    ("27-29", 9),
    ("30-38", 18),
    ("39-47", 9),
    ("48+", 4),
    ("child", 2),
    ("adult", 3),
    ("", 4),
)
CITIZENSHIPS: Final = (
    ("MT", 8),
    ("NG", 12),
    ("ER", 6),
    ("RO", 7),
    ("PH", 9),
    ("BD", 8),
    ("IN", 7),
    ("NP", 5),
    ("SY", 4),
    ("LY", 3),
    ("UA", 4),
    ("CN", 5),
    ("VN", 5),
    ("IT", 2),
    ("BG", 2),
    ("NA", 1),
    ("SO", 2),
    ("ZZ", 2),
    ("", 3),
)
EXPLOITATION_COUNTRIES: Final = (("MT", 70), ("IT", 8), ("LY", 6), ("MY", 9), ("", 6), ("ZZ", 1))
TRANSIT_COUNTRIES: Final = (("LY", 30), ("IT", 15), ("TR", 15), ("TN", 10), ("EG", 10), ("AE", 20))
FORMS: Final = (
    ("ForcedLabour", 40),
    ("SexualExploitation", 33),
    ("Servitude", 7),
    ("ForcedCriminality", 6),
    ("ForcedBegging", 3),
    ("ChildLabour", 3),
    ("ForcedMarriage", 2),
    ("Other", 3),
)
SECTORS: Final = (
    ("A_AgricultureForestryAndFishing", 20),
    ("C_Manufacturing", 10),
    ("F_Construction", 25),
    ("I_AccommodationAndFoodServiceActivities", 20),
    ("T_ActivitiesOfHouseholdsAsEmployers", 20),
    ("S_OtherServiceActivities", 5),
)
RECRUITMENT: Final = (
    ("ThroughFriendsOrSocialEvents", 30),
    ("ThroughFamilyOrFamilyEvents", 15),
    ("ThroughOnlineSocialNetworks", 25),
    ("AtWork", 15),
    ("ThroughAnOnlineAdvertisement", 10),
    ("Other", 5),
)
CONTROL: Final = (
    ("DebtBondage", 25),
    ("WithholdsDocuments", 25),
    ("PhysicalThreats", 15),
    ("FalsePromises", 20),
    ("PsychologicalAbuse", 10),
    ("RestrictsMovement", 5),
)
BODIES: Final = (
    ("Police", 45),
    ("NGO", 25),
    ("NonPoliceGovernmentalOrganization", 20),
    ("CourtOrProsecution", 5),
    ("Other", 3),
    ("", 2),
)
ORGANISATIONS: Final = (
    ("Benchmark shelter (NGO)", "NGO"),
    ("Benchmark police", "LawEnforcement"),
    ("Benchmark immigration service", "ImmigrationService"),
    ("Benchmark social welfare", "CentralGovernmentOrganisation"),
    ("Benchmark labour inspectorate", "LabourInspectorate"),
    ("Benchmark international organisation", "InternationalOrganisation"),
)
P: Final = "PossibleVictimOfTrafficking"
A: Final = "ActualVictimOfTrafficking"
N: Final = "NotAVictimOfTrafficking"
YEARS: Final = 10

VICTIM_TABLES: Final = (
    "persons",
    "citizenships",
    "cases",
    "case_persons",
    "codes",
    "status_changes",
    "events",
)
TABLES: Final = (*VICTIM_TABLES, *JUSTICE_TABLES, *SUPPORT_TABLES)


@dataclass
class SyntheticData:
    """Column lists per table; every table has an ``id`` column (explicit primary keys)."""

    organisations: list[int]
    tables: dict[str, dict[str, list]] = field(default_factory=dict)
    first_ids: dict[str, int] = field(default_factory=dict)

    @property
    def record_count(self) -> int:
        return len(self.tables["case_persons"]["id"])

    def add(self, table: str, **values: object) -> int:
        columns = self.tables[table]
        identifier = self.first_ids[table] + len(columns["id"])
        columns["id"].append(identifier)
        for name, value in values.items():
            columns[name].append(value)
        return identifier


COLUMNS: Final = {
    "persons": ("id", "owner_organisation_id", "gender", "age_band", "same_individual_as_id"),
    "citizenships": ("id", "person_id", "country"),
    "cases": ("id", "reference", "owner_organisation_id", "opened_on"),
    "case_persons": (
        "id",
        "case_id",
        "person_id",
        "role",
        "registered_on",
        "registration_year_from",
        "registration_year_to",
        "trafficking_status",
        "trafficking_status_decision_making_org",
        "country_of_exploitation",
    ),
    "codes": ("id", "case_person_id", "field", "code"),
    "status_changes": ("id", "case_person_id", "status", "decision_making_org", "changed_at"),
    "events": ("id", "case_id", "case_person_id", "event_type", "country"),
    **JUSTICE_COLUMNS,
    **SUPPORT_COLUMNS,
}


class _Picker:
    def __init__(self, rng: random.Random, choices: tuple[tuple[str, int], ...]) -> None:
        self.rng = rng
        self.values = [value for value, _weight in choices]
        self.cumulative: list[int] = []
        total = 0
        for _value, weight in choices:
            total += weight
            self.cumulative.append(total)

    def __call__(self) -> str:
        return self.rng.choices(self.values, cum_weights=self.cumulative, k=1)[0]

    def some(self, count: int) -> list[str]:
        return list(
            dict.fromkeys(self.rng.choices(self.values, cum_weights=self.cumulative, k=count))
        )


def generate(
    records: int,
    *,
    organisations: list[int],
    today: dt.date,
    first_ids: dict[str, int] | None = None,
    seed: int = 2026,
    profile: int = 1,
) -> SyntheticData:
    """``records`` victim records of about ``records / 1.06`` individuals, registered over the ten
    years up to ``today``, recorded by ``organisations`` (their ids); ``profile`` is the id of the
    NRM country profile the NRM records and tracks follow."""
    rng = random.Random(seed)
    data = SyntheticData(
        organisations=organisations,
        tables={table: {name: [] for name in COLUMNS[table]} for table in TABLES},
        first_ids={table: (first_ids or {}).get(table, 1) for table in TABLES},
    )
    gender, age, citizen = (
        _Picker(rng, GENDERS),
        _Picker(rng, AGE_BANDS),
        _Picker(rng, CITIZENSHIPS),
    )
    destination, transit = _Picker(rng, EXPLOITATION_COUNTRIES), _Picker(rng, TRANSIT_COUNTRIES)
    forms, sectors = _Picker(rng, FORMS), _Picker(rng, SECTORS)
    recruitment, control, body = (
        _Picker(rng, RECRUITMENT),
        _Picker(rng, CONTROL),
        _Picker(rng, BODIES),
    )
    pickers = {
        "destination": destination,
        "transit": transit,
        "forms": forms,
        "sectors": sectors,
        "recruitment": recruitment,
        "control": control,
        "body": body,
    }
    individuals = max(1, round(records / 1.06))
    first_day = today - dt.timedelta(days=365 * YEARS)
    span = (today - first_day).days
    # (person id, organisation) of each individual's first record.
    canonical: list[tuple[int, int]] = []
    for index in range(records):
        organisation = rng.choice(organisations)
        if index < individuals:
            person = data.add(
                "persons",
                owner_organisation_id=organisation,
                gender=gender(),
                age_band=age(),
                same_individual_as_id=None,
            )
            canonical.append((person, organisation))
            held = {citizen()} if rng.random() < 0.97 else {citizen(), citizen()}
            for country in sorted(held - {""}):
                data.add("citizenships", person_id=person, country=country)
        else:
            first, _first_org = canonical[rng.randrange(len(canonical))]
            if rng.random() < 0.5:
                person = first  # the same person record, in another case
            else:
                # Another agency recorded the same individual again, often with fewer details.
                person = data.add(
                    "persons",
                    owner_organisation_id=organisation,
                    gender=gender() if rng.random() < 0.5 else "",
                    age_band="",
                    same_individual_as_id=first,
                )
                if rng.random() < 0.5:
                    data.add("citizenships", person_id=person, country=citizen() or "ZZ")
        _record(
            data,
            rng,
            index=index,
            person=person,
            organisation=organisation,
            first_day=first_day,
            span=span,
            pickers=pickers,
        )
    # The criminal cases from a generator of their own: the victim records stay as they were.
    generate_justice(
        data,
        random.Random(seed + 1),
        records=records,
        today=today,
        first_day=first_day,
        pickers={"forms": _Picker(random.Random(seed + 2), FORMS), "citizen": citizen},
    )
    generate_support(data, random.Random(seed + 3), today=today, profile=profile)
    return data


def _record(
    data: SyntheticData,
    rng: random.Random,
    *,
    index: int,
    person: int,
    organisation: int,
    first_day: dt.date,
    span: int,
    pickers: dict[str, _Picker],
) -> None:
    registered = first_day + dt.timedelta(days=rng.randrange(span))
    case = data.add(
        "cases",
        reference=f"BENCH-{index:08d}",
        owner_organisation_id=organisation,
        opened_on=registered,
    )
    dated, band = registered, (None, None)
    roll = rng.random()
    if roll < 0.04:
        dated, band = None, (registered.year, registered.year)
    elif roll < 0.07:
        dated, band = None, (registered.year - 1, registered.year)
    elif roll < 0.075:
        dated = None
    history = rng.random()
    decisions: list[tuple[str, str, dt.datetime]] = []
    current, current_body = "", ""
    when = dt.datetime.combine(registered, dt.time(9), tzinfo=dt.UTC)
    if history < 0.70:
        first = when + dt.timedelta(days=rng.randrange(5, 60), minutes=rng.randrange(600))
        decisions.append((P, pickers["body"](), first))
        outcome = rng.random()
        if outcome < 0.45:
            decisions.append(
                (A, pickers["body"](), first + dt.timedelta(days=rng.randrange(30, 300)))
            )
        elif outcome < 0.50:
            decisions.append(
                (N, pickers["body"](), first + dt.timedelta(days=rng.randrange(30, 300)))
            )
        current, current_body = decisions[-1][0], decisions[-1][1] or "Other"
    elif history < 0.90:
        current = rng.choice((P, P, A, ""))
        current_body = pickers["body"]() if current else ""
    link = data.add(
        "case_persons",
        case_id=case,
        person_id=person,
        role="victim",
        registered_on=dated,
        registration_year_from=band[0],
        registration_year_to=band[1],
        trafficking_status=current,
        trafficking_status_decision_making_org=current_body,
        country_of_exploitation=pickers["destination"](),
    )
    for status, decided_by, moment in decisions:
        data.add(
            "status_changes",
            case_person_id=link,
            status=status,
            decision_making_org=decided_by,
            changed_at=moment,
        )
    found_forms = (
        [] if rng.random() < 0.06 else pickers["forms"].some(1 if rng.random() < 0.85 else 2)
    )
    for code in found_forms:
        data.add("codes", case_person_id=link, field="vic_TypeOfExploitation", code=code)
    if {"ForcedLabour", "Servitude", "ChildLabour"} & set(found_forms) and rng.random() < 0.8:
        data.add(
            "codes",
            case_person_id=link,
            field="vic_ForcedLabourIndustry",
            code=pickers["sectors"](),
        )
    if rng.random() < 0.7:
        data.add(
            "codes",
            case_person_id=link,
            field="vic_MethodOfRecruitment",
            code=pickers["recruitment"](),
        )
    if rng.random() < 0.75:
        for code in pickers["control"].some(rng.randrange(1, 4)):
            data.add("codes", case_person_id=link, field="vic_MethodsOfControl", code=code)
    if rng.random() < 0.12:
        named = rng.random() < 0.7
        for country in pickers["transit"].some(rng.randrange(1, 3)):
            data.add(
                "events",
                case_id=case,
                case_person_id=link if named else None,
                event_type="Transit",
                country=country,
            )
