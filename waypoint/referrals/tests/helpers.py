"""Builders for NRM tests: the country profile, the four organisations of a referral, a referred
person. Everything goes through the real services."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.models import Organisation, User
from waypoint.cases.models import Case, CasePerson
from waypoint.people.models import Person
from waypoint.people.services import consent_record
from waypoint.referrals import profiles
from waypoint.referrals.models import CountryProfile, NrmReferral
from waypoint.referrals.services import nrm_refer
from waypoint.testing.factories import OrganisationFactory, actor_for, member, person_and_case


def ensure_profile(country: str = "MT") -> CountryProfile:
    """The reference profile of ``country`` (tests that flush the database lose the migration's)."""
    existing = CountryProfile.objects.filter(country=country).order_by("-version").first()
    if existing is not None:
        return existing
    rules = profiles.from_reference(profiles.load_reference(), country)
    return CountryProfile.objects.create(
        country=country,
        version=1,
        effective_from=dt.date(2000, 1, 1),
        rules=rules.to_document(),
        source=f"reference:{country}",
    )


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A moment on ``day`` in the deployment's time zone (to move the clock in tests)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour=hour)))


@dataclass
class World:
    ngo: Organisation
    police: Organisation
    shelter: Organisation
    welfare: Organisation
    responder: User
    decider: User
    shelter_staff: User
    case_worker: User
    person: Person
    case: Case
    victim: CasePerson

    def actor(self, user: User, organisation: Organisation | None = None) -> Any:
        organisation = (
            organisation
            or {
                self.responder.pk: self.ngo,
                self.decider.pk: self.police,
                self.shelter_staff.pk: self.shelter,
                self.case_worker.pk: self.welfare,
            }[user.pk]
        )
        return actor_for(user, organisation)


def build_world(*, person_values: dict[str, Any] | None = None) -> World:
    """An NGO first responder who opened a case for a possible victim; a police competent
    authority; a shelter; a social welfare department."""
    ensure_profile("MT")
    ngo = OrganisationFactory(name="Harbour NGO", org_type=OrganisationType.NGO)
    police = OrganisationFactory(name="Harbour Police", org_type=OrganisationType.LAW_ENFORCEMENT)
    shelter = OrganisationFactory(name="Harbour Shelter", org_type=OrganisationType.SHELTER)
    welfare = OrganisationFactory(
        name="Social Welfare", org_type=OrganisationType.CENTRAL_GOVERNMENT
    )
    responder = member(ngo, Role.FIRST_RESPONDER)
    decider = member(police, Role.DECISION_MAKER)
    shelter_staff = member(shelter, Role.SERVICE_PROVIDER)
    case_worker = member(welfare, Role.CASE_WORKER)
    person, case = person_and_case(
        ngo,
        opener=responder,
        values=person_values
        or {
            "first_name": "Amal",
            "second_name": "Testcase",
            "gender": "Feminine",
            "age_band": "24-26",
            "citizenship": ["NG"],
        },
    )
    victim = case.case_persons.get()
    return World(
        ngo=ngo,
        police=police,
        shelter=shelter,
        welfare=welfare,
        responder=responder,
        decider=decider,
        shelter_staff=shelter_staff,
        case_worker=case_worker,
        person=person,
        case=case,
        victim=victim,
    )


def give_referral_consent(world: World, **extra: Any) -> Any:
    return consent_record(
        actor=world.actor(world.responder),
        person=world.person,
        purpose="referral",
        is_given=True,
        case=world.case,
        language="en",
        **extra,
    )


def refer(world: World, *, now: dt.datetime | None = None) -> NrmReferral:
    """Consent, then refer the person to the police as competent authority."""
    give_referral_consent(world)
    return nrm_refer(
        actor=world.actor(world.responder),
        case_person=world.victim,
        competent_authority=world.police,
        information="Worked 14 hours a day; passport held by the employer.",
        now=now,
    )


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run ``calls`` at the same moment in real threads; each returns its result or its exception.

    On PostgreSQL the calls really overlap and only the row locks keep them apart. SQLite has a
    single writer: its in-memory test database cannot even queue two writers (it answers "table
    is locked"), so there each call holds the writer lock for its whole transaction — exactly the
    serialisation a file database gives with ``BEGIN IMMEDIATE`` — and the same assertions hold.
    """
    serialised = connection.vendor == "sqlite"
    writer = threading.Lock()
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            if serialised:
                with writer:
                    results[index] = call()
            else:
                results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects every outcome
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
