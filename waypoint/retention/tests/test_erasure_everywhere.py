"""Erasure reaches every area that holds free text about the person: the NRM referral and its
decisions, service referrals, screenings. Checked by decrypting every encrypted value of every
model afterwards and searching it for what was written about the person."""

import pytest
from django.apps import apps
from django.utils import timezone

from waypoint.common.fields import encrypted_fields
from waypoint.directory.models import ServiceReferral
from waypoint.directory.services import service_referral_create
from waypoint.directory.tests.test_services import share_with, shelter_service
from waypoint.people.models import Person
from waypoint.referrals.models import NrmReferral
from waypoint.referrals.tests.helpers import build_world, refer
from waypoint.retention.erasure import ErasureReport, erase_person
from waypoint.screening.models import Screening
from waypoint.screening.storage import load_builtin
from waypoint.screening.tests.conftest import answer_all, start

WRITTEN_ABOUT_HER = (
    "Worked 14 hours a day",  # NRM referral information (refer() in the NRM helpers)
    "A bed tonight for Amal",  # service referral needs
    "Amal showed the scars",  # screening answer note
    "Yohannes Quirava",  # the interpreter at her screening
)


def _decrypted_values() -> str:
    chunks = []
    for model in apps.get_models():
        names = [field.name for field in encrypted_fields(model)]
        if not names:
            continue
        for row in model._default_manager.values_list(*names):
            chunks.extend(str(value) for value in row if value)
    return "\n".join(chunks)


@pytest.mark.django_db
def test_erasure_removes_free_text_from_nrm_services_and_screenings(org_a, org_b):
    load_builtin(apps, now=timezone.now())
    world = build_world()
    referral = refer(world)
    share_with(world, world.shelter)
    service_referral_create(
        actor=world.actor(world.responder),
        service=shelter_service(world),
        case_person=world.victim,
        needs="A bed tonight for Amal; speaks Arabic.",
        is_urgent=False,
    )
    actor = world.actor(world.responder)
    screening = start(actor)
    screening = answer_all(actor, screening, note=("AL-D1-01", "Amal showed the scars"))
    Screening.objects.filter(pk=screening.pk).update(person=world.person)
    before = _decrypted_values()
    for text in WRITTEN_ABOUT_HER:
        assert text in before

    erase_person(Person.objects.get(pk=world.person.pk), ErasureReport())

    after = _decrypted_values()
    for text in WRITTEN_ABOUT_HER:
        assert text not in after
    # The statistical record stays: the referral's state, the service referral, the outcome.
    assert NrmReferral.objects.get(pk=referral.pk).state == referral.state
    assert ServiceReferral.objects.filter(case_person=world.victim).exists()
    assert Screening.objects.get(pk=screening.pk).instrument_version_id
