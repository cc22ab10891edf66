"""Fictional demo cases: about a dozen survivors' cases across the demo organisations.

Every name is invented. Each demo victim carries an identity number ``DEMO-Cnn`` so loading again
finds the cases already made (through the blind index) and adds nothing twice. Everything is written
through the real services, as the demo case workers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from waypoint.cases import services
from waypoint.common.fields import blind_index
from waypoint.people.models import Person
from waypoint.people.services import consent_record, person_create


@dataclass(frozen=True)
class DemoCase:
    key: str
    actor: str  # demo username who opens and works the case
    victim: dict[str, Any]
    days_ago: int
    exploitation: tuple[str, ...]
    industries: tuple[str, ...] = ()
    sex_types: tuple[str, ...] = ()
    control: tuple[str, ...] = ()
    recruitment: tuple[str, ...] = ()
    origin: str = ""
    status: str = "PossibleVictimOfTrafficking"
    decided_by: str = "NGO"
    plan: tuple[str, str] | None = None
    tasks: tuple[tuple[str, int], ...] = ()  # title, due in days (negative: overdue)
    note: str = ""
    perpetrator: dict[str, Any] | None = None
    close_reason: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _victim(first: str, second: str, gender: str, citizenship: str, born: int) -> dict[str, Any]:
    return {
        "first_name": first,
        "second_name": second,
        "gender": gender,
        "citizenship": [citizenship],
        "birthdate": dt.date(born, 3, 1),
    }


CASES: tuple[DemoCase, ...] = (
    DemoCase(
        "C01",
        "caseworker.welfare1",
        _victim("Marisol", "Quillfeather", "Feminine", "PH", 1994),
        days_ago=120,
        exploitation=("ForcedLabour",),
        industries=("T_ActivitiesOfHouseholdsAsEmployers",),
        control=("WithholdsDocuments", "RestrictsMovement", "ExcessiveWorkingHours"),
        recruitment=("ThroughAnOnlineAdvertisement",),
        origin="PH",
        plan=("Shelter", "Safe accommodation while the permit is decided"),
        tasks=(
            ("Ask the immigration office about the residence permit", -6),
            ("Review the plan", 20),
        ),
        note="Prefers to speak Tagalog; interpreter booked for every meeting.",
    ),
    DemoCase(
        "C02",
        "caseworker.welfare1",
        _victim("Tobias", "Brambleworth", "Masculine", "BD", 1990),
        days_ago=90,
        exploitation=("ForcedLabour",),
        industries=("F_Construction",),
        control=("DebtBondage", "TakesEarnings", "FalsePromises"),
        recruitment=("ThroughFriendsOrSocialEvents",),
        origin="BD",
        status="ActualVictimOfTrafficking",
        decided_by="Police",
        plan=("Legal", "Claim unpaid wages through the labour court"),
        tasks=(("Send the wage claim to the legal aid clinic", -2),),
        note="Worked on three building sites without pay; debt of recruitment fees.",
        perpetrator={"first_name": "Gideon", "second_name": "Hollowmere", "gender": "Masculine"},
    ),
    DemoCase(
        "C03",
        "caseworker.welfare1",
        _victim("Anouk", "Sallowby", "Feminine", "NG", 1999),
        days_ago=60,
        exploitation=("SexualExploitation",),
        sex_types=("Prostitution",),
        control=("PhysicalThreats", "ThreatensChildrenFamily", "PsychologicalAbuse"),
        recruitment=("ThroughOnlineSocialNetworks",),
        origin="NG",
        plan=("Psychological", "Weekly counselling"),
        tasks=(("Accompany to the health centre", 3),),
        note="Recovery and reflection period started.",
    ),
    DemoCase(
        "C04",
        "caseworker.welfare1",
        _victim("Rafael", "Tidewell", "Masculine", "EG", 1985),
        days_ago=200,
        exploitation=("ForcedLabour",),
        industries=("A_AgricultureForestryAndFishing",),
        control=("WithholdsNecessities", "WithholdsDocuments"),
        origin="EG",
        plan=("Employment", "Find lawful work in fishing"),
        close_reason="SupportCompleted",
        note="Found new work; case closed with his agreement.",
    ),
    DemoCase(
        "C05",
        "responder.ngo1",
        _victim("Imani", "Larkspurrow", "Feminine", "ER", 2001),
        days_ago=15,
        exploitation=("ForcedLabour",),
        industries=("I_AccommodationAndFoodServiceActivities",),
        control=("ExcessiveWorkingHours", "TakesEarnings"),
        origin="ER",
        note="Met during outreach near the hotel district.",
    ),
    DemoCase(
        "C06",
        "responder.ngo1",
        _victim("Dario", "Fennimarsh", "Masculine", "SN", 1997),
        days_ago=8,
        exploitation=("ForcedLabour", "ForcedCriminality"),
        industries=("I_AccommodationAndFoodServiceActivities",),
        control=("PhysicalThreats",),
        origin="SN",
        note="Made to sell stolen goods after kitchen shifts.",
    ),
    DemoCase(
        "C07",
        "caseworker.ngo1",
        _victim("Selin", "Otterbury", "Feminine", "UA", 1993),
        days_ago=45,
        exploitation=("SexualExploitation",),
        sex_types=("RemoteInteractiveServices", "Pornography"),
        control=("PsychologicalAbuse", "RestrictsFinancialAccess"),
        recruitment=("ThroughAnOnlineAdvertisement",),
        origin="UA",
        plan=("Health", "Trauma-informed health care"),
        tasks=(("Renew the medical appointment", -1),),
    ),
    DemoCase(
        "C08",
        "caseworker.ngo1",
        _victim("Kofi", "Ambleside-Wren", "Masculine", "GH", 1988),
        days_ago=30,
        exploitation=("ForcedLabour",),
        industries=("A_AgricultureForestryAndFishing",),
        control=("DebtBondage", "WithholdsDocuments"),
        origin="GH",
        plan=("Livelihood", "Skills course and savings plan"),
        tasks=(("Call the fishing cooperative about wages owed", 5),),
        perpetrator={"first_name": "Silas", "second_name": "Grimsworth", "gender": "Masculine"},
    ),
    DemoCase(
        "C09",
        "supervisor.ngo2",
        _victim("Amara", "Nettlefold", "Feminine", "VN", 2000),
        days_ago=25,
        exploitation=("ForcedLabour",),
        industries=("T_ActivitiesOfHouseholdsAsEmployers",),
        control=("RestrictsMovement", "WithholdsDocuments"),
        origin="VN",
        plan=("Shelter", "Place at a shelter closer to family"),
        tasks=(("Prepare the transfer file", -3),),
        note="Transfer to Social Welfare requested so she can be near her sister.",
        extra={"transfer_to": "welfare1"},
    ),
    DemoCase(
        "C10",
        "supervisor.ngo2",
        _victim("Yusuf", "Cobblestone", "Masculine", "PK", 1995),
        days_ago=75,
        exploitation=("ForcedLabour",),
        industries=("F_Construction",),
        control=("FalsePromises", "ExcessiveWorkingHours"),
        origin="PK",
        plan=("Legal", "Residence permit as a victim of trafficking"),
        tasks=(("Collect payslips as evidence", 10),),
    ),
    DemoCase(
        "C11",
        "supervisor.ngo2",
        _victim("Lina", "Marchbanks", "Feminine", "CO", 1998),
        days_ago=50,
        exploitation=("SexualExploitation",),
        sex_types=("Prostitution", "PrivateSexualServices"),
        control=("SexualAbuse", "PhysicalAbuse"),
        origin="CO",
        status="ActualVictimOfTrafficking",
        decided_by="Police",
        plan=("Psychological", "Counselling in Spanish"),
        tasks=(("Book a Spanish-speaking counsellor", -8),),
        perpetrator={"first_name": "Orrin", "second_name": "Blackthorne", "gender": "Masculine"},
    ),
    DemoCase(
        "C12",
        "caseworker.welfare2",
        _victim("Nadia", "Whitlowe", "Feminine", "MA", 2008),
        days_ago=20,
        exploitation=("ForcedLabour",),
        industries=("T_ActivitiesOfHouseholdsAsEmployers",),
        control=("RestrictsMovement",),
        origin="MA",
        plan=("SocialCare", "Guardian appointed; school enrolment"),
        tasks=(("Confirm the school place", 4),),
        note="A child: safeguarding referral made on the first day.",
    ),
)


def _existing(key: str) -> bool:
    index = blind_index(Person, "identity_number_index")
    return Person.objects.filter(identity_number_index__in=index.lookup(f"DEMO-{key}")).exists()


def _build(context: Any, spec: DemoCase) -> None:
    actor = context.actor(spec.actor)
    today = timezone.localdate()
    opened_on = today - dt.timedelta(days=spec.days_ago)
    victim = person_create(
        actor=actor, values={**spec.victim, "identity_number": f"DEMO-{spec.key}"}
    )
    persons = [(victim, "victim")]
    if spec.perpetrator:
        persons.append((person_create(actor=actor, values=spec.perpetrator), "perpetrator"))
    case = services.case_open(actor=actor, persons=persons, opened_on=opened_on)
    consent_record(actor=actor, person=victim, case=case, purpose="data_processing", is_given=True)
    link = case.case_persons.get(role="victim")
    codes: dict[str, list[str]] = {"vic_TypeOfExploitation": list(spec.exploitation)}
    if spec.industries:
        codes["vic_ForcedLabourIndustry"] = list(spec.industries)
    if spec.sex_types:
        codes["vic_TypeOfSexExploitation"] = list(spec.sex_types)
    if spec.control:
        codes["vic_MethodsOfControl"] = list(spec.control)
    if spec.recruitment:
        codes["vic_MethodOfRecruitment"] = list(spec.recruitment)
    services.victim_context_update(
        actor=actor,
        case_person=link,
        values={
            "trafficking_status": spec.status,
            "trafficking_status_decision_making_org": spec.decided_by,
            "country_of_recruitment": spec.origin,
            "country_of_exploitation": "MT",
        },
        codes=codes,
        expected_version=link.version,
    )
    if spec.perpetrator:
        perpetrator = case.case_persons.get(role="perpetrator")
        services.victim_context_update(
            actor=actor,
            case_person=perpetrator,
            values={},
            codes={"per_RoleInProcess": ["RecruiterOrIntermediary", "Exploiter"]},
            expected_version=perpetrator.version,
        )
    services.event_add(
        actor=actor,
        case=case,
        values={
            "event_type": "Recruitment",
            "country": spec.origin,
            "event_date": opened_on - dt.timedelta(days=300),
            "case_person": link,
        },
    )
    services.event_add(
        actor=actor,
        case=case,
        values={
            "event_type": "Exploitation",
            "country": "MT",
            "event_date": opened_on - dt.timedelta(days=200),
            "case_person": link,
        },
    )
    if spec.note:
        services.note_add(actor=actor, case=case, body=spec.note)
    _work(context, actor, case, spec, opened_on)


def _work(context: Any, actor: Any, case: Any, spec: DemoCase, opened_on: dt.date) -> None:
    from waypoint.access.roles import Perm

    today = timezone.localdate()
    if spec.plan and actor.can(Perm.SUPPORT_PLAN_EDIT):
        services.support_plan_save(
            actor=actor,
            case=case,
            values={
                "plan_type": spec.plan[0],
                "objectives": spec.plan[1],
                "planned_end_date": today + dt.timedelta(days=90),
            },
        )
    if actor.can(Perm.CASE_TASK_MANAGE):
        for title, due_in in spec.tasks:
            services.task_create(
                actor=actor,
                case=case,
                title=title,
                due_on=max(today + dt.timedelta(days=due_in), opened_on),
            )
    if spec.close_reason:
        case.refresh_from_db()
        services.case_close(
            actor=actor,
            case=case,
            closure_reason=spec.close_reason,
            expected_version=case.version,
        )
    target = spec.extra.get("transfer_to")
    if target:
        services.case_transfer_request(
            actor=actor,
            case=case,
            to_organisation=context.organisations[target],
            reason="The survivor asked to be supported near her family.",
        )


def load(context: Any) -> None:
    """Create the demo cases that are not there yet."""
    made = 0
    for spec in CASES:
        if _existing(spec.key):
            continue
        _build(context, spec)
        made += 1
    if made:
        context.log.append(f"{made} demo cases")
