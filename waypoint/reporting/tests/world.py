"""A small, fictional national register built through the real services, described as plain data.

``WORLD`` describes individuals and their registrations; :func:`build` records them through the
people and cases services (persons, cases, victim context, events, status decisions, linking two
organisations' records as the same individual). ``reference.py`` computes the expected tables from
the same description in plain Python, sharing nothing with the table functions.

A decision's date is set after the service recorded it (``changed_at`` is "now" when a case worker
records it): the register describes decisions taken on past dates. Records imported without any
status history (as CTDC imports are) get their status written directly, like an importer does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.accounts.choices import OrganisationType
from waypoint.cases import services as cases
from waypoint.cases.choices import GrantKind
from waypoint.cases.models import CasePerson, TraffickingStatusChange
from waypoint.people.models import Person
from waypoint.people.services import person_create, person_mark_same_individual
from waypoint.testing.factories import OrganisationFactory, actor_for, member

P = "PossibleVictimOfTrafficking"
A = "ActualVictimOfTrafficking"
N = "NotAVictimOfTrafficking"


def at(day: str, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(
        dt.date.fromisoformat(day), dt.time(hour), tzinfo=timezone.get_default_timezone()
    )


@dataclass(frozen=True)
class Individual:
    key: str
    gender: str = ""
    age_band: str = ""
    citizenship: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registration:
    """One registration of an individual as a victim in a case of an organisation."""

    individual: str
    organisation: str  # "a" (NGO), "b" (central government), "c" (law enforcement)
    registered_on: str | None = None
    band: tuple[int, int] | None = None
    # (status, decision-making org, when) in order; empty: no history.
    decisions: tuple[tuple[str, str, str], ...] = ()
    # Status and body of a record imported without history.
    imported_status: tuple[str, str] | None = None
    forms: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    recruitment: tuple[str, ...] = ()
    control: tuple[str, ...] = ()
    exploitation_country: str = ""
    transit: tuple[str, ...] = ()
    # Transit countries recorded for the case without naming the person.
    case_transit: tuple[str, ...] = ()
    # Recorded by this organisation as a separate person, linked as the same individual, with
    # these (different) details.
    separate_person: Individual | None = None


INDIVIDUALS = {
    individual.key: individual
    for individual in (
        Individual("v1", "Feminine", "30-38", ("NG",)),
        Individual("v2", "Masculine", "21-23", ("NG",)),
        Individual("v3", "Feminine", "9-17", ("NG", "MT")),
        Individual("v4", "Feminine", "24-26", ("PH",)),
        Individual("v5", "Masculine", "48+", ("NA",)),
        Individual("v6"),
        Individual("v7", "NonConforming", "adult", ("UA",)),
        Individual("v8", "Feminine", "18-20", ("RO",)),
        Individual("v9", "Feminine", "adult", ("VN",)),
        Individual("v10", "Masculine", "9-17", ("ER",)),
        Individual("v11", "Feminine", "27-29", ("ER",)),
        Individual("v12", "Masculine", "9-17", ("SY",)),
        Individual("v13", "Masculine", "0-8", ("MT",)),
        Individual("v14", "Feminine", "39-47", ("NG",)),
        Individual("v15", "Feminine", "21-23", ("NG",)),
        Individual("v16", "TransgenderFeminine", "", ("ZZ",)),
    )
}

REGISTRATIONS = (
    Registration(
        "v1",
        "a",
        "2023-02-10",
        decisions=((P, "NGO", "2023-03-01"), (A, "Police", "2023-06-01")),
        forms=("SexualExploitation",),
        control=("DebtBondage", "WithholdsDocuments"),
        recruitment=("ThroughFriendsOrSocialEvents",),
        exploitation_country="MT",
        transit=("LY", "IT"),
    ),
    Registration(
        "v2",
        "b",
        "2023-04-05",
        decisions=((P, "NonPoliceGovernmentalOrganization", "2023-04-20"),),
        forms=("ForcedLabour",),
        sectors=("F_Construction",),
        recruitment=("AtWork",),
        exploitation_country="MT",
        case_transit=("LY",),
    ),
    Registration(
        "v3",
        "a",
        "2023-07-01",
        decisions=((P, "NGO", "2023-07-15"),),
        forms=("SexualExploitation", "ForcedCriminality"),
        exploitation_country="MT",
    ),
    Registration(
        "v4",
        "a",
        "2023-05-01",
        decisions=((P, "NGO", "2023-05-10"),),
        forms=("ForcedLabour",),
        sectors=("T_ActivitiesOfHouseholdsAsEmployers",),
        exploitation_country="MT",
    ),
    Registration(
        "v4",
        "b",
        "2023-09-01",
        decisions=((A, "Police", "2023-10-01"),),
        forms=("Servitude",),
        sectors=("T_ActivitiesOfHouseholdsAsEmployers",),
        exploitation_country="IT",
        separate_person=Individual("v4", "", "", ()),
    ),
    Registration(
        "v5",
        "c",
        "2023-03-03",
        decisions=((A, "Police", "2023-03-20"),),
        forms=("ForcedLabour",),
        sectors=("A_AgricultureForestryAndFishing",),
        control=("DebtBondage",),
        exploitation_country="MT",
    ),
    Registration("v6", "a", "2023-08-08"),
    Registration(
        "v7",
        "b",
        "2023-11-30",
        decisions=((P, "NGO", "2023-12-01"), (N, "Police", "2023-12-15")),
        forms=("ForcedLabour",),
        exploitation_country="MT",
    ),
    Registration(
        "v8",
        "a",
        "2023-01-15",
        decisions=((P, "NGO", "2023-01-20"),),
        forms=("SexualExploitation",),
        exploitation_country="MT",
    ),
    Registration(
        "v8",
        "a",
        "2023-12-20",
        decisions=((P, "NGO", "2024-01-05"),),
        forms=("ForcedBegging",),
        exploitation_country="MT",
    ),
    Registration(
        "v9",
        "c",
        band=(2023, 2023),
        imported_status=(A, "Police"),
        forms=("SexualExploitation",),
        exploitation_country="MT",
    ),
    Registration(
        "v10", "c", band=(2022, 2023), imported_status=(P, "Police"), forms=("ForcedLabour",)
    ),
    Registration(
        "v11",
        "a",
        "2022-12-31",
        decisions=((P, "NGO", "2023-04-02"),),
        forms=("SexualExploitation",),
        exploitation_country="MT",
    ),
    Registration(
        "v12",
        "b",
        "2024-02-01",
        decisions=((A, "CourtOrProsecution", "2024-02-10"),),
        forms=("ForcedLabour",),
        exploitation_country="MT",
    ),
    Registration(
        "v13",
        "a",
        "2023-05-05",
        imported_status=(P, "NGO"),
        forms=("ChildLabour",),
        exploitation_country="MT",
    ),
    Registration("v14", "c", None, forms=("SexualExploitation",)),
    Registration(
        "v15",
        "c",
        "2023-06-06",
        decisions=((P, "Police", "2023-06-07"),),
        forms=("SexualExploitation",),
        control=("PhysicalAbuse",),
        exploitation_country="MT",
        transit=("LY",),
    ),
    Registration(
        "v16",
        "b",
        "2023-10-10",
        decisions=((P, "", "2023-10-11"),),
        exploitation_country="ZZ",
    ),
)


@dataclass
class World:
    organisations: dict[str, object] = field(default_factory=dict)
    workers: dict[str, object] = field(default_factory=dict)
    persons: dict[tuple[str, str], Person] = field(default_factory=dict)
    links: list[CasePerson] = field(default_factory=list)


def _person(world: World, registration: Registration) -> Person:
    organisation = registration.organisation
    key = (registration.individual, organisation)
    if key in world.persons:
        return world.persons[key]
    individual = registration.separate_person or INDIVIDUALS[registration.individual]
    values = {
        "gender": individual.gender,
        "age_band": individual.age_band,
        "citizenship": list(individual.citizenship),
    }
    person = person_create(actor=world.workers[organisation], values=values)
    world.persons[key] = person
    return person


def _decide(world: World, link: CasePerson, registration: Registration) -> None:
    actor = world.workers[registration.organisation]
    for status, body, day in registration.decisions:
        link.refresh_from_db()
        cases.victim_context_update(
            actor=actor,
            case_person=link,
            values={
                "trafficking_status": status,
                "trafficking_status_decision_making_org": body or "Other",
            },
            codes={},
            expected_version=link.version,
        )
        latest = TraffickingStatusChange.objects.filter(case_person=link).latest("pk")
        TraffickingStatusChange.objects.filter(pk=latest.pk).update(
            changed_at=at(day), decision_making_org=body
        )


def build(organisations: dict[str, object] | None = None) -> World:
    """Record the register through the services; returns the organisations and records made."""
    world = World()
    given = organisations or {}
    kinds = {
        "a": OrganisationType.NGO,
        "b": OrganisationType.CENTRAL_GOVERNMENT,
        "c": OrganisationType.LAW_ENFORCEMENT,
    }
    for code, kind in kinds.items():
        organisation = given.get(code) or OrganisationFactory(
            name=f"Register organisation {code.upper()}", org_type=kind
        )
        world.organisations[code] = organisation
        world.workers[code] = actor_for(member(organisation, Role.CASE_WORKER), organisation)
    for registration in REGISTRATIONS:
        actor = world.workers[registration.organisation]
        person = _person(world, registration)
        persons = [(person, "victim")]
        opened_on = dt.date.fromisoformat(registration.registered_on or "2020-01-01")
        case = cases.case_open(actor=actor, persons=persons, opened_on=opened_on)
        link = case.case_persons.get(person=person, role="victim")
        codes = {
            "vic_TypeOfExploitation": registration.forms,
            "vic_ForcedLabourIndustry": registration.sectors,
            "vic_MethodOfRecruitment": registration.recruitment,
            "vic_MethodsOfControl": registration.control,
        }
        values: dict[str, object] = {"country_of_exploitation": registration.exploitation_country}
        if registration.registered_on is None:
            values["registered_on"] = None
        if registration.band is not None:
            values["registration_year_from"], values["registration_year_to"] = registration.band
        cases.victim_context_update(
            actor=actor,
            case_person=link,
            values=values,
            codes={name: list(found) for name, found in codes.items() if found},
            expected_version=link.version,
        )
        link.refresh_from_db()
        for country in registration.transit:
            cases.event_add(
                actor=actor,
                case=case,
                values={"event_type": "Transit", "country": country, "case_person": link},
            )
        for country in registration.case_transit:
            cases.event_add(
                actor=actor, case=case, values={"event_type": "Transit", "country": country}
            )
        _decide(world, link, registration)
        if registration.imported_status is not None:
            status, body = registration.imported_status
            CasePerson.objects.filter(pk=link.pk).update(
                trafficking_status=status, trafficking_status_decision_making_org=body
            )
        if registration.separate_person is not None:
            # The other organisation works the case jointly and finds its record is the same
            # individual as the one recorded first.
            first = next(
                org
                for (key, org) in world.persons
                if key == registration.individual and org != registration.organisation
            )
            first_person = world.persons[(registration.individual, first)]
            first_case = CasePerson.objects.filter(person=first_person).first().case
            cases.case_access_grant(
                actor=world.workers[first],
                case=first_case,
                organisation=world.organisations[registration.organisation],
                kind=GrantKind.JOINT_CASE,
            )
            person_mark_same_individual(actor=actor, person=person, same_as=first_person)
        world.links.append(link)
    return world
