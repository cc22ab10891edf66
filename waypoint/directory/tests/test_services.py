"""The services directory: describing services, finding them, referring a person, places."""

import datetime as dt

import pytest

from waypoint.access.roles import Role
from waypoint.access.scopes.cases import Section, case_sections, visible_cases
from waypoint.access.scopes.directory import visible_service_referrals
from waypoint.audit.models import AuditEvent
from waypoint.cases.models import CaseAccessGrant
from waypoint.common.errors import ActionDenied, InvalidTransition, NotVisible, ValidationFailed
from waypoint.directory.choices import ServiceCodeField
from waypoint.directory.models import Service, ServiceReferral
from waypoint.directory.selectors import ServiceFilter, service_search
from waypoint.directory.services import (
    service_availability_set,
    service_create,
    service_referral_create,
    service_referral_step,
    service_update,
)
from waypoint.people.services import consent_record, consent_withdraw
from waypoint.referrals.choices import TimerKind, TrackState
from waypoint.referrals.models import Timer
from waypoint.referrals.tests.helpers import at, build_world
from waypoint.testing.factories import actor_for, member

MONDAY = dt.date(2026, 3, 2)


def shelter_service(world, beds=2, **values):
    return service_create(
        actor=world.actor(world.shelter_staff),
        values={
            "name": "Night shelter",
            "service_type": "Shelter",
            "area": "Valletta",
            "accepts_urgent": True,
            "is_open_all_hours": True,
            "capacity_total": beds,
            **values,
        },
        codes={ServiceCodeField.LANGUAGE: ["en", "ar"], ServiceCodeField.SEX: ["Feminine"]},
    )


def share_with(world, organisation):
    return consent_record(
        actor=world.actor(world.responder),
        person=world.person,
        purpose="sharing",
        shared_with=organisation,
        is_given=True,
        case=world.case,
        language="en",
    )


def refer_to(world, service, *, urgent=False, now=None):
    return service_referral_create(
        actor=world.actor(world.responder),
        service=service,
        case_person=world.victim,
        needs="A bed tonight; speaks Arabic.",
        is_urgent=urgent,
        now=now,
    )


@pytest.mark.django_db
def test_a_provider_describes_its_services_and_anyone_finds_them(org_a, org_b):
    world = build_world()
    shelter = shelter_service(world)
    assert shelter.capacity_available == 2
    reader = actor_for(member(org_b, Role.ANALYST), org_b)
    found = service_search(actor=reader, filters=ServiceFilter(language="ar", has_free_places=True))
    assert list(found) == [shelter]
    assert not service_search(actor=reader, filters=ServiceFilter(language="fr")).exists()
    assert not service_search(actor=reader, filters=ServiceFilter(sex="Masculine")).exists()
    assert list(service_search(actor=reader, filters=ServiceFilter(sex="Feminine", area="vall")))
    assert list(
        service_search(
            actor=reader, filters=ServiceFilter(service_type="Shelter", takes_urgent=True)
        )
    )


@pytest.mark.django_db
def test_only_the_providers_own_people_manage_its_services(org_b):
    world = build_world()
    shelter = shelter_service(world)
    outsider = actor_for(member(org_b, Role.ORG_ADMIN), org_b)
    with pytest.raises(NotVisible):
        service_update(
            actor=outsider,
            service=shelter,
            values={"name": "Taken"},
            expected_version=shelter.version,
        )
    responder = world.actor(world.responder)
    with pytest.raises(ActionDenied):
        service_create(actor=responder, values={"name": "X", "service_type": "Legal"})
    shelter.refresh_from_db()
    assert shelter.name == "Night shelter" and Service.objects.count() == 1


