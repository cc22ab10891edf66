"""API: the monitoring committee's figures for a plan (progress and stakeholder performance)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from waypoint.access.roles import Perm
from waypoint.action_plans.api.common import PlanOrganisationRef, today
from waypoint.action_plans.selectors.monitoring import plan_progress, stakeholder_performance
from waypoint.action_plans.selectors.plans import plan_get
from waypoint.api.views import ApiView, error_responses

AMOUNT: dict[str, Any] = {"max_digits": 14, "decimal_places": 2, "allow_null": True}


class CountsOutput(serializers.Serializer):
    total = serializers.IntegerField()
    not_started = serializers.IntegerField()
    on_track = serializers.IntegerField()
    delayed = serializers.IntegerField()
    completed = serializers.IntegerField()
    dropped = serializers.IntegerField()
    overdue = serializers.IntegerField()
    indicators_with_target = serializers.IntegerField()
    indicators_attained = serializers.IntegerField()


class ObjectiveProgressOutput(serializers.Serializer):
    id = serializers.UUIDField(source="objective.public_id")
    code = serializers.CharField(source="objective.code")
    title = serializers.CharField(source="objective.title")
    counts = CountsOutput()


class PillarProgressOutput(serializers.Serializer):
    id = serializers.UUIDField(source="pillar.public_id")
    code = serializers.CharField(source="pillar.code")
    name = serializers.CharField(source="pillar.name")
    counts = CountsOutput()
    objectives = ObjectiveProgressOutput(many=True)


class BudgetLineOutput(serializers.Serializer):
    currency = serializers.CharField()
    allocated = serializers.DecimalField(**AMOUNT)
    spent = serializers.DecimalField(**AMOUNT)
    actions_with_budget = serializers.IntegerField()


class ProgressOutput(serializers.Serializer):
    plan = serializers.UUIDField(source="plan.public_id")
    today = serializers.DateField()
    counts = CountsOutput()
    pillars = PillarProgressOutput(many=True)
    budgets = BudgetLineOutput(many=True, allow_null=True)


class StakeholderOutput(serializers.Serializer):
    organisation = PlanOrganisationRef()
    counts = CountsOutput()
    reports_expected = serializers.IntegerField()
    reports_on_time = serializers.IntegerField()
    reports_late = serializers.IntegerField()
    reports_missing = serializers.IntegerField()
    attainment = serializers.IntegerField(source="counts.attainment", allow_null=True)


class PlanProgressApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        responses={200: ProgressOutput, **error_responses(401, 403, 404)},
        operation_id="action_plans_plan_progress",
    )
    def get(self, request, public_id):
        """Actions by status and overdue, and indicators at target, per pillar and objective."""
        plan = plan_get(actor=self.actor, public_id=public_id)
        return Response(
            ProgressOutput(plan_progress(actor=self.actor, plan=plan, today=today())).data
        )


class StakeholdersApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "sort",
                str,
                description="organisation, led, on_track, delayed, overdue, on_time, missing, attainment.",
            )
        ],
        responses={200: StakeholderOutput(many=True), **error_responses(401, 403, 404)},
        operation_id="action_plans_plan_stakeholders",
    )
    def get(self, request, public_id):
        """Per lead organisation: actions by status, overdue, reports on time, late and missing."""
        plan = plan_get(actor=self.actor, public_id=public_id)
        rows = stakeholder_performance(
            actor=self.actor,
            plan=plan,
            today=today(),
            sort=request.query_params.get("sort", "organisation"),
        )
        return Response(StakeholderOutput(rows, many=True).data)
