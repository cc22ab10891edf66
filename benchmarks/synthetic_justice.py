"""Synthetic, fictional criminal cases for the benchmark, shaped like the enforcement models.

About one investigation per 20 victim records, each with its exploitation forms (some none), one
to four suspects (new persons, the same person record suspected again in another investigation,
or another agency's record linked with ``same_individual_as``), public officials with and without
a recorded agency (and suspects for whom it is not recorded), prosecutions with defendants,
charges, verdicts (some dated only to a year, some undated), first-instance sentences across the
TIP bands (suspended, fine only, none recorded), appeals (conviction overturned, sentence reduced
with a sentence on appeal) and prosecutions pending, concluded or discontinued; victims linked
as witnesses (cooperating or not, testified, protected, penalised, some links ended) and
restitution or compensation orders in two currencies, some for no named victim, some paid.
Nothing is dated after ``today``. Deterministic for a seed; no real person or case is in here.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from benchmarks.synthetic import SyntheticData, _Picker

JUSTICE_TABLES: Final = (
    "investigations",
    "investigation_forms",
    "suspects",
    "prosecutions",
    "defendants",
    "charges",
    "verdicts",
    "appeals",
    "sentences",
    "witnesses",
    "witness_measures",
    "orders",
    "payments",
)
JUSTICE_COLUMNS: Final = {
    "investigations": ("id", "reference", "investigating_agency_id", "opened_on"),
    "investigation_forms": ("id", "investigation_id", "code"),
    "suspects": (
        "id",
        "investigation_id",
        "person_id",
        "identified_on",
        "is_public_official",
        "official_agency_type",
    ),
    "prosecutions": (
        "id",
        "reference",
        "investigation_id",
        "prosecuting_organisation_id",
        "status",
        "filed_on",
        "concluded_on",
    ),
    "defendants": ("id", "prosecution_id", "suspect_id"),
    "charges": ("id", "defendant_id", "external_statute_code", "charged_on"),
    "verdicts": ("id", "charge_id", "outcome", "decided_on", "year"),
    "appeals": ("id", "defendant_id", "appellant", "outcome", "filed_on", "decided_on"),
    "sentences": (
        "id",
        "defendant_id",
        "appeal_id",
        "sentenced_on",
        "imprisonment_months",
        "is_suspended",
        "fine_amount",
        "fine_currency",
    ),
    "witnesses": (
        "id",
        "investigation_id",
        "witness_code",
        "case_person_id",
        "linked_for_id",
        "is_cooperating",
        "has_testified",
        "was_penalised",
        "created_at",
        "ended_at",
    ),
    "witness_measures": ("id", "participation_id", "code"),
    "orders": (
        "id",
        "defendant_id",
        "kind",
        "amount",
        "currency",
        "ordered_on",
        "year",
        "beneficiary_id",
    ),
    "payments": ("id", "order_id", "amount", "paid_on"),
}
RECORDS_PER_INVESTIGATION: Final = 20
AGENCIES: Final = ("police", "immigration", "labour_inspection", "judiciary", "other_government")
VERDICTS: Final = (("convicted", 45), ("plea", 15), ("acquitted", 25), ("dismissed", 15))
MEASURES: Final = ("video_testimony", "screen", "closed_hearing", "anonymity", "interpreter")
APPEALS: Final = (
    ("upheld", 40),
    ("conviction_overturned", 20),
    ("sentence_reduced", 15),
    ("pending", 25),
)


def _days(start: dt.date | None, low: int, high: int, rng: random.Random) -> dt.date | None:
    return None if start is None else start + dt.timedelta(days=rng.randrange(low, high))


def generate_justice(
    data: SyntheticData,
    rng: random.Random,
    *,
    records: int,
    today: dt.date,
    first_day: dt.date,
    pickers: dict[str, _Picker],
) -> None:
    """Add the criminal cases (and their suspects as persons) to ``data``."""
    organisations = data.organisations
    span = (today - first_day).days
    verdict_outcome = _weighted(rng, VERDICTS)
    appeal_outcome = _weighted(rng, APPEALS)
    known: list[int] = []  # person records of suspects so far
    for index in range(max(1, records // RECORDS_PER_INVESTIGATION)):
        organisation = rng.choice(organisations)
        opened = None if rng.random() < 0.03 else first_day + dt.timedelta(days=rng.randrange(span))
        investigation = data.add(
            "investigations",
            reference=f"BI-{index:08d}",
            investigating_agency_id=organisation,
            opened_on=opened,
        )
        if rng.random() >= 0.08:
            for code in pickers["forms"].some(1 if rng.random() < 0.8 else 2):
                data.add("investigation_forms", investigation_id=investigation, code=code)
        suspects = []
        for person in _suspect_persons(data, rng, known, pickers, organisation):
            identified = None if rng.random() < 0.04 else _days(opened, 0, 60, rng)
            if identified is not None and identified > today:
                identified = today
            official = rng.random()
            is_official = True if official < 0.06 else (None if official < 0.2 else False)
            agency = (rng.choice(AGENCIES) if rng.random() < 0.8 else "") if is_official else ""
            suspects.append(
                data.add(
                    "suspects",
                    investigation_id=investigation,
                    person_id=person,
                    identified_on=identified,
                    is_public_official=is_official,
                    official_agency_type=agency,
                )
            )
        witnesses = _witnesses(data, rng, investigation=investigation, opened=opened, today=today)
        if rng.random() < 0.5:
            _prosecution(
                data,
                rng,
                index=index,
                investigation=investigation,
                opened=opened,
                suspects=suspects,
                witnesses=witnesses,
                today=today,
                outcomes=(verdict_outcome, appeal_outcome),
            )


def _flag(rng: random.Random, yes: float, no: float) -> bool | None:
    """True, False, or (the rest) not recorded."""
    roll = rng.random()
    return True if roll < yes else (False if roll < yes + no else None)


def _witnesses(
    data: SyntheticData,
    rng: random.Random,
    *,
    investigation: int,
    opened: dt.date | None,
    today: dt.date,
) -> list[int]:
    """Victims linked to the investigation as witnesses (victim records of any case: the same
    individual may be a witness in several investigations), some links since ended."""
    links = data.tables["case_persons"]["id"]
    chosen = {links[rng.randrange(len(links))] for _index in range(rng.choice((0, 1, 1, 2, 3)))}
    found = []
    for case_person in sorted(chosen):
        day = opened + dt.timedelta(days=rng.randrange(0, 90)) if opened else today
        linked = dt.datetime.combine(min(day, today), dt.time(), tzinfo=dt.UTC) + dt.timedelta(
            minutes=rng.randrange(24 * 60)
        )  # any time of day: the period is the local date
        ended = linked + dt.timedelta(days=rng.randrange(1, 200)) if rng.random() < 0.1 else None
        witness = data.add(
            "witnesses",
            investigation_id=investigation,
            witness_code=f"W{len(data.tables['witnesses']['id']):07d}",
            case_person_id=case_person,
            linked_for_id=rng.choice(data.organisations),
            is_cooperating=_flag(rng, 0.6, 0.2),
            has_testified=_flag(rng, 0.3, 0.4),
            was_penalised=_flag(rng, 0.05, 0.7),
            created_at=linked,
            ended_at=ended,
        )
        if rng.random() < 0.3:
            for code in rng.sample(MEASURES, rng.choice((1, 1, 2))):
                data.add("witness_measures", participation_id=witness, code=code)
        found.append(witness)
    return found


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> Callable[[], str]:
    values = [value for value, _weight in choices]
    weights = [weight for _value, weight in choices]
    return lambda: rng.choices(values, weights=weights, k=1)[0]


def _suspect_persons(
    data: SyntheticData,
    rng: random.Random,
    known: list[int],
    pickers: dict[str, _Picker],
    organisation: int,
) -> list[int]:
    """One to four distinct person records suspected in one investigation."""
    from benchmarks.synthetic import AGE_BANDS, GENDERS, _Picker

    gender, age = _Picker(rng, GENDERS), _Picker(rng, AGE_BANDS)
    chosen: list[int] = []
    for _index in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
        roll = rng.random()
        if known and roll < 0.08:
            person = known[rng.randrange(len(known))]  # suspected again in another investigation
            if person in chosen:
                continue
        else:
            linked = known[rng.randrange(len(known))] if known and roll < 0.15 else None
            person = data.add(
                "persons",
                owner_organisation_id=organisation,
                gender=(gender() if rng.random() < 0.5 else "") if linked else gender(),
                age_band="" if linked else age(),
                same_individual_as_id=_canonical(data, linked),
            )
            if rng.random() < 0.9:
                data.add("citizenships", person_id=person, country=pickers["citizen"]() or "ZZ")
            known.append(person)
        chosen.append(person)
    return chosen


def _canonical(data: SyntheticData, person: int | None) -> int | None:
    """The record a person record is linked to (links never chain)."""
    if person is None:
        return None
    persons = data.tables["persons"]
    linked = persons["same_individual_as_id"][person - data.first_ids["persons"]]
    return linked or person


def _prosecution(
    data: SyntheticData,
    rng: random.Random,
    *,
    index: int,
    investigation: int,
    opened: dt.date | None,
    suspects: list[int],
    witnesses: list[int],
    today: dt.date,
    outcomes: tuple[Callable[[], str], Callable[[], str]],
) -> None:
    verdict_outcome, appeal_outcome = outcomes
    filed = None if rng.random() < 0.04 else _days(opened, 30, 400, rng)
    if filed is not None and filed > today:
        return
    roll = rng.random()
    concluded = _days(filed, 60, 700, rng) if roll < 0.75 else None
    if concluded is not None and concluded > today:
        concluded = None
    status = (
        ("discontinued" if roll < 0.1 else "concluded")
        if concluded is not None or roll < 0.03
        else rng.choice(("pre_trial", "trial", "judgment", "appeal"))
    )
    prosecution = data.add(
        "prosecutions",
        reference=f"BP-{index:08d}",
        investigation_id=investigation,
        prosecuting_organisation_id=rng.choice(data.organisations),
        status=status,
        filed_on=filed,
        concluded_on=concluded,
    )
    for suspect in suspects:
        if rng.random() >= 0.8:
            continue
        defendant = data.add("defendants", prosecution_id=prosecution, suspect_id=suspect)
        guilty_on: dt.date | None = None
        for _charge in range(rng.choice((1, 1, 2))):
            charged = None if rng.random() < 0.05 else _days(filed, 0, 30, rng)
            if charged is not None and charged > today:
                charged = today
            charge = data.add(
                "charges",
                defendant_id=defendant,
                external_statute_code="BENCH-248A",
                charged_on=charged,
            )
            if status != "concluded" and rng.random() < 0.9:
                continue
            outcome = verdict_outcome()
            decided = concluded or _days(filed, 60, 300, rng)
            if decided is not None and decided > today:
                decided = today
            year = None
            dating = rng.random()
            if decided is None or dating < 0.05:
                decided, year = None, (decided or opened or today).year
            elif dating < 0.07:
                decided = None  # neither a date nor a year
            data.add("verdicts", charge_id=charge, outcome=outcome, decided_on=decided, year=year)
            if outcome in ("convicted", "plea"):
                guilty_on = decided or guilty_on or concluded or today
        if guilty_on is not None:
            _sentences(data, rng, defendant=defendant, on=guilty_on, today=today)
            if rng.random() < 0.2:
                _appeal(
                    data,
                    rng,
                    defendant=defendant,
                    convicted=guilty_on,
                    today=today,
                    appeal_outcome=appeal_outcome,
                )
            if rng.random() < 0.3:
                _orders(
                    data, rng, defendant=defendant, on=guilty_on, witnesses=witnesses, today=today
                )


def _orders(
    data: SyntheticData,
    rng: random.Random,
    *,
    defendant: int,
    on: dt.date,
    witnesses: list[int],
    today: dt.date,
) -> None:
    """Restitution or compensation ordered against a convicted defendant, for a victim of the
    case or for nobody named, in euros or dollars, some paid in instalments."""
    for _index in range(rng.choice((1, 1, 2))):
        ordered = min(on + dt.timedelta(days=rng.randrange(0, 30)), today)
        year = None
        if rng.random() < 0.05:
            ordered, year = None, ordered.year  # imported: only the year
        order = data.add(
            "orders",
            defendant_id=defendant,
            kind=rng.choice(("restitution", "compensation")),
            amount=Decimal(rng.randrange(10_000, 5_000_000)) / 100,
            currency="EUR" if rng.random() < 0.8 else "USD",
            ordered_on=ordered,
            year=year,
            beneficiary_id=rng.choice(witnesses) if witnesses and rng.random() < 0.8 else None,
        )
        paid_on = ordered or on
        for _payment in range(rng.choice((0, 1, 1, 2))):
            paid_on = paid_on + dt.timedelta(days=rng.randrange(20, 300))
            if paid_on > today:
                break
            data.add(
                "payments",
                order_id=order,
                amount=Decimal(rng.randrange(1_000, 1_000_000)) / 100,
                paid_on=paid_on,
            )


def _sentence(rng: random.Random) -> dict[str, object]:
    roll = rng.random()
    months: int | None = rng.choice((3, 8, 11, 12, 14, 30, 47, 48, 60, 100, 119, 120, 180))
    suspended: bool | None = None if rng.random() < 0.5 else False
    fine = None
    if roll < 0.05:
        months = 0
    elif roll < 0.15:
        suspended = True
    elif roll < 0.2:
        months, fine = None, 1500
    elif roll < 0.28:
        months = None
    return {
        "imprisonment_months": months,
        "is_suspended": suspended,
        "fine_amount": fine,
        "fine_currency": "EUR" if fine is not None else "",
    }


def _sentences(
    data: SyntheticData, rng: random.Random, *, defendant: int, on: dt.date, today: dt.date
) -> None:
    if rng.random() < 0.12:
        return  # convicted, no sentence recorded
    for _sentence_index in range(2 if rng.random() < 0.05 else 1):
        data.add(
            "sentences",
            defendant_id=defendant,
            appeal_id=None,
            sentenced_on=min(on + dt.timedelta(days=rng.randrange(0, 40)), today),
            **_sentence(rng),
        )


def _appeal(
    data: SyntheticData,
    rng: random.Random,
    *,
    defendant: int,
    convicted: dt.date,
    today: dt.date,
    appeal_outcome: Callable[[], str],
) -> None:
    filed = convicted + dt.timedelta(days=rng.randrange(10, 40))
    if filed > today:
        return
    outcome = appeal_outcome()
    decided = None if outcome == "pending" else filed + dt.timedelta(days=rng.randrange(60, 400))
    if decided is not None and decided > today:
        outcome, decided = "pending", None
    appeal = data.add(
        "appeals",
        defendant_id=defendant,
        appellant="defence" if rng.random() < 0.8 else "prosecution",
        outcome=outcome,
        filed_on=filed,
        decided_on=decided,
    )
    if outcome == "sentence_reduced" and decided is not None:
        data.add(
            "sentences",
            defendant_id=defendant,
            appeal_id=appeal,
            sentenced_on=decided,
            **_sentence(rng),
        )