@pytest.mark.django_db
def test_service_validation_names_each_field():
    world = build_world()
    with pytest.raises(ValidationFailed) as refusal:
        service_create(
            actor=world.actor(world.shelter_staff),
            values={
                "name": "",
                "service_type": "Spa",
                "min_age": 30,
                "max_age": 18,
                "contact_email": "nope",
            },
            codes={ServiceCodeField.LANGUAGE: ["english"]},
        )
    assert {"name", "service_type", "max_age", "contact_email", "language"} <= set(
        refusal.value.fields
    )
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_referral_to_a_service_needs_consent_to_share_with_that_provider():
    world = build_world()
    shelter = shelter_service(world)
    with pytest.raises(ValidationFailed) as refusal:
        refer_to(world, shelter)
    assert "consent" in refusal.value.fields
    # Consent to share with another organisation does not count.
    share_with(world, world.police)
    with pytest.raises(ValidationFailed):
        refer_to(world, shelter)
    assert not ServiceReferral.objects.exists()
    assert not CaseAccessGrant.objects.exists()


@pytest.mark.django_db
def test_urgent_referral_shares_only_what_the_service_needs_and_is_due_today():
    world = build_world()
    shelter = shelter_service(world)
    share_with(world, world.shelter)
    referral = refer_to(world, shelter, urgent=True, now=at(MONDAY))
    assert referral.response_timer.kind == TimerKind.SERVICE_RESPONSE
    assert referral.response_timer.due_on == MONDAY
    staff = world.actor(world.shelter_staff)
    assert visible_cases(staff).filter(pk=world.case.pk).exists()
    assert case_sections(staff, world.case) == {
        Section.SUMMARY,
        Section.PERSONS,
        Section.IDENTIFYING,
        Section.REFERRALS,
    }
    assert referral.track is not None and referral.track.state == TrackState.REQUESTED


@pytest.mark.django_db
def test_ineligible_person_is_refused_with_the_reason():
    world = build_world(
        person_values={"first_name": "Omar", "gender": "Masculine", "age_band": "30-38"}
    )
    shelter = shelter_service(world)
    share_with(world, world.shelter)
    with pytest.raises(ValidationFailed) as refusal:
        refer_to(world, shelter)
    assert "serves only" in " ".join(refusal.value.fields["service"])


@pytest.mark.django_db
def test_accept_takes_a_place_and_completion_gives_it_back():
    world = build_world()
    shelter = shelter_service(world, beds=1)
    share_with(world, world.shelter)
    referral = refer_to(world, shelter)
    staff = world.actor(world.shelter_staff)
    referral = service_referral_step(actor=staff, referral=referral, name="accept")
    shelter.refresh_from_db()
    assert shelter.capacity_available == 0 and referral.holds_place
    referral.track.refresh_from_db()
    assert referral.track.state == TrackState.PLACED
    # Malta: 180 days' maximum shelter stay starts at placement.
    stay = Timer.objects.get(track=referral.track, kind=TimerKind.SHELTER_STAY)
    assert (stay.due_on - stay.starts_on).days == 180
    referral = service_referral_step(
        actor=staff, referral=referral, name="complete", reason="Moved to own flat"
    )
    shelter.refresh_from_db()
    assert shelter.capacity_available == 1 and not referral.holds_place
    # The service is over: the shelter keeps its record, not the case.
    assert not visible_cases(staff).filter(pk=world.case.pk).exists()
    assert visible_service_referrals(staff).filter(pk=referral.pk).exists()


@pytest.mark.django_db
def test_full_shelter_cannot_accept_and_nothing_changes():
    world = build_world()
    shelter = shelter_service(world, beds=1)
    service_availability_set(actor=world.actor(world.shelter_staff), service=shelter, available=0)
    share_with(world, world.shelter)
    referral = refer_to(world, shelter)
    with pytest.raises(InvalidTransition) as refusal:
        service_referral_step(
            actor=world.actor(world.shelter_staff), referral=referral, name="accept"
        )
    assert "No place is free" in refusal.value.message
    referral.refresh_from_db()
    assert referral.status == "pending" and not referral.holds_place


