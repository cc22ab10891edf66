"""Parallel tracks through their services: Malaysia's freedom of movement and protection orders,
permits, guardianship; refusals that say why and change nothing."""

import datetime as dt

import pytest

from waypoint.access.roles import Role
from waypoint.common.errors import ActionDenied, InvalidTransition, NotVisible, ValidationFailed
from waypoint.referrals.choices import TimerKind
from waypoint.referrals.models import Timer, Track
from waypoint.referrals.services import track_open, track_transition
from waypoint.referrals.tests.helpers import at, build_world, ensure_profile
from waypoint.testing.factories import actor_for, member

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def malaysia(settings):
    settings.WAYPOINT_COUNTRY = "MY"
    ensure_profile("MY")


@pytest.mark.django_db
def test_freedom_of_movement_needs_its_three_preconditions(malaysia):
    world = build_world()
    worker = actor_for(member(world.ngo, Role.CASE_WORKER), world.ngo)
    track = track_open(
        actor=worker, case_person=world.victim, kind="freedom_of_movement", now=at(MONDAY)
    )
    assert track.state == "assessing"
    with pytest.raises(InvalidTransition) as refusal:
        track_transition(actor=worker, track=track, name="request", now=at(MONDAY))
    assert "security risk assessment" in refusal.value.message
    for condition in ("security_risk_assessment", "medical_screening", "mental_health_evaluation"):
        track = track_transition(
            actor=worker, track=track, name="record_condition", condition=condition, now=at(MONDAY)
        )
    with pytest.raises(ValidationFailed):
        track_transition(
            actor=worker,
            track=track,
            name="record_condition",
            condition="horoscope",
            now=at(MONDAY),
        )
    track = track_transition(actor=worker, track=track, name="request", now=at(MONDAY))
    assert track.state == "requested"
    timer = Timer.objects.get(track=track, kind=TimerKind.FREEDOM_OF_MOVEMENT_DECISION)
    assert timer.due_on == MONDAY + dt.timedelta(days=30)
    track = track_transition(
        actor=worker, track=track, name="grant", now=at(MONDAY + dt.timedelta(days=3))
    )
    assert track.state == "granted"
    timer.refresh_from_db()
    assert timer.status == "done" and not timer.is_breached


@pytest.mark.django_db
def test_malaysian_protection_orders_take_their_lengths_from_the_profile(malaysia):
    world = build_world()
    worker = actor_for(member(world.ngo, Role.CASE_WORKER), world.ngo)
    track = track_open(
        actor=worker, case_person=world.victim, kind="protection_order", now=at(MONDAY)
    )
    track = track_transition(actor=worker, track=track, name="grant_interim", now=at(MONDAY))
    assert track.valid_until == MONDAY + dt.timedelta(days=21)
    track = track_transition(
        actor=worker, track=track, name="grant_full", now=at(MONDAY + dt.timedelta(days=20))
    )
    assert track.valid_until == MONDAY + dt.timedelta(days=20 + 90)
    interim = Timer.objects.get(track=track, kind=TimerKind.INTERIM_PROTECTION_ORDER)
    assert interim.status == "done"


@pytest.mark.django_db
def test_malta_has_no_freedom_of_movement_and_orders_need_a_date():
    world = build_world()
    worker = actor_for(member(world.ngo, Role.CASE_WORKER), world.ngo)
    with pytest.raises(InvalidTransition) as refusal:
        track_open(actor=worker, case_person=world.victim, kind="freedom_of_movement")
    assert "freedom-of-movement" in refusal.value.message
    assert not Track.objects.exists()
    order = track_open(actor=worker, case_person=world.victim, kind="protection_order")
    with pytest.raises(InvalidTransition):
        track_transition(actor=worker, track=order, name="grant_interim")
    ends = dt.date.today() + dt.timedelta(days=30)
    order = track_transition(actor=worker, track=order, name="grant_interim", valid_until=ends)
    assert order.valid_until == ends


@pytest.mark.django_db
def test_guardianship_is_for_children_and_permits_run_to_their_end(org_b):
    world = build_world(person_values={"first_name": "Sami", "age_band": "9-17"})
    worker = actor_for(member(world.ngo, Role.CASE_WORKER), world.ngo)
    guardian = track_open(
        actor=worker, case_person=world.victim, kind="guardianship", now=at(MONDAY)
    )
    timer = Timer.objects.get(track=guardian)
    assert timer.kind == TimerKind.GUARDIAN_APPOINTMENT and timer.due_on == dt.date(2026, 3, 5)
    with pytest.raises(ValidationFailed):
        track_open(actor=worker, case_person=world.victim, kind="guardianship")
    permit = track_open(actor=worker, case_person=world.victim, kind="work_permit")
    with pytest.raises(InvalidTransition):
        track_transition(actor=worker, track=permit, name="grant", valid_until=dt.date.today())
    # Outsiders and the wrong roles change nothing.
    stranger = actor_for(member(org_b, Role.CASE_WORKER), org_b)
    with pytest.raises(NotVisible):
        track_transition(actor=stranger, track=permit, name="refuse", reason="x")
    with pytest.raises(ActionDenied):
        track_transition(
            actor=world.actor(world.responder), track=permit, name="refuse", reason="x"
        )
    with pytest.raises(ActionDenied):
        track_open(actor=world.actor(world.decider), case_person=world.victim, kind="compensation")
    permit.refresh_from_db()
    assert permit.state == "applied"
    # A shelter placement cannot be opened by hand: it follows the referral to the shelter.
    with pytest.raises(InvalidTransition):
        track_open(actor=worker, case_person=world.victim, kind="shelter_placement")
