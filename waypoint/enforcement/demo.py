"""Fictional criminal cases for the demo, built through the real services.

1. A forced-labour case of Harbour City Police (demo): two suspects, one of them an immigration
   officer (a complicit official), an organised-crime group, a victim linked as a witness by a case
   worker of the Department of Social Welfare (demo) with their consent, hand-over to the Office of the
   Prosecutor General (demo), conviction at trial and by plea, sentences, compensation ordered and
   partly paid, and a defence appeal that upheld the conviction.
2. A sexual-exploitation case of the same police force that ended in an acquittal.

Everything is invented (names end in "(demo)"). Loading again adds nothing: each case is found by
its agency file number.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from waypoint.access.actor import Actor
from waypoint.enforcement import selectors, services
from waypoint.enforcement.models import Investigation, Statute
from waypoint.operations.demo import DemoContext

INVESTIGATOR = "investigator.police1"
PROSECUTOR = "prosecutor.prosecution1"
CASE_WORKER = "caseworker.welfare1"
CONVICTION = "DEMO-HC-2025-014"
ACQUITTAL = "DEMO-HC-2025-022"
SUPPORT_CASE_IDENTITY = "DEMO-C02"  # the case demo's construction worker (waypoint/cases/demo.py)


def _days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def _exists(actor: Actor, file_number: str) -> bool:
    return selectors.criminal_case_list(
        actor=actor, filters=selectors.CriminalCaseFilter(search=file_number)
    ).exists()


def _statute(actor: Actor, code: str) -> Statute:
    return selectors.statute_list(actor=actor, country="MT").get(code=code)


def load(context: DemoContext) -> None:
    services.statutes_ensure_seeded(actor=Actor.console("load_demo"))
    investigator = context.actor(INVESTIGATOR)
    if not _exists(investigator, CONVICTION):
        _appealed_conviction(context)
        context.log.append(f"criminal case {CONVICTION}")
    if not _exists(investigator, ACQUITTAL):
        _acquittal(context)
        context.log.append(f"criminal case {ACQUITTAL}")


def _support_case(context: DemoContext):  # type: ignore[no-untyped-def]
    """The victim's support case: the case demo's construction worker (``DEMO-C02``) when the case
    demo is loaded, otherwise a case made here."""
    from waypoint.cases.selectors import CaseFilter, case_list
    from waypoint.cases.services import case_open, victim_context_update
    from waypoint.people.services import person_create

    worker = context.actor(CASE_WORKER)
    found = case_list(
        actor=worker, filters=CaseFilter(identity_number=SUPPORT_CASE_IDENTITY)
    ).first()
    if found is not None:
        victim = found.case_persons.filter(role="victim").select_related("person").first()
        if victim is not None:
            return worker, victim
    person = person_create(
        actor=worker,
        values={
            "first_name": "Maya",
            "second_name": "Example (demo)",
            "gender": "Feminine",
            "age_band": "27-29",
            "citizenship": ["PH"],
        },
    )
    case = case_open(
        actor=worker,
        persons=[(person, "victim")],
        opened_on=_days_ago(380),
        summary="Fictional demo case: worker referred by the police after a site inspection.",
    )
    victim = case.case_persons.get()
    victim_context_update(
        actor=worker,
        case_person=victim,
        values={"country_of_exploitation": "MT"},
        codes={"vic_TypeOfExploitation": ["ForcedLabour"]},
        expected_version=victim.version,
    )
    return worker, victim


def _witness(context: DemoContext, investigation: Investigation):  # type: ignore[no-untyped-def]
    """The case worker's side: the victim's consents and the witness link."""
    from waypoint.people.services import consent_record

    worker, victim = _support_case(context)
    police, prosecution = (
        consent_record(
            actor=worker,
            person=victim.person,
            case=victim.case,
            purpose="sharing",
            is_given=True,
            shared_with=context.organisations[key],
            language="en",
        )
        for key in ("police1", "prosecution1")
    )
    witness = services.witness_link_create(
        actor=worker,
        case_person=victim,
        investigation_reference=investigation.reference,
        consent=police,
        shared_facts=["gender", "nationality", "exploitation_type"],
    )
    return worker, witness, prosecution


def _appealed_conviction(context: DemoContext) -> None:
    investigator = context.actor(INVESTIGATOR)
    prosecutor = context.actor(PROSECUTOR)
    court = context.organisations["court1"]
    investigation = services.investigation_open(
        actor=investigator,
        opened_on=_days_ago(400),
        exploitation_forms=["ForcedLabour"],
        offences=[_statute(investigator, "248A")],
        summary=(
            "Fictional demo: construction workers recruited abroad on false contracts, passports "
            "withheld, wages unpaid."
        ),
        external_reference=CONVICTION,
    )
    employer = services.suspect_add(
        actor=investigator,
        investigation=investigation,
        person_values={
            "first_name": "Rocco",
            "second_name": "Example (demo)",
            "gender": "Masculine",
            "age_band": "39-47",
            "citizenship": ["MT"],
        },
        roles=["Exploiter", "RecruiterOrIntermediary"],
        values={
            "identified_on": _days_ago(395),
            "arrested_on": _days_ago(360),
            "is_public_official": False,
        },
    )
    official = services.suspect_add(
        actor=investigator,
        investigation=investigation,
        person_values={
            "first_name": "Lina",
            "second_name": "Example (demo)",
            "gender": "Feminine",
            "age_band": "30-38",
            "citizenship": ["MT"],
        },
        roles=["Other"],
        values={
            "identified_on": _days_ago(370),
            "arrested_on": _days_ago(360),
            "role_details": "Issued work permits without checks in exchange for payments (demo).",
            "is_public_official": True,
            "official_agency_type": "immigration",
        },
    )
    group = services.criminal_group_create(
        actor=investigator,
        name="Harbour labour ring (demo)",
        description="Fictional group recruiting construction workers abroad.",
    )
    for member in (employer, official):
        services.criminal_group_add_member(actor=investigator, group=group, suspect=member)
    worker, witness, consent_for_prosecution = _witness(context, investigation)
    services.witness_proceedings_update(
        actor=investigator,
        participation=witness,
        values={"is_cooperating": True, "has_testified": True, "was_penalised": False},
        protective_measures=["video_testimony", "interpreter", "support_person"],
        expected_version=witness.version,
    )
    services.investigation_hand_over(
        actor=investigator,
        investigation=investigation,
        organisation=context.organisations["prosecution1"],
        handed_on=_days_ago(350),
    )
    services.witness_share_add(actor=worker, participation=witness, consent=consent_for_prosecution)
    prosecution = services.prosecution_open(
        actor=prosecutor,
        investigation=investigation,
        filed_on=_days_ago(340),
        court=court,
        court_case_number="DEMO 101/2025",
    )
    defendants = []
    for suspect in (employer, official):
        defendant = services.defendant_add(
            actor=prosecutor, prosecution=prosecution, suspect=suspect
        )
        charge = services.charge_add(
            actor=prosecutor,
            defendant=defendant,
            statute=_statute(investigator, "248A"),
            charged_on=_days_ago(340),
            counts=3 if suspect == employer else 1,
        )
        defendants.append((defendant, charge))
    for hearing_type, days in (("first_appearance", 330), ("trial", 200), ("sentencing", 180)):
        hearing = services.hearing_schedule(
            actor=prosecutor,
            prosecution=prosecution,
            hearing_type=hearing_type,
            hearing_date=_days_ago(days),
        )
        services.hearing_record_outcome(actor=prosecutor, hearing=hearing, outcome="held")
    prosecution = services.prosecution_set_status(
        actor=prosecutor, prosecution=prosecution, status="trial", expected_version=None
    )
    (employer_defendant, employer_charge), (official_defendant, official_charge) = defendants
    services.verdict_record(
        actor=prosecutor, charge=employer_charge, outcome="convicted", decided_on=_days_ago(200)
    )
    services.verdict_record(
        actor=prosecutor, charge=official_charge, outcome="plea", decided_on=_days_ago(190)
    )
    services.sentence_record(
        actor=prosecutor,
        defendant=employer_defendant,
        sentenced_on=_days_ago(180),
        imprisonment_months=72,
        fine_amount=Decimal("10000"),
        fine_currency="EUR",
    )
    services.sentence_record(
        actor=prosecutor,
        defendant=official_defendant,
        sentenced_on=_days_ago(180),
        imprisonment_months=24,
        is_suspended=True,
        other_measures=["disqualification"],
    )
    prosecution = services.prosecution_set_status(
        actor=prosecutor, prosecution=prosecution, status="judgment", expected_version=None
    )
    order = services.compensation_order_add(
        actor=prosecutor,
        defendant=employer_defendant,
        kind="compensation",
        amount=Decimal("15000"),
        currency="EUR",
        ordered_on=_days_ago(180),
        beneficiary=witness,
    )
    services.compensation_payment_add(
        actor=prosecutor, order=order, amount=Decimal("5000"), paid_on=_days_ago(90)
    )
    appeal = services.appeal_file(
        actor=prosecutor,
        defendant=employer_defendant,
        appellant="defence",
        filed_on=_days_ago(170),
        court=court,
    )
    hearing = services.hearing_schedule(
        actor=prosecutor, prosecution=prosecution, hearing_type="appeal", hearing_date=_days_ago(60)
    )
    services.hearing_record_outcome(actor=prosecutor, hearing=hearing, outcome="held")
    services.appeal_decide(
        actor=prosecutor, appeal=appeal, outcome="upheld", decided_on=_days_ago(45)
    )
    services.prosecution_set_status(
        actor=prosecutor,
        prosecution=prosecution,
        status="concluded",
        concluded_on=_days_ago(45),
        expected_version=None,
    )


def _acquittal(context: DemoContext) -> None:
    investigator = context.actor(INVESTIGATOR)
    prosecutor = context.actor(PROSECUTOR)
    investigation = services.investigation_open(
        actor=investigator,
        opened_on=_days_ago(250),
        exploitation_forms=["SexualExploitation"],
        offences=[_statute(investigator, "248B")],
        summary="Fictional demo: online advertisements for a massage parlour.",
        external_reference=ACQUITTAL,
    )
    suspect = services.suspect_add(
        actor=investigator,
        investigation=investigation,
        person_values={
            "first_name": "Dario",
            "second_name": "Example (demo)",
            "gender": "Masculine",
            "age_band": "30-38",
            "citizenship": ["IT"],
        },
        roles=["Exploiter"],
        values={"identified_on": _days_ago(245), "is_public_official": False},
    )
    services.investigation_hand_over(
        actor=investigator,
        investigation=investigation,
        organisation=context.organisations["prosecution1"],
        handed_on=_days_ago(200),
    )
    services.investigation_close(
        actor=investigator,
        investigation=investigation,
        closure_reason="prosecution",
        closed_on=_days_ago(200),
        expected_version=None,
    )
    prosecution = services.prosecution_open(
        actor=prosecutor,
        investigation=investigation,
        filed_on=_days_ago(190),
        court=context.organisations["court1"],
        court_case_number="DEMO 233/2025",
    )
    defendant = services.defendant_add(actor=prosecutor, prosecution=prosecution, suspect=suspect)
    charge = services.charge_add(
        actor=prosecutor,
        defendant=defendant,
        statute=_statute(investigator, "248B"),
        charged_on=_days_ago(190),
    )
    hearing = services.hearing_schedule(
        actor=prosecutor, prosecution=prosecution, hearing_type="trial", hearing_date=_days_ago(60)
    )
    services.hearing_record_outcome(actor=prosecutor, hearing=hearing, outcome="held")
    prosecution = services.prosecution_set_status(
        actor=prosecutor, prosecution=prosecution, status="trial", expected_version=None
    )
    services.verdict_record(
        actor=prosecutor, charge=charge, outcome="acquitted", decided_on=_days_ago(60)
    )
    prosecution = services.prosecution_set_status(
        actor=prosecutor, prosecution=prosecution, status="judgment", expected_version=None
    )
    services.prosecution_set_status(
        actor=prosecutor,
        prosecution=prosecution,
        status="concluded",
        concluded_on=_days_ago(30),
        expected_version=None,
    )
