"""Who sees which case: every role, owning organisation and another organisation."""

import pytest

from waypoint.access.roles import Role
from waypoint.access.scopes.cases import Section, case_sections, visible_cases, visible_persons
from waypoint.cases.choices import GrantKind
from waypoint.cases.models import CaseAccessGrant
from waypoint.people.services import consent_record, consent_withdraw
from waypoint.testing.factories import actor_for, member, person_and_case

CASE_ROLES = {Role.CASE_WORKER, Role.CASE_SUPERVISOR}


@pytest.fixture
def world(org_a, org_b):
    worker = member(org_a, Role.CASE_WORKER)
    person, case = person_and_case(org_a, opener=worker)
    return {"worker": worker, "person": person, "case": case}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_owning_organisation_by_role(org_a, world, role):
    actor = actor_for(member(org_a, role), org_a)
    sees = visible_cases(actor).filter(pk=world["case"].pk).exists()
    assert sees == (role in CASE_ROLES)
    assert visible_persons(actor).filter(pk=world["person"].pk).exists() == (role in CASE_ROLES)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_other_organisation_sees_nothing_without_a_grant(org_b, world, role):
    actor = actor_for(member(org_b, role), org_b)
    assert not visible_cases(actor).exists()
    assert not visible_persons(actor).exists()


@pytest.mark.django_db
def test_first_responder_sees_only_own_cases(org_a):
    responder = member(org_a, Role.FIRST_RESPONDER)
    colleague = member(org_a, Role.FIRST_RESPONDER)
    _person, own = person_and_case(org_a, opener=responder)
    _other_person, theirs = person_and_case(org_a, opener=colleague)
    visible = set(visible_cases(actor_for(responder, org_a)).values_list("pk", flat=True))
    assert visible == {own.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "role", "expected"),
    [
        (
            GrantKind.NRM_REFERRAL,
            Role.DECISION_MAKER,
            {
                Section.SUMMARY,
                Section.PERSONS,
                Section.IDENTIFYING,
                Section.VICTIM_CONTEXT,
                Section.EVENTS,
                Section.DOCUMENTS,
                Section.CONSENT,
                Section.REFERRALS,
            },
        ),
        (
            GrantKind.SERVICE_REFERRAL,
            Role.SERVICE_PROVIDER,
            {Section.SUMMARY, Section.PERSONS, Section.IDENTIFYING, Section.REFERRALS},
        ),
        (GrantKind.JOINT_CASE, Role.CASE_WORKER, set(Section)),
    ],
)
def test_grants_open_need_to_know_sections(org_a, org_b, world, kind, role, expected):
    CaseAccessGrant.objects.create(case=world["case"], organisation=org_b, kind=kind)
    actor = actor_for(member(org_b, role), org_b)
    assert visible_cases(actor).filter(pk=world["case"].pk).exists()
    assert case_sections(actor, world["case"]) == frozenset(expected)


@pytest.mark.django_db
def test_a_grant_only_serves_the_role_it_is_for(org_a, org_b, world):
    CaseAccessGrant.objects.create(
        case=world["case"], organisation=org_b, kind=GrantKind.SERVICE_REFERRAL
    )
    for role in (Role.CASE_WORKER, Role.DECISION_MAKER, Role.FIRST_RESPONDER, Role.INVESTIGATOR):
        assert not visible_cases(actor_for(member(org_b, role), org_b)).exists()


@pytest.mark.django_db
def test_withdrawing_consent_ends_sharing_at_once(org_a, org_b, world):
    worker_actor = actor_for(world["worker"], org_a)
    consent = consent_record(
        actor=worker_actor,
        person=world["person"],
        purpose="sharing",
        is_given=True,
        shared_with=org_b,
        case=world["case"],
    )
    CaseAccessGrant.objects.create(
        case=world["case"], organisation=org_b, kind=GrantKind.SERVICE_REFERRAL, consent=consent
    )
    provider = actor_for(member(org_b, Role.SERVICE_PROVIDER), org_b)
    assert visible_cases(provider).count() == 1
    consent_withdraw(actor=worker_actor, record=consent, reason="changed mind")
    assert visible_cases(provider).count() == 0
    assert visible_persons(provider).count() == 0


@pytest.mark.django_db
def test_revoked_grant_shows_nothing(org_a, org_b, world):
    from django.utils import timezone

    CaseAccessGrant.objects.create(
        case=world["case"],
        organisation=org_b,
        kind=GrantKind.NRM_REFERRAL,
        revoked_at=timezone.now(),
    )
    assert not visible_cases(actor_for(member(org_b, Role.DECISION_MAKER), org_b)).exists()


@pytest.mark.django_db
def test_sender_of_a_transfer_stops_seeing_the_persons(org_a, org_b):
    from waypoint.cases import services

    supervisor_a = member(org_a, Role.CASE_SUPERVISOR)
    supervisor_b = member(org_b, Role.CASE_SUPERVISOR)
    person, case = person_and_case(org_a, opener=supervisor_a)
    transfer = services.case_transfer_request(
        actor=actor_for(supervisor_a, org_a), case=case, to_organisation=org_b, reason="moved"
    )
    services.case_transfer_accept(actor=actor_for(supervisor_b, org_b), transfer=transfer)
    assert not visible_persons(actor_for(supervisor_a, org_a)).filter(pk=person.pk).exists()
    assert visible_persons(actor_for(supervisor_b, org_b)).filter(pk=person.pk).exists()


@pytest.mark.django_db
def test_case_workers_of_a_police_force_never_see_its_suspects(org_a):
    import datetime as dt

    from waypoint.enforcement.services import investigation_open, suspect_add

    investigator = actor_for(member(org_a, Role.INVESTIGATOR), org_a)
    case_worker = actor_for(member(org_a, Role.CASE_WORKER), org_a)
    investigation = investigation_open(actor=investigator, opened_on=dt.date.today())
    suspect = suspect_add(
        actor=investigator,
        investigation=investigation,
        person_values={"first_name": "Suspected", "gender": "Masculine"},
    )
    assert suspect.person.owner_organisation == org_a
    assert not visible_persons(case_worker).filter(pk=suspect.person.pk).exists()
