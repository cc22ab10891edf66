"""Directory pages and API: managing a service, live places, refusals."""

import pytest
from django.urls import reverse

from waypoint.access.roles import Role
from waypoint.directory.models import Service
from waypoint.directory.services import service_create
from waypoint.referrals.tests.helpers import build_world
from waypoint.testing.factories import api_client, member, signed_in_client


def _service(world, **values):
    return service_create(
        actor=world.actor(world.shelter_staff),
        values={
            "name": "Day centre",
            "service_type": "Psychological",
            "capacity_total": 4,
            **values,
        },
    )


@pytest.mark.django_db
def test_provider_edits_its_service_and_free_places_from_the_page():
    world = build_world()
    service = _service(world)
    staff = signed_in_client(world.shelter_staff)
    edit = reverse("directory:service_edit", args=[service.public_id])
    assert staff.get(edit).status_code == 200
    saved = staff.post(
        edit,
        {
            "name": "Day centre",
            "service_type": "Psychological",
            "capacity_total": "6",
            "languages": "en mt",
            "is_active": "on",
            "version": service.version,
        },
    )
    assert saved.status_code == 302
    service.refresh_from_db()
    assert (service.capacity_total, service.capacity_available) == (6, 6)
    staff.post(
        reverse("directory:availability", args=[service.public_id]), {"capacity_available": "2"}
    )
    service.refresh_from_db()
    assert service.capacity_available == 2
    page = staff.get(reverse("directory:service_detail", args=[service.public_id]))
    assert "free of 6" in page.content.decode()
    stale = staff.post(
        edit, {"name": "Renamed", "service_type": "Psychological", "is_active": "on", "version": 1}
    )
    assert stale.status_code == 409
    service.refresh_from_db()
    assert service.name == "Day centre"


@pytest.mark.django_db
def test_other_organisations_cannot_manage_the_service(org_b):
    world = build_world()
    service = _service(world)
    admin = signed_in_client(member(org_b, Role.ORG_ADMIN))
    assert admin.get(reverse("directory:service_edit", args=[service.public_id])).status_code == 404
    admin.post(
        reverse("directory:availability", args=[service.public_id]), {"capacity_available": "0"}
    )
    client = api_client(member(org_b, Role.SERVICE_PROVIDER))
    refused = client.patch(
        f"/api/v1/directory/services/{service.public_id}/",
        {"name": "Mine", "version": service.version},
        format="json",
    )
    assert refused.status_code == 404
    service.refresh_from_db()
    assert service.name == "Day centre" and service.capacity_available == 4
    # Everyone may read the directory.
    listing = signed_in_client(member(org_b, Role.ANALYST)).get(reverse("directory:list"))
    assert "Day centre" in listing.content.decode()
    refer = signed_in_client(member(org_b, Role.ANALYST)).get(
        reverse("directory:referral_create", args=[service.public_id])
    )
    assert refer.status_code == 403


@pytest.mark.django_db
def test_api_manages_services_with_optimistic_concurrency():
    world = build_world()
    client = api_client(world.shelter_staff)
    created = client.post(
        "/api/v1/directory/services/",
        {"name": "Legal desk", "service_type": "Legal", "languages": ["en"]},
        format="json",
    ).json()
    updated = client.patch(
        f"/api/v1/directory/services/{created['id']}/",
        {"hours": "Mon-Fri 9-17", "version": created["version"]},
        format="json",
    )
    assert updated.status_code == 200 and updated.json()["hours"] == "Mon-Fri 9-17"
    assert updated.json()["languages"] == ["en"]
    stale = client.patch(
        f"/api/v1/directory/services/{created['id']}/",
        {"hours": "never", "version": created["version"]},
        format="json",
    )
    assert stale.status_code == 409
    assert Service.objects.get().hours == "Mon-Fri 9-17"
    no_places = client.post(
        f"/api/v1/directory/services/{created['id']}/availability/",
        {"capacity_available": 1},
        format="json",
    )
    assert no_places.status_code == 400
