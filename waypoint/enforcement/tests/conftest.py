"""Fixtures of criminal-case tests: two police forces, two prosecution services, a court, the
support organisations org_a and org_b, and people in each."""

from __future__ import annotations

import datetime as dt

import pytest

from waypoint.access.roles import Role
from waypoint.accounts.choices import OrganisationType
from waypoint.enforcement import services
from waypoint.enforcement.models import Statute
from waypoint.testing.factories import OrganisationFactory, actor_for, member

T = OrganisationType
DAY = dt.timedelta(days=1)


def seed_statutes() -> None:
    """The statutes the data migration seeds (again, after a test that flushed the database)."""
    from waypoint.access.actor import Actor

    services.statutes_ensure_seeded(actor=Actor.console("tests"))


@pytest.fixture(autouse=True)
def _seeded_statutes(db):
    seed_statutes()


@pytest.fixture
def police_a(db):
    return OrganisationFactory(name="Police A", org_type=T.LAW_ENFORCEMENT)


@pytest.fixture
def police_b(db):
    return OrganisationFactory(name="Police B", org_type=T.LAW_ENFORCEMENT)


@pytest.fixture
def prosecution_a(db):
    return OrganisationFactory(name="Prosecution A", org_type=T.PROSECUTION)


@pytest.fixture
def prosecution_b(db):
    return OrganisationFactory(name="Prosecution B", org_type=T.PROSECUTION)


@pytest.fixture
def court(db):
    return OrganisationFactory(name="Criminal Court", org_type=T.JUDICIARY)


@pytest.fixture
def investigator_a(police_a):
    return member(police_a, Role.INVESTIGATOR, username="inv-a")


@pytest.fixture
def investigator_b(police_b):
    return member(police_b, Role.INVESTIGATOR, username="inv-b")


@pytest.fixture
def prosecutor_a(prosecution_a):
    return member(prosecution_a, Role.PROSECUTOR, username="pros-a")


@pytest.fixture
def prosecutor_b(prosecution_b):
    return member(prosecution_b, Role.PROSECUTOR, username="pros-b")


@pytest.fixture
def inv_a(investigator_a, police_a):
    return actor_for(investigator_a, police_a)


@pytest.fixture
def inv_b(investigator_b, police_b):
    return actor_for(investigator_b, police_b)


@pytest.fixture
def pros_a(prosecutor_a, prosecution_a):
    return actor_for(prosecutor_a, prosecution_a)


@pytest.fixture
def pros_b(prosecutor_b, prosecution_b):
    return actor_for(prosecutor_b, prosecution_b)


@pytest.fixture
def statute_248a(db):
    return Statute.objects.get(country="MT", code="248A")


@pytest.fixture
def investigation(inv_a, statute_248a):
    """An open investigation of Police A into forced labour, with two suspects."""
    from django.utils import timezone

    today = timezone.localdate()
    investigation = services.investigation_open(
        actor=inv_a,
        opened_on=today - 200 * DAY,
        exploitation_forms=["ForcedLabour"],
        offences=[statute_248a],
        summary="Construction site labour exploitation.",
        external_reference="HCP/2026/001",
    )
    services.suspect_add(
        actor=inv_a,
        investigation=investigation,
        person_values={
            "first_name": "Victor",
            "second_name": "Suspectson",
            "gender": "Masculine",
            "age_band": "39-47",
            "citizenship": ["MT"],
        },
        roles=["Exploiter", "RecruiterOrIntermediary"],
        values={"identified_on": today - 190 * DAY, "arrested_on": today - 180 * DAY},
    )
    services.suspect_add(
        actor=inv_a,
        investigation=investigation,
        person_values={"first_name": "Olga", "second_name": "Officialova", "gender": "Feminine"},
        roles=["Other"],
        values={
            "identified_on": today - 185 * DAY,
            "is_public_official": True,
            "official_agency_type": "immigration",
        },
    )
    return investigation
