"""A change sent without the version it started from is refused with 400 and changes nothing
(found by the access matrix: it used to be a server error)."""

import pytest

from waypoint.action_plans.models import Action, Plan
from waypoint.testing.factories import api_client

API = "/api/v1/action-plans"


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{}, {"title": "Renamed"}])
def test_a_change_without_its_version_is_refused(coordinator, plan, action_a, body):
    client = api_client(coordinator)
    for url, model, pk in (
        (f"{API}/actions/{action_a.public_id}/", Action, action_a.pk),
        (f"{API}/plans/{plan.public_id}/", Plan, plan.pk),
    ):
        before = model.objects.values().get(pk=pk)
        response = client.patch(url, body, format="json")
        assert response.status_code == 400, url
        assert "version" in response.json()["error"]["fields"]
        assert model.objects.values().get(pk=pk) == before
