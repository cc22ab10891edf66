"""Two people acting at once: only one succeeds. Real threads; on PostgreSQL the calls overlap and
only row locks and conditional updates keep them apart (see helpers.race for SQLite)."""

import pytest

from waypoint.access.roles import Role
from waypoint.common.errors import InvalidTransition
from waypoint.directory.choices import ServiceCodeField
from waypoint.directory.models import Service, ServiceReferral
from waypoint.directory.services import (
    service_create,
    service_referral_create,
    service_referral_step,
)
from waypoint.people.services import consent_record, person_create
from waypoint.referrals.choices import NrmState
from waypoint.referrals.models import NrmDecision, NrmReferral, TransitionRecord
from waypoint.referrals.services import StepInput, nrm_transition
from waypoint.referrals.tests.helpers import build_world, race, refer
from waypoint.testing.factories import actor_for, member


@pytest.mark.django_db(transaction=True)
def test_two_decision_makers_deciding_at_once_cannot_both_succeed():
    world = build_world()
    referral = refer(world)
    nrm_transition(actor=world.actor(world.decider), referral=referral, name="receive")
    colleague = member(world.police, Role.DECISION_MAKER)

    def decide(user, name):
        return lambda: nrm_transition(
            actor=actor_for(user, world.police),
            referral=NrmReferral.objects.get(pk=referral.pk),
            name=name,
            step=StepInput(reason="Assessed", legal_basis="Art. 10"),
        )

    results = race(
        decide(world.decider, "preliminary_positive"), decide(colleague, "preliminary_negative")
    )
    winners = [result for result in results if isinstance(result, NrmReferral)]
    losers = [result for result in results if isinstance(result, InvalidTransition)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert NrmDecision.objects.filter(referral_id=referral.pk).count() == 1
    stored = NrmReferral.objects.get(pk=referral.pk)
    assert stored.state == winners[0].state
    assert stored.state in (NrmState.PRESUMED_VICTIM, NrmState.NOT_PRESUMED)
    assert (
        TransitionRecord.objects.filter(
            referral_id=referral.pk, transition__startswith="preliminary"
        ).count()
        == 1
    )


@pytest.mark.django_db(transaction=True)
def test_the_same_step_twice_at_once_is_recorded_once():
    world = build_world()
    referral = refer(world)
    colleague = member(world.police, Role.DECISION_MAKER)
    results = race(
        lambda: nrm_transition(
            actor=world.actor(world.decider),
            referral=referral,
            name="receive",
            expected_state=NrmState.REFERRED,
        ),
        lambda: nrm_transition(
            actor=actor_for(colleague, world.police),
            referral=referral,
            name="receive",
            expected_state=NrmState.REFERRED,
        ),
    )
    assert sum(isinstance(result, NrmReferral) for result in results) == 1, results
    assert (
        TransitionRecord.objects.filter(referral_id=referral.pk, transition="receive").count() == 1
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_placements_never_overbook_the_last_beds():
    world = build_world()
    staff_actor = world.actor(world.shelter_staff)
    shelter = service_create(
        actor=staff_actor,
        values={"name": "Last beds", "service_type": "Shelter", "capacity_total": 2},
        codes={ServiceCodeField.LANGUAGE: ["en"]},
    )
    responder = world.actor(world.responder)
    referrals = []
    for index in range(5):
        person = person_create(
            actor=responder, values={"first_name": f"Guest{index}", "age_band": "24-26"}
        )
        from waypoint.cases.services import case_open

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
    staff = [member(world.shelter, Role.SERVICE_PROVIDER) for _ in referrals]
    results = race(
        *[
            (
                lambda user=user, referral=referral: service_referral_step(
                    actor=actor_for(user, world.shelter), referral=referral, name="accept"
                )
            )
            for user, referral in zip(staff, referrals, strict=True)
        ]
    )
    accepted = [result for result in results if isinstance(result, ServiceReferral)]
    refused = [result for result in results if isinstance(result, InvalidTransition)]
    assert len(accepted) == 2 and len(refused) == 3, results
    shelter = Service.objects.get(pk=shelter.pk)
    assert shelter.capacity_available == 0
    assert ServiceReferral.objects.filter(service=shelter, holds_place=True).count() == 2
    assert ServiceReferral.objects.filter(service=shelter, status="pending").count() == 3
