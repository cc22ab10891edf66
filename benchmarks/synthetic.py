"""Synthetic victim records for benchmarks, independent of Waypoint's models.

Deterministic (seeded) rows shaped like what the statistics count: one row per *record* (an
organisation registering a person), with a pseudonymous person key shared by records of the same
person (about 6% of persons are recorded by two organisations), and a separate table of forms of
exploitation (a person can have several). Distributions are rough orders of magnitude from public
data (mostly adults, more women than men, labour then sexual exploitation); the citizenship list
includes ``NA`` (Namibia) on purpose. No real person is in here.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Final

SEXES: Final = (("F", 52), ("M", 44), ("X", 1), ("", 3))  # "" = not recorded
AGE_GROUPS: Final = (("adult", 74), ("child", 22), ("", 4))
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
    ("ID", 6),
    ("MM", 4),
    ("NA", 1),
    ("SO", 2),
    ("GH", 2),
    ("", 3),
)
EXPLOITATION_COUNTRIES: Final = (("MT", 70), ("IT", 8), ("LY", 6), ("MY", 10), ("", 6))
FORMS: Final = (
    ("labour", 45),
    ("sexual", 33),
    ("domestic", 7),
    ("criminality", 6),
    ("begging", 3),
    ("other", 6),
)
BODIES: Final = (
    ("police", 34),
    ("labour_inspectorate", 12),
    ("immigration", 14),
    ("social_welfare", 16),
    ("ngo", 20),
    ("international_organisation", 4),
)
STATUSES: Final = (("presumed", 60), ("identified", 40))
FIRST_DAY: Final = dt.date(2015, 1, 1)
DAYS: Final = 365 * 10


@dataclass(frozen=True)
class SyntheticData:
    """Column lists (fast to load anywhere): ``records`` and ``forms`` tables."""

    records: dict[str, list]
    forms: dict[str, list]

    @property
    def record_count(self) -> int:
        return len(self.records["record_id"])


RECORD_COLUMNS: Final = (
    "record_id",
    "person_key",
    "registered_on",
    "sex",
    "age_group",
    "citizenship",
    "exploitation_country",
    "registering_body",
    "status",
)
FORM_COLUMNS: Final = ("person_key", "form")


def _picker(rng: random.Random, choices: tuple[tuple[str, int], ...], size: int) -> list[str]:
    values = [value for value, _weight in choices]
    weights = [weight for _value, weight in choices]
    return rng.choices(values, weights=weights, k=size)


def generate(records: int, *, seed: int = 2026) -> SyntheticData:
    """``records`` records of about ``records / 1.06`` persons, and their forms."""
    rng = random.Random(seed)
    persons = max(1, round(records / 1.06))
    person_keys = list(range(1, persons + 1)) + [
        rng.randint(1, persons) for _ in range(records - persons)
    ]
    rng.shuffle(person_keys)
    # Person attributes are the person's, whichever organisation recorded them.
    sex = _picker(rng, SEXES, persons)
    age = _picker(rng, AGE_GROUPS, persons)
    citizenship = _picker(rng, CITIZENSHIPS, persons)
    country = _picker(rng, EXPLOITATION_COUNTRIES, persons)
    days = [rng.randrange(DAYS) for _ in range(records)]
    bodies = _picker(rng, BODIES, records)
    statuses = _picker(rng, STATUSES, records)
    data_records: dict[str, list] = {name: [] for name in RECORD_COLUMNS}
    for index, key in enumerate(person_keys):
        data_records["record_id"].append(index + 1)
        data_records["person_key"].append(key)
        data_records["registered_on"].append(FIRST_DAY + dt.timedelta(days=days[index]))
        data_records["sex"].append(sex[key - 1])
        data_records["age_group"].append(age[key - 1])
        data_records["citizenship"].append(citizenship[key - 1])
        data_records["exploitation_country"].append(country[key - 1])
        data_records["registering_body"].append(bodies[index])
        data_records["status"].append(statuses[index])
    data_forms: dict[str, list] = {"person_key": [], "form": []}
    form_values = [value for value, _weight in FORMS]
    form_weights = [weight for _value, weight in FORMS]
    for key in range(1, persons + 1):
        count = 1 if rng.random() < 0.85 else 2
        for form in set(rng.choices(form_values, weights=form_weights, k=count)):
            data_forms["person_key"].append(key)
            data_forms["form"].append(form)
    return SyntheticData(records=data_records, forms=data_forms)
