"""API: plans, pillars, objectives, actions and indicators."""

from __future__ import annotations

import dataclasses
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from waypoint.access.roles import Perm
from waypoint.access.scopes.action_plans import may_view_budgets
from waypoint.accounts.selectors import organisation_get
from waypoint.action_plans.api.common import (
    PartialUpdate,
    PlanOrganisationRef,
    paginated,
    resolve,
    resolve_many,
    today,
    version_field,
)
from waypoint.action_plans.choices import ActionStatus, IndicatorKind, PlanKind, PlanStatus
from waypoint.action_plans.rules import is_overdue
from waypoint.action_plans.selectors import plans as selectors
from waypoint.action_plans.selectors.plans import ActionFilter
from waypoint.action_plans.selectors.reviews import recommendation_ref
from waypoint.action_plans.services import actions as action_services
from waypoint.action_plans.services import plans as plan_services
from waypoint.action_plans.services.actions import ActionData, IndicatorData
from waypoint.action_plans.services.plans import PlanData
from waypoint.api.params import uuid_param
from waypoint.api.views import ApiView, error_responses

AMOUNT: dict[str, Any] = {"max_digits": 14, "decimal_places": 2, "allow_null": True}


class PlanOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=PlanKind.choices)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.ChoiceField(choices=PlanStatus.choices)
    summary = serializers.CharField()
    currency = serializers.CharField()
    budgets_restricted = serializers.BooleanField()
    reminder_days = serializers.ListField(child=serializers.IntegerField())
    version = serializers.IntegerField()


class ObjectiveOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    position = serializers.IntegerField()


class PillarOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    position = serializers.IntegerField()
    objectives = ObjectiveOutput(many=True, source="objectives.all")


class PlanDetailOutput(PlanOutput):
    pillars = PillarOutput(many=True)


class PlanInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=PlanKind.choices)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.ChoiceField(choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    summary = serializers.CharField(required=False, default="", allow_blank=True)
    currency = serializers.CharField(max_length=3, default="EUR")
    budgets_restricted = serializers.BooleanField(default=False)
    reminder_days = serializers.ListField(
        child=serializers.IntegerField(), default=lambda: [14, 3], max_length=5
    )


class PlanUpdateInput(PartialUpdate, PlanInput):
    version = version_field()


class PillarInput(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    position = serializers.IntegerField(required=False, min_value=0, max_value=1000)


class ObjectiveInput(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    pillar = serializers.UUIDField(required=False, help_text="Move to another pillar (update).")


class IndicatorOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.ChoiceField(choices=IndicatorKind.choices)
    name = serializers.CharField()
    unit = serializers.CharField()
    baseline = serializers.DecimalField(**AMOUNT)
    target = serializers.DecimalField(**AMOUNT)
    current_value = serializers.DecimalField(**AMOUNT)
    current_value_on = serializers.DateField(allow_null=True)
    is_attained = serializers.BooleanField(allow_null=True)


class IndicatorInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=IndicatorKind.choices)
    name = serializers.CharField(max_length=300)
    unit = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)
    baseline = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    target = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )


class BudgetOutput(serializers.Serializer):
    allocated = serializers.DecimalField(**AMOUNT)
    spent = serializers.DecimalField(**AMOUNT)
    currency = serializers.CharField()


class ActionOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    plan = serializers.UUIDField(source="plan.public_id")
    objective = serializers.UUIDField(source="objective.public_id")
    objective_code = serializers.CharField(source="objective.code")
    pillar = serializers.CharField(source="objective.pillar.code")
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    lead_organisation = PlanOrganisationRef()
    start_date = serializers.DateField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    is_overdue = serializers.SerializerMethodField()
    budget = serializers.SerializerMethodField(
        help_text="Null when the plan's budgets are restricted and your role may not see them."
    )
    version = serializers.IntegerField()

    def get_is_overdue(self, action) -> bool:
        return is_overdue(action, self.context["today"])

    @extend_schema_field(BudgetOutput(allow_null=True))
    def get_budget(self, action):
        if not may_view_budgets(self.context["actor"], action.plan):
            return None
        return BudgetOutput(
            {
                "allocated": action.budget_allocated,
                "spent": action.budget_spent,
                "currency": action.currency,
            }
        ).data