@pytest.mark.django_db
def test_decline_needs_a_reason_and_ends_the_sharing():
    world = build_world()
    shelter = shelter_service(world)
    share_with(world, world.shelter)
    referral = refer_to(world, shelter)
    staff = world.actor(world.shelter_staff)
    with pytest.raises(ValidationFailed) as refusal:
        service_referral_step(actor=staff, referral=referral, name="decline")
    assert "decline_reason" in refusal.value.fields
    referral = service_referral_step(
        actor=staff, referral=referral, name="decline", decline_reason="no_capacity"
    )
    assert referral.status == "declined"
    assert not visible_cases(staff).filter(pk=world.case.pk).exists()
    assert AuditEvent.objects.filter(action="directory.referral_decline").exists()


@pytest.mark.django_db
def test_referrer_cannot_answer_for_the_provider_and_provider_cannot_cancel():
    world = build_world()
    shelter = shelter_service(world)
    share_with(world, world.shelter)
    referral = refer_to(world, shelter)
    with pytest.raises(ActionDenied):
        service_referral_step(actor=world.actor(world.responder), referral=referral, name="accept")
    with pytest.raises(ActionDenied):
        service_referral_step(
            actor=world.actor(world.shelter_staff), referral=referral, name="cancel", reason="x"
        )
    referral.refresh_from_db()
    assert referral.status == "pending"


@pytest.mark.django_db
def test_withdrawing_consent_hides_the_referral_and_the_case_from_the_shelter_at_once():
    world = build_world()
    shelter = shelter_service(world)
    consent = share_with(world, world.shelter)
    referral = refer_to(world, shelter)
    staff = world.actor(world.shelter_staff)
    service_referral_step(actor=staff, referral=referral, name="accept")
    consent_withdraw(actor=world.actor(world.responder), record=consent, reason="Does not want it")
    assert not visible_cases(staff).exists()
    assert not visible_service_referrals(staff).exists()
    with pytest.raises(NotVisible):
        service_referral_step(actor=staff, referral=referral, name="complete")
    # The referrer records the exit, which gives the bed back.
    service_referral_step(
        actor=world.actor(world.responder), referral=referral, name="cancel", reason="Left"
    )
    shelter.refresh_from_db()
    assert shelter.capacity_available == shelter.capacity_total


@pytest.mark.django_db
def test_capacity_change_keeps_places_taken():
    world = build_world()
    shelter = shelter_service(world, beds=2)
    share_with(world, world.shelter)
    service_referral_step(
        actor=world.actor(world.shelter_staff), referral=refer_to(world, shelter), name="accept"
    )
    staff = world.actor(world.shelter_staff)
    shelter.refresh_from_db()
    with pytest.raises(ValidationFailed):
        service_update(
            actor=staff,
            service=shelter,
            values={"capacity_total": 0},
            expected_version=shelter.version,
        )
    shelter = service_update(
        actor=staff, service=shelter, values={"capacity_total": 5}, expected_version=shelter.version
    )
    assert (shelter.capacity_total, shelter.capacity_available) == (5, 4)


@pytest.mark.django_db
def test_an_unanswered_urgent_referral_is_flagged_overdue_the_next_day():
    from waypoint.notifications.models import Notification
    from waypoint.referrals.services import timers_sweep

    world = build_world()
    shelter = shelter_service(world)
    share_with(world, world.shelter)
    referral = refer_to(world, shelter, urgent=True, now=at(MONDAY))
    assert timers_sweep(today=MONDAY).breached == 0
    assert timers_sweep(today=MONDAY + dt.timedelta(days=1)).breached == 1
    referral.response_timer.refresh_from_db()
    assert referral.response_timer.is_breached
    notice = Notification.objects.get(kind="nrm.timer_breach")
    assert notice.recipient == world.shelter_staff and referral.reference in notice.title
    from waypoint.directory.selectors import ReferralFilter, service_referral_list

    flagged = service_referral_list(
        actor=world.actor(world.responder), filters=ReferralFilter(overdue=True)
    )
    assert list(flagged) == [referral]
