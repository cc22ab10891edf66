import pytest
from django.urls import reverse

from waypoint.testing.factories import signed_in_client


@pytest.mark.django_db
def test_smoke_every_page_renders_for_the_owner(world):
    client = signed_in_client(world.users["worker_a"])
    case = world.case
    link = case.case_persons.get(role="victim")
    perp = case.case_persons.get(role="perpetrator")
    urls = [
        reverse("cases:list"),
        reverse("cases:list") + "?search=construction&sort=reference",
        reverse("cases:detail", args=[case.public_id]),
        reverse("cases:edit", args=[case.public_id]),
        reverse("cases:close", args=[case.public_id]),
        reverse("cases:person_add", args=[case.public_id]) + "?identity_number=XQ123456",
        reverse("cases:task_create", args=[case.public_id]),
        reverse("cases:plan_create", args=[case.public_id]),
        reverse("cases:event_add", args=[case.public_id]),
        reverse("cases:context_edit", args=[link.public_id]),
        reverse("cases:context_edit", args=[perp.public_id]),
        reverse("cases:task_edit", args=[world.task.public_id]),
        reverse("cases:plan_edit", args=[world.plan.public_id]),
        reverse("cases:open") + f"?person={world.victim.public_id}",
        reverse("people:list"),
        reverse("people:create"),
        reverse("people:detail", args=[world.victim.public_id]),
        reverse("people:edit", args=[world.victim.public_id]),
        reverse("people:consent_record", args=[world.victim.public_id]),
        reverse("people:same_individual", args=[world.victim.public_id])
        + "?identity_number=XQ123456",
        reverse("home"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    sup = signed_in_client(world.users["supervisor_a"])
    for url in [
        reverse("cases:transfer", args=[case.public_id]),
        reverse("cases:transfers"),
        reverse("cases:detail", args=[case.public_id]),
    ]:
        assert sup.get(url).status_code == 200, url
    for name in ("decision_b", "provider_b"):
        response = signed_in_client(world.users[name]).get(
            reverse("cases:detail", args=[case.public_id])
        )
        assert response.status_code == 200