class ActionDetailOutput(ActionOutput):
    partner_organisations = PlanOrganisationRef(many=True, source="partner_organisations.all")
    recommendations = serializers.SerializerMethodField()
    indicators = IndicatorOutput(many=True, source="indicators.all")
    status_round = serializers.UUIDField(source="status_round.public_id", allow_null=True)

    def get_recommendations(self, action) -> list[str]:
        return [str(item.public_id) for item in action.recommendations.all()]


class ActionInput(serializers.Serializer):
    objective = serializers.UUIDField()
    code = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    lead_organisation = serializers.UUIDField()
    partner_organisations = serializers.ListField(child=serializers.UUIDField(), default=list)
    start_date = serializers.DateField(required=False, allow_null=True, default=None)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    budget_allocated = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    budget_spent = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    currency = serializers.CharField(max_length=3, required=False, default="", allow_blank=True)
    recommendations = serializers.ListField(child=serializers.UUIDField(), default=list)
    status = serializers.ChoiceField(
        choices=ActionStatus.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="Overrides the status from reports (e.g. dropped).",
    )


class ActionUpdateInput(PartialUpdate, ActionInput):
    version = version_field()


def _action_context(view):
    return {"actor": view.actor, "today": today()}


class PlanListApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Part of the title."),
            OpenApiParameter("status", str, enum=PlanStatus.values),
            OpenApiParameter("kind", str, enum=PlanKind.values),
            OpenApiParameter(
                "sort", str, description="title, start, status, kind; '-' for descending."
            ),
        ],
        responses={200: PlanOutput(many=True), **error_responses(401, 403)},
        operation_id="action_plans_plans_list",
    )
    def get(self, request):
        """Plans you see: active and closed ones for everyone with a role, drafts for coordinators."""
        params = request.query_params
        queryset = selectors.plan_list(
            actor=self.actor,
            search=params.get("search", "")[:100],
            status=params.get("status", "") if params.get("status") in PlanStatus.values else "",
            kind=params.get("kind", "") if params.get("kind") in PlanKind.values else "",
            sort=params.get("sort", "-start"),
        )
        return paginated(self, request, queryset, PlanOutput)

    @extend_schema(
        request=PlanInput,
        responses={201: PlanDetailOutput, **error_responses(400, 401, 403)},
        operation_id="action_plans_plans_create",
    )
    def post(self, request):
        """Create a plan (coordinators); it starts with the four pillars."""
        serializer = PlanInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        plan = plan_services.plan_create(
            actor=self.actor,
            data=PlanData(**{**data, "reminder_days": tuple(data["reminder_days"])}),
        )
        return Response(PlanDetailOutput(plan).data, status=status.HTTP_201_CREATED)


class PlanDetailApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        responses={200: PlanDetailOutput, **error_responses(401, 403, 404)},
        operation_id="action_plans_plans_retrieve",
    )
    def get(self, request, public_id):
        """A plan with its pillars and objectives."""
        plan = selectors.plan_get(actor=self.actor, public_id=public_id)
        return Response(PlanDetailOutput(plan).data)

    @extend_schema(
        request=PlanUpdateInput,
        responses={200: PlanDetailOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="action_plans_plans_update",
    )
    def patch(self, request, public_id):
        """Change a plan (coordinators). Send the version you started from."""
        plan = selectors.plan_get_managed(actor=self.actor, public_id=public_id)
        serializer = PlanUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        if "reminder_days" in changes:
            changes["reminder_days"] = tuple(changes["reminder_days"])
        plan = plan_services.plan_update(
            actor=self.actor,
            plan=plan,
            data=dataclasses.replace(PlanData.of(plan), **changes),
            expected_version=version,
        )
        return Response(PlanDetailOutput(plan).data)


class PlanPillarsApi(ApiView):
    required_permissions = (Perm.PLAN_MANAGE,)

    @extend_schema(
        request=PillarInput,
        responses={201: PillarOutput, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_pillars_create",
    )
    def post(self, request, public_id):
        """Add a pillar to a plan."""
        plan = selectors.plan_get_managed(actor=self.actor, public_id=public_id)
        serializer = PillarInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        pillar = plan_services.pillar_create(
            actor=self.actor,
            plan=plan,
            code=data["code"],
            name=data["name"],
            description=data["description"],
        )
        return Response(PillarOutput(pillar).data, status=status.HTTP_201_CREATED)


class PillarDetailApi(ApiView):
    required_permissions = (Perm.PLAN_MANAGE,)

    @extend_schema(
        request=PillarInput,
        responses={200: PillarOutput, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_pillars_update",
    )
    def put(self, request, public_id):
        """Rename, recode or reorder a pillar."""
        pillar = selectors.pillar_get(actor=self.actor, public_id=public_id)
        serializer = PillarInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        pillar = plan_services.pillar_update(
            actor=self.actor,
            pillar=pillar,
            code=data["code"],
            name=data["name"],
            description=data["description"],
            position=data.get("position", pillar.position),
        )
        return Response(PillarOutput(pillar).data)

    @extend_schema(
        responses={204: None, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_pillars_delete",
    )
    def delete(self, request, public_id):
        """Remove a pillar without objectives."""
        pillar = selectors.pillar_get(actor=self.actor, public_id=public_id)
        plan_services.pillar_delete(actor=self.actor, pillar=pillar)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PillarObjectivesApi(ApiView):
    required_permissions = (Perm.PLAN_MANAGE,)

    @extend_schema(
        request=ObjectiveInput,
        responses={201: ObjectiveOutput, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_objectives_create",
    )
    def post(self, request, public_id):
        """Add an objective to a pillar."""
        pillar = selectors.pillar_get(actor=self.actor, public_id=public_id)
        serializer = ObjectiveInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        objective = plan_services.objective_create(
            actor=self.actor,
            pillar=pillar,
            code=data["code"],
            title=data["title"],
            description=data["description"],
        )
        return Response(ObjectiveOutput(objective).data, status=status.HTTP_201_CREATED)


class ObjectiveDetailApi(ApiView):
    required_permissions = (Perm.PLAN_MANAGE,)

    @extend_schema(
        request=ObjectiveInput,
        responses={200: ObjectiveOutput, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_objectives_update",
    )
    def put(self, request, public_id):
        """Change an objective; ``pillar`` moves it to another pillar of the same plan."""
        objective = selectors.objective_get(actor=self.actor, public_id=public_id)
        serializer = ObjectiveInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        pillar = resolve(selectors.pillar_get, data.get("pillar"), "pillar", actor=self.actor)
        objective = plan_services.objective_update(
            actor=self.actor,
            objective=objective,
            pillar=pillar or objective.pillar,
            code=data["code"],
            title=data["title"],
            description=data["description"],
        )
        return Response(ObjectiveOutput(objective).data)

    @extend_schema(
        responses={204: None, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_objectives_delete",
    )
    def delete(self, request, public_id):
        """Remove an objective without actions."""
        objective = selectors.objective_get(actor=self.actor, public_id=public_id)
        plan_services.objective_delete(actor=self.actor, objective=objective)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _action_data(view, data, base: ActionData | None = None) -> ActionData:
    actor = view.actor
    values = dict(data)
    if "objective" in values:
        values["objective"] = resolve(
            selectors.objective_get, values["objective"], "objective", actor=actor
        )
    if "lead_organisation" in values:
        values["lead_organisation"] = resolve(
            organisation_get, values["lead_organisation"], "lead_organisation", actor=actor
        )
    if "partner_organisations" in values:
        values["partner_organisations"] = tuple(
            resolve_many(
                organisation_get,
                values["partner_organisations"],
                "partner_organisations",
                actor=actor,
            )
        )
    if "recommendations" in values:
        values["recommendations"] = tuple(
            resolve_many(
                recommendation_ref, values["recommendations"], "recommendations", actor=actor
            )
        )
    if base is None:
        return ActionData(**values)
    return dataclasses.replace(base, **values)


class ActionListApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        parameters=[
            OpenApiParameter("plan", str, description="A plan id."),
            OpenApiParameter("pillar", str, description="A pillar code, e.g. prevention."),
            OpenApiParameter("status", str, enum=ActionStatus.values),
            OpenApiParameter("lead_organisation", str, description="An organisation id."),
            OpenApiParameter("overdue", bool),
            OpenApiParameter("search", str),
            OpenApiParameter(
                "sort", str, description="code, title, lead, start, due, status, pillar."
            ),
        ],
        responses={200: ActionOutput(many=True), **error_responses(400, 401, 403)},
        operation_id="action_plans_actions_list",
    )
    def get(self, request):
        """Actions of the plans you see, filtered and sorted."""
        params = request.query_params
        plan = resolve(selectors.plan_get, params.get("plan"), "plan", actor=self.actor)
        filters = ActionFilter(
            plan=plan,
            pillar=params.get("pillar", "")[:40],
            status=params.get("status", "") if params.get("status") in ActionStatus.values else "",
            lead_organisation=uuid_param(params, "lead_organisation"),
            is_overdue=params.get("overdue") in ("1", "true"),
            search=params.get("search", "")[:100],
        )
        if filters.lead_organisation:
            resolve(
                organisation_get, filters.lead_organisation, "lead_organisation", actor=self.actor
            )
        queryset = selectors.action_list(
            actor=self.actor, filters=filters, today=today(), sort=params.get("sort", "code")
        )
        return paginated(self, request, queryset, ActionOutput, **_action_context(self))

    @extend_schema(
        request=ActionInput,
        responses={201: ActionDetailOutput, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_actions_create",
    )
    def post(self, request):
        """Add an action (coordinators): its objective, lead and partner organisations, dates,
        budget and the recommendations it answers."""
        serializer = ActionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = action_services.action_create(
            actor=self.actor, data=_action_data(self, serializer.validated_data)
        )
        action = selectors.action_get(actor=self.actor, public_id=action.public_id)
        return Response(
            ActionDetailOutput(action, context=_action_context(self)).data,
            status=status.HTTP_201_CREATED,
        )


class ActionDetailApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        responses={200: ActionDetailOutput, **error_responses(401, 403, 404)},
        operation_id="action_plans_actions_retrieve",
    )
    def get(self, request, public_id):
        action = selectors.action_get(actor=self.actor, public_id=public_id)
        return Response(ActionDetailOutput(action, context=_action_context(self)).data)

    @extend_schema(
        request=ActionUpdateInput,
        responses={200: ActionDetailOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="action_plans_actions_update",
    )
    def patch(self, request, public_id):
        """Change an action (coordinators). Send the version you started from."""
        action = selectors.action_get(actor=self.actor, public_id=public_id)
        serializer = ActionUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        action_services.action_update(
            actor=self.actor,
            action=action,
            data=_action_data(self, changes, base=ActionData.of(action)),
            expected_version=version,
        )
        action = selectors.action_get(actor=self.actor, public_id=public_id)
        return Response(ActionDetailOutput(action, context=_action_context(self)).data)


class ActionIndicatorsApi(ApiView):
    required_permissions = (Perm.PLAN_MANAGE,)

    @extend_schema(
        request=IndicatorInput,
        responses={201: IndicatorOutput, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_indicators_create",
    )
    def post(self, request, public_id):
        """Add an output or outcome indicator (baseline, target, unit) to an action."""
        action = selectors.action_get(actor=self.actor, public_id=public_id)
        serializer = IndicatorInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        indicator = action_services.indicator_create(
            actor=self.actor, action=action, data=IndicatorData(**serializer.validated_data)
        )
        return Response(IndicatorOutput(indicator).data, status=status.HTTP_201_CREATED)


class IndicatorDetailApi(ApiView):
    required_permissions = (Perm.PLAN_MANAGE,)

    @extend_schema(
        request=IndicatorInput,
        responses={200: IndicatorOutput, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_indicators_update",
    )
    def put(self, request, public_id):
        indicator = selectors.indicator_get(actor=self.actor, public_id=public_id)
        serializer = IndicatorInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        indicator = action_services.indicator_update(
            actor=self.actor, indicator=indicator, data=IndicatorData(**serializer.validated_data)
        )
        return Response(IndicatorOutput(indicator).data)

    @extend_schema(
        responses={204: None, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_indicators_delete",
    )
    def delete(self, request, public_id):
        """Remove an indicator no report has given a value for."""
        indicator = selectors.indicator_get(actor=self.actor, public_id=public_id)
        action_services.indicator_delete(actor=self.actor, indicator=indicator)
        return Response(status=status.HTTP_204_NO_CONTENT)
