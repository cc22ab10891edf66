"""A PATCH without the version it started from is a 400 naming the field (was a 500, found by
schemathesis in tests/fuzz/test_api_schema.py)."""

from __future__ import annotations

import pytest

from waypoint.action_plans.models import Action, Plan, Recommendation
from waypoint.action_plans.services.reviews import RecommendationData, recommendation_create
from waypoint.testing.factories import api_client


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{}, {"title": "Renamed"}])
def test_a_patch_without_its_version_is_refused_and_changes_nothing(
    coordinator, coord, plan, action_a, body
):
    recommendation = recommendation_create(
        actor=coord, data=RecommendationData(source="greta", text="Train inspectors.")
    )
    client = api_client(coordinator)
    targets = [
        (f"/api/v1/action-plans/plans/{plan.public_id}/", Plan, plan.pk),
        (f"/api/v1/action-plans/actions/{action_a.public_id}/", Action, action_a.pk),
        (
            f"/api/v1/action-plans/recommendations/{recommendation.public_id}/",
            Recommendation,
            recommendation.pk,
        ),
    ]
    for url, model, pk in targets:
        before = model.objects.get(pk=pk).version
        response = client.patch(url, body, format="json")
        assert response.status_code == 400, (url, response.content)
        assert list(response.json()["error"]["fields"]) == ["version"]
        assert model.objects.get(pk=pk).version == before


@pytest.mark.django_db
def test_a_patch_with_its_version_still_goes_through(coordinator, action_a):
    response = api_client(coordinator).patch(
        f"/api/v1/action-plans/actions/{action_a.public_id}/",
        {"title": "Renamed", "version": action_a.version},
        format="json",
    )
    assert response.status_code == 200
    action_a.refresh_from_db()
    assert action_a.title == "Renamed"
