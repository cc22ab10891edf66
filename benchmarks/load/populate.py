"""The load test's data: the statistics benchmark's synthetic victim records (``synthetic.py``,
written in bulk by ``loading.py``) made identifying with fictional names and dates of birth, the
people who use them, a few NRM referrals made through the real services, and the fixture file the
locust users read (accounts, API tokens, the ids of records each may open).

Everything here is fictional.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, Final

from benchmarks.loading import load, next_ids
from benchmarks.synthetic import ORGANISATIONS, generate

PASSWORD: Final = "Load-test-only-Pa55word"  # noqa: S105  fictional accounts of a throwaway database
USERS_PER_ROLE: Final = 4
# Who uses the application: case workers and first responders of the organisations holding the
# cases, and an analyst. (Decision makers and coordinators must pass two-factor authentication,
# which a load test cannot do without holding their second factor: their pages are left out.)
CASE_WORKERS: Final = ("load-caseworker", "Benchmark social welfare", "case_worker")
RESPONDERS: Final = ("load-responder", "Benchmark shelter (NGO)", "first_responder")
ANALYSTS: Final = ("load-analyst", "Benchmark social welfare", "analyst")
COMPETENT_AUTHORITY: Final = "Benchmark police"
# The competent authority needs a decision maker for referrals to reach it (never signed in here).
DECISION_MAKERS: Final = ("load-decision", COMPETENT_AUTHORITY, "decision_maker")
FIRST_NAMES: Final = ("Amara", "Lina", "Tesfay", "Rosa", "Nadia", "Joel", "Mira", "Sami", "Ivo")
SECOND_NAMES: Final = ("Quorbal", "Vendrix", "Talmore", "Oskiva", "Brennal", "Zuhrani", "Pellow")
SAMPLES_PER_ACCOUNT: Final = 200


@dataclass(frozen=True)
class Loaded:
    cases: int
    added: int
    referrals: int


def _identify(tables: dict[str, dict[str, list[Any]]], seed: int) -> None:
    """Give every person record fictional names and a date of birth (sealed by the model fields)
    with the blind index the services would compute, as records entered by case workers have."""
    from waypoint.common.fields import blind_index
    from waypoint.people.models import Person

    rng = random.Random(seed)  # noqa: S311  fictional data, not security
    persons = tables["persons"]
    index = blind_index(Person, "name_birthdate_index")
    firsts, seconds, births, indexes = [], [], [], []
    for number in range(len(persons["id"])):
        first = rng.choice(FIRST_NAMES)
        second = f"{rng.choice(SECOND_NAMES)}-{number}"
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 45))
        firsts.append(first)
        seconds.append(second)
        births.append(born)
        record = SimpleNamespace(first_name=first, second_name=second, birthdate=born)
        indexes.append(index.compute(record))  # type: ignore[arg-type]
    persons.update(
        first_name=firsts, second_name=seconds, birthdate=births, name_birthdate_index=indexes
    )


def ensure_accounts() -> None:
    from waypoint.accounts.models import Membership, Organisation, User

    for prefix, organisation_name, role in (CASE_WORKERS, RESPONDERS, ANALYSTS, DECISION_MAKERS):
        organisation = Organisation.objects.get(name=organisation_name)
        for number in range(1 if role == DECISION_MAKERS[2] else USERS_PER_ROLE):
            username = f"{prefix}{number}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, first_name="Load", last_name=f"Tester {number}")
                user.set_password(PASSWORD)
                user.save()
            Membership.objects.get_or_create(
                user=user, organisation=organisation, role=role, defaults={"is_active": True}
            )


def _refer(count: int) -> int:
    """NRM referrals of the case workers' victims to the police, through the real services."""
    from waypoint.accounts.models import Organisation, User
    from waypoint.cases.models import CasePerson
    from waypoint.people.services import consent_record
    from waypoint.referrals.models import NrmReferral
    from waypoint.referrals.services import nrm_refer
    from waypoint.testing.factories import actor_for

    welfare = Organisation.objects.get(name=CASE_WORKERS[1])
    police = Organisation.objects.get(name=COMPETENT_AUTHORITY)
    actor = actor_for(User.objects.get(username=f"{CASE_WORKERS[0]}0"), welfare)
    existing = NrmReferral.objects.filter(case__owner_organisation=welfare).count()
    victims = (
        CasePerson.objects.filter(case__owner_organisation=welfare, role="victim")
        .exclude(nrm_referrals__isnull=False)
        .select_related("case", "person")
        .order_by("pk")[: max(0, count - existing)]
    )
    for victim in victims:
        consent_record(
            actor=actor,
            person=victim.person,
            purpose="referral",
            is_given=True,
            case=victim.case,
            language="en",
        )
        nrm_refer(
            actor=actor,
            case_person=victim,
            competent_authority=police,
            information="Fictional load-test referral.",
        )
    return NrmReferral.objects.filter(case__owner_organisation=welfare).count()


def populate(total_cases: int, *, seed: int = 2026, log: Any = print) -> Loaded:
    """At least ``total_cases`` synthetic cases, the accounts and the referrals."""
    from django.db import connection
    from django.utils import timezone

    from waypoint.accounts.models import Organisation
    from waypoint.cases.models import Case

    organisations = [
        Organisation.objects.get_or_create(name=name, defaults={"org_type": kind})[0]
        for name, kind in ORGANISATIONS
    ]
    present = Case.objects.filter(reference__startswith="BENCH-").count()
    added = 0
    if present < total_cases:
        log(f"load: generating {total_cases:,} synthetic cases")
        data = generate(
            total_cases,
            organisations=[organisation.pk for organisation in organisations],
            today=timezone.localdate(),
            first_ids=next_ids(),
            seed=seed,
        )
        _identify(data.tables, seed)
        log(f"load: writing them into {connection.vendor}")
        load(data.tables, constants={})
        added = total_cases
    ensure_accounts()
    referrals = _refer(min(300, max(20, total_cases // 300)))
    return Loaded(cases=Case.objects.count(), added=added, referrals=referrals)


def fixtures(*, samples: int = SAMPLES_PER_ACCOUNT) -> dict[str, Any]:
    """What the locust users need: per role, each account's user name, an API token and the
    public ids of records it may open (cases and referrals of its organisation)."""
    from waypoint.access.actor import Actor
    from waypoint.accounts.models import Membership
    from waypoint.accounts.services import api_token_issue
    from waypoint.cases.models import Case
    from waypoint.referrals.models import NrmReferral

    accounts: dict[str, list[dict[str, Any]]] = {}
    memberships = Membership.objects.filter(user__username__startswith="load-").select_related(
        "user", "organisation"
    )
    for membership in memberships.order_by("user__username"):
        _token, raw = api_token_issue(
            actor=Actor.console("load test"), user=membership.user, name="load test"
        )
        organisation = membership.organisation
        cases = Case.objects.filter(owner_organisation=organisation).order_by("?")
        referrals = NrmReferral.objects.filter(case__owner_organisation=organisation)
        accounts.setdefault(membership.role, []).append(
            {
                "username": membership.user.username,
                "token": raw,
                "cases": [
                    str(value) for value in cases.values_list("public_id", flat=True)[:samples]
                ],
                "referrals": [
                    str(value) for value in referrals.values_list("public_id", flat=True)[:samples]
                ],
            }
        )
    return {"password": PASSWORD, "accounts": accounts}
