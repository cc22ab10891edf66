"""Places at a shelter while its manager changes the number of places, in real threads: the count
of free places never goes below zero or above the total, and every place taken belongs to an
accepted referral. (Simultaneous placements alone, and NRM decisions at once, are covered in
waypoint/referrals/tests/test_concurrency.py.)"""

import pytest

from waypoint.access.roles import Role
from waypoint.cases.services import case_open
from waypoint.common.errors import InvalidTransition, ValidationFailed
from waypoint.directory.choices import ServiceCodeField
from waypoint.directory.models import Service, ServiceReferral
from waypoint.directory.services import (
    service_create,
    service_referral_create,
    service_referral_step,
    service_update,
)
from waypoint.people.services import consent_record, person_create
from waypoint.referrals.tests.helpers import build_world, race
from waypoint.testing.factories import actor_for, member

pytestmark = pytest.mark.django_db(transaction=True)


def _referrals(world, shelter, count):
    responder = world.actor(world.responder)
    referrals = []
    for index in range(count):
        person = person_create(
            actor=responder, values={"first_name": f"Guest{index}", "age_band": "30-38"}
        )
        case = case_open(actor=responder, persons=[(person, "victim")])
        consent_record(
            actor=responder,
            person=person,
            purpose="sharing",
            shared_with=world.shelter,
            is_given=True,
            case=case,
        )
        referrals.append(
            service_referral_create(
                actor=responder, service=shelter, case_person=case.case_persons.get(), needs="Bed"
            )
        )
    return referrals


def test_placements_racing_a_cut_in_places_never_overbook():
    world = build_world()
    manager = world.actor(world.shelter_staff)
    shelter = service_create(
        actor=manager,
        values={"name": "Harbour beds", "service_type": "Shelter", "capacity_total": 4},
        codes={ServiceCodeField.LANGUAGE: ["en"]},
    )
    referrals = _referrals(world, shelter, 4)
    staff = [member(world.shelter, Role.SERVICE_PROVIDER) for _ in referrals]
    accepts = [
        (
            lambda user=user, referral=referral: service_referral_step(
                actor=actor_for(user, world.shelter), referral=referral, name="accept"
            )
        )
        for user, referral in zip(staff, referrals, strict=True)
    ]
    cut = lambda: service_update(  # noqa: E731
        actor=manager,
        service=Service.objects.get(pk=shelter.pk),
        values={"capacity_total": 2},
        expected_version=shelter.version,
    )
    results = race(*accepts, cut)
    placed, update = results[:4], results[4]
    assert all(isinstance(result, ServiceReferral | InvalidTransition) for result in placed), (
        results
    )
    assert isinstance(update, Service | ValidationFailed), update
    stored = Service.objects.get(pk=shelter.pk)
    holding = ServiceReferral.objects.filter(service=shelter, holds_place=True).count()
    accepted = sum(isinstance(result, ServiceReferral) for result in placed)
    assert holding == accepted
    assert 0 <= stored.capacity_available <= stored.capacity_total
    assert stored.capacity_total - stored.capacity_available == holding
    if isinstance(update, Service):
        assert stored.capacity_total == 2 and holding <= 2
    else:  # more than two places were already taken: the cut is refused, and says why
        assert stored.capacity_total == 4 and holding > 2
        assert "places are taken" in str(update.fields["capacity_total"][0])
