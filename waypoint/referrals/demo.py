"""Demo NRM records at every stage: fictional people, referred by the demo NGO and social welfare
department to the demo police competent authorities, some in demo shelters. One decision is overdue.

Runs after the services directory's demo (it uses the demo shelters). Everything goes through the
real services, with the clock set back where a record needs a history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from waypoint.cases.models import CasePerson
from waypoint.cases.services import case_open
from waypoint.directory.models import Service
from waypoint.directory.services import service_referral_create, service_referral_step
from waypoint.operations.demo import DemoContext
from waypoint.people.services import consent_record, person_create
from waypoint.referrals.models import NrmReferral
from waypoint.referrals.services import (
    StepInput,
    nrm_refer,
    nrm_referral_open,
    nrm_transition,
    timers_sweep,
    track_open,
    track_transition,
)

LEGAL_BASIS = "Criminal Code, art. 248A–248G (demo)"


def _ago(days: int) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour=10)))


def _victim(
    context: DemoContext, username: str, values: dict[str, Any], days_ago: int
) -> CasePerson:
    actor = context.actor(username)
    person = person_create(actor=actor, values=values)
    case = case_open(
        actor=actor,
        persons=[(person, "victim")],
        opened_on=timezone.localdate() - dt.timedelta(days=days_ago),
        summary="Fictional demo case.",
    )
    return case.case_persons.get()


def _consent(
    context: DemoContext,
    username: str,
    victim: CasePerson,
    purpose: str,
    *,
    shelter: Service | None = None,
    given: bool = True,
) -> None:
    consent_record(
        actor=context.actor(username),
        person=victim.person,
        purpose=purpose,
        is_given=given,
        case=victim.case,
        shared_with=shelter.organisation if shelter else None,
        language="en",
    )


def _decide(
    context: DemoContext,
    decider: str,
    referral: NrmReferral,
    name: str,
    *,
    days_ago: int,
    reason: str = "",
) -> NrmReferral:
    return nrm_transition(
        actor=context.actor(decider),
        referral=referral,
        name=name,
        step=StepInput(reason=reason, legal_basis=LEGAL_BASIS if reason else ""),
        now=_ago(days_ago),
    )


def _place(
    context: DemoContext,
    username: str,
    victim: CasePerson,
    shelter: Service,
    *,
    staff: str,
    days_ago: int,
    accept: bool = True,
    urgent: bool = True,
) -> None:
    _consent(context, username, victim, "sharing", shelter=shelter)
    referral = service_referral_create(
        actor=context.actor(username),
        service=shelter,
        case_person=victim,
        needs="Safe accommodation; fictional demo needs.",
        is_urgent=urgent,
        now=_ago(days_ago),
    )
    if accept:
        service_referral_step(
            actor=context.actor(staff), referral=referral, name="accept", now=_ago(days_ago)
        )


def load(context: DemoContext) -> None:
    ngo = context.organisations["ngo1"]
    if NrmReferral.objects.filter(referring_organisation=ngo).exists():
        return
    police1, police2 = context.organisations["police1"], context.organisations["police2"]
    women = Service.objects.get(name="Lighthouse safe house for women (demo)")
    men = Service.objects.get(name="Olive House for men (demo)")
    youth = Service.objects.get(name="Olive House youth flat (demo)")

    # 1. Presumed victim in the recovery and reflection period, placed in the women's shelter.
    first = _victim(
        context,
        "responder.ngo1",
        {
            "first_name": "Demo",
            "second_name": "Person One",
            "gender": "Feminine",
            "age_band": "24-26",
            "citizenship": ["NG"],
        },
        41,
    )
    _consent(context, "responder.ngo1", first, "referral")
    referral = nrm_refer(
        actor=context.actor("responder.ngo1"),
        case_person=first,
        competent_authority=police1,
        information="Fictional: recruited for hotel work, passport held, debt.",
        now=_ago(40),
    )
    _place(context, "responder.ngo1", first, women, staff="shelter.shelter1", days_ago=40)
    _decide(context, "decision.police1", referral, "receive", days_ago=39)
    _decide(
        context,
        "decision.police1",
        referral,
        "preliminary_positive",
        days_ago=37,
        reason="Fictional: consistent account, indicators of coercion.",
    )

    # 2. Waiting for a preliminary decision that is now overdue; a men's shelter bed asked for tonight.
    second = _victim(
        context,
        "responder.ngo1",
        {
            "first_name": "Demo",
            "second_name": "Person Two",
            "gender": "Masculine",
            "age_band": "30-38",
            "citizenship": ["BD"],
        },
        12,
    )
    _consent(context, "responder.ngo1", second, "referral")
    nrm_refer(
        actor=context.actor("responder.ngo1"),
        case_person=second,
        competent_authority=police2,
        information="Fictional: construction site, wages withheld.",
        now=_ago(12),
    )
    _place(
        context, "responder.ngo1", second, men, staff="shelter.shelter2", days_ago=0, accept=False
    )

    # 3. A child: referred without consent (country rule), guardian requested, youth flat pending.
    third = _victim(
        context,
        "caseworker.ngo1",
        {
            "first_name": "Demo",
            "second_name": "Person Three",
            "gender": "Masculine",
            "age_band": "9-17",
            "is_age_uncertain": True,
            "citizenship": ["ER"],
        },
        1,
    )
    nrm_refer(
        actor=context.actor("caseworker.ngo1"),
        case_person=third,
        competent_authority=police1,
        information="Fictional: unaccompanied child found working in a kitchen.",
        now=_ago(1),
    )
    track_open(
        actor=context.actor("caseworker.ngo1"), case_person=third, kind="guardianship", now=_ago(1)
    )
    _consent(context, "caseworker.ngo1", third, "sharing", shelter=youth)
    service_referral_create(
        actor=context.actor("caseworker.ngo1"),
        service=youth,
        case_person=third,
        needs="Place tonight; fictional.",
        is_urgent=True,
    )

    # 4. Identified victim in support with social welfare: residence permit granted, still sheltered.
    fourth = _victim(
        context,
        "caseworker.welfare1",
        {
            "first_name": "Demo",
            "second_name": "Person Four",
            "gender": "Feminine",
            "age_band": "30-38",
            "citizenship": ["PH"],
        },
        121,
    )
    _consent(context, "caseworker.welfare1", fourth, "referral")
    referral = nrm_refer(
        actor=context.actor("caseworker.welfare1"),
        case_person=fourth,
        competent_authority=police1,
        information="Fictional: domestic servitude in a private household.",
        now=_ago(120),
    )
    _place(context, "caseworker.welfare1", fourth, women, staff="shelter.shelter1", days_ago=118)
    _decide(context, "decision.police1", referral, "receive", days_ago=119)
    _decide(
        context,
        "decision.police1",
        referral,
        "preliminary_positive",
        days_ago=117,
        reason="Fictional: credible, corroborated by a neighbour.",
    )
    _decide(context, "decision.police1", referral, "begin_formal", days_ago=55)
    _decide(
        context,
        "decision.police1",
        referral,
        "formal_positive",
        days_ago=30,
        reason="Fictional: evidence of control and exploitation.",
    )
    nrm_transition(
        actor=context.actor("caseworker.welfare1"),
        referral=referral,
        name="begin_support",
        now=_ago(29),
    )
    permit = track_open(
        actor=context.actor("caseworker.welfare1"),
        case_person=fourth,
        kind="residence_permit",
        details="Fictional file RP-0001",
        now=_ago(28),
    )
    track_transition(
        actor=context.actor("caseworker.welfare1"),
        track=permit,
        name="grant",
        valid_until=timezone.localdate() + dt.timedelta(days=300),
        now=_ago(10),
    )

    # 5. An adult who declined to be referred: not referred, to be counted anonymously.
    fifth = _victim(
        context,
        "responder.ngo1",
        {
            "first_name": "Demo",
            "second_name": "Person Five",
            "gender": "Masculine",
            "age_band": "21-23",
            "citizenship": ["EG"],
        },
        5,
    )
    _consent(context, "responder.ngo1", fifth, "referral", given=False)
    declined = nrm_referral_open(
        actor=context.actor("responder.ngo1"), case_person=fifth, now=_ago(5)
    )
    nrm_transition(
        actor=context.actor("responder.ngo1"),
        referral=declined,
        name="not_refer",
        step=StepInput(
            reason="Adult declined; anonymous notification recorded from the screening."
        ),
        now=_ago(5),
    )

    # 6. Negative preliminary decision, reconsideration asked for by the NGO case worker.
    sixth = _victim(
        context,
        "caseworker.ngo1",
        {
            "first_name": "Demo",
            "second_name": "Person Six",
            "gender": "Feminine",
            "age_band": "18-20",
            "citizenship": ["NG"],
        },
        31,
    )
    _consent(context, "caseworker.ngo1", sixth, "referral")
    referral = nrm_refer(
        actor=context.actor("caseworker.ngo1"),
        case_person=sixth,
        competent_authority=police2,
        information="Fictional: recruited online for modelling work.",
        now=_ago(30),
    )
    _decide(context, "decision.police2", referral, "receive", days_ago=29)
    _decide(
        context,
        "decision.police2",
        referral,
        "preliminary_negative",
        days_ago=25,
        reason="Fictional: account not enough on its own.",
    )
    nrm_transition(
        actor=context.actor("caseworker.ngo1"),
        referral=referral,
        name="request_preliminary_reconsideration",
        step=StepInput(reason="Fictional: new messages from the recruiter found."),
        now=_ago(10),
    )

    # The deadline sweep the worker runs every quarter hour: reminders, and the overdue decision.
    timers_sweep(today=timezone.localdate())
    context.log.append("NRM demo records (6 people)")
