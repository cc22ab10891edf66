"""API: trainings, awareness campaigns, and the T9/T10 figures; the committee's plan figures."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from waypoint.access.roles import Perm
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.selectors import organisation_get
from waypoint.action_plans.api.common import (
    AttachmentInput,
    AttachmentOutput,
    PartialUpdate,
    PlanOrganisationRef,
    paginated,
    resolve,
    today,
    version_field,
)
from waypoint.action_plans.api.reporting import upload
from waypoint.action_plans.choices import Channel, TargetGroup
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.selectors import prevention as selectors
from waypoint.action_plans.selectors.plans import action_get
from waypoint.action_plans.selectors.tables import (
    action_plan_funding,
    campaign_totals,
    training_totals,
)
from waypoint.action_plans.services import prevention as services
from waypoint.action_plans.services.prevention import CampaignData, TrainingData
from waypoint.api.params import uuid_param
from waypoint.api.views import ApiView, error_responses
from waypoint.common.errors import ValidationFailed

AMOUNT: dict[str, Any] = {"max_digits": 14, "decimal_places": 2, "allow_null": True}
COUNT: dict[str, Any] = {"required": False, "allow_null": True, "default": None, "min_value": 0}


class TrainingOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    topic = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    organiser = PlanOrganisationRef(allow_null=True)
    organiser_name = serializers.CharField()
    audience_types = serializers.ListField(child=serializers.CharField())
    participants_female = serializers.IntegerField(allow_null=True)
    participants_male = serializers.IntegerField(allow_null=True)
    participants_other = serializers.IntegerField(allow_null=True)
    participants_by_type = serializers.SerializerMethodField()
    materials = serializers.CharField()
    action = serializers.UUIDField(source="action.public_id", allow_null=True, default=None)
    version = serializers.IntegerField()

    def get_participants_by_type(self, training) -> dict[str, int]:
        return {row.org_type: row.count for row in training.participants_by_type.all()}


class TrainingDetailOutput(TrainingOutput):
    attachments = AttachmentOutput(many=True, source="attachments.all")


class TrainingInput(serializers.Serializer):
    topic = serializers.CharField(max_length=300)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    organiser = serializers.UUIDField(required=False, allow_null=True, default=None)
    organiser_name = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )
    audience_types = serializers.ListField(
        child=serializers.ChoiceField(choices=OrganisationType.choices), default=list
    )
    participants_female = serializers.IntegerField(**COUNT)
    participants_male = serializers.IntegerField(**COUNT)
    participants_other = serializers.IntegerField(**COUNT)
    participants_by_type = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        default=dict,
        help_text="Organisation type code → participants from it.",
    )
    materials = serializers.CharField(required=False, default="", allow_blank=True)
    action = serializers.UUIDField(required=False, allow_null=True, default=None)


class TrainingUpdateInput(PartialUpdate, TrainingInput):
    version = version_field()


class CampaignOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    organiser = PlanOrganisationRef(allow_null=True)
    organiser_name = serializers.CharField()
    target_groups = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())
    channels = serializers.ListField(child=serializers.CharField())
    estimated_reach = serializers.IntegerField(allow_null=True)
    addresses_demand = serializers.BooleanField()
    description = serializers.CharField()
    action = serializers.UUIDField(source="action.public_id", allow_null=True, default=None)
    version = serializers.IntegerField()


class CampaignInput(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    organiser = serializers.UUIDField(required=False, allow_null=True, default=None)
    organiser_name = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )
    target_groups = serializers.ListField(
        child=serializers.ChoiceField(choices=TargetGroup.choices), default=list
    )
    languages = serializers.ListField(child=serializers.CharField(max_length=3), default=list)
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=Channel.choices), default=list
    )
    estimated_reach = serializers.IntegerField(**COUNT)
    addresses_demand = serializers.BooleanField(default=False)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    action = serializers.UUIDField(required=False, allow_null=True, default=None)


class CampaignUpdateInput(PartialUpdate, CampaignInput):
    version = version_field()


def _references(view, values: dict) -> dict:
    values = dict(values)
    if "organiser" in values:
        values["organiser"] = resolve(
            organisation_get, values["organiser"], "organiser", actor=view.actor
        )
    if "action" in values:
        values["action"] = resolve(action_get, values["action"], "action", actor=view.actor)
    for name in ("audience_types", "target_groups", "languages", "channels"):
        if name in values:
            values[name] = tuple(values[name])
    return values


class TrainingListApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str),
            OpenApiParameter("date_from", str, description="YYYY-MM-DD"),
            OpenApiParameter("date_to", str, description="YYYY-MM-DD"),
            OpenApiParameter("audience", str, enum=OrganisationType.values),
            OpenApiParameter("sort", str, description="date, topic, organiser."),
        ],
        responses={200: TrainingOutput(many=True), **error_responses(400, 401, 403)},
        operation_id="action_plans_trainings_list",
    )
    def get(self, request):
        params = request.query_params
        queryset = selectors.training_list(
            actor=self.actor, filters=_prevention_filter(params), sort=params.get("sort", "-date")
        ).prefetch_related("participants_by_type")
        return paginated(self, request, queryset, TrainingOutput)

    @extend_schema(
        request=TrainingInput,
        responses={201: TrainingDetailOutput, **error_responses(400, 401, 403)},
        operation_id="action_plans_trainings_create",
    )
    def post(self, request):
        """Record a training (coordinators). Blank participant counts mean "not recorded"."""
        serializer = TrainingInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        training = services.training_create(
            actor=self.actor, data=TrainingData(**_references(self, serializer.validated_data))
        )
        training = selectors.training_get(actor=self.actor, public_id=training.public_id)
        return Response(TrainingDetailOutput(training).data, status=status.HTTP_201_CREATED)


def _prevention_filter(params) -> selectors.PreventionFilter:
    try:
        date_from = dt.date.fromisoformat(params["date_from"]) if params.get("date_from") else None
        date_to = dt.date.fromisoformat(params["date_to"]) if params.get("date_to") else None
    except ValueError as error:
        raise ValidationFailed(
            _("Dates are written YYYY-MM-DD."), fields={"date_from": [str(error)]}
        ) from error
    return selectors.PreventionFilter(
        search=params.get("search", "")[:100],
        date_from=date_from,
        date_to=date_to,
        organiser=uuid_param(params, "organiser"),
        audience=params.get("audience", "")[:40],
    )


class TrainingDetailApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        responses={200: TrainingDetailOutput, **error_responses(401, 403, 404)},
        operation_id="action_plans_trainings_retrieve",
    )
    def get(self, request, public_id):
        return Response(
            TrainingDetailOutput(selectors.training_get(actor=self.actor, public_id=public_id)).data
        )

    @extend_schema(
        request=TrainingUpdateInput,
        responses={200: TrainingDetailOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="action_plans_trainings_update",
    )
    def patch(self, request, public_id):
        training = selectors.training_get(actor=self.actor, public_id=public_id)
        serializer = TrainingUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = _references(self, serializer.validated_data)
        version = changes.pop("version")
        services.training_update(
            actor=self.actor,
            training=training,
            data=dataclasses.replace(TrainingData.of(training), **changes),
            expected_version=version,
        )
        training = selectors.training_get(actor=self.actor, public_id=public_id)
        return Response(TrainingDetailOutput(training).data)


class TrainingAttachmentsApi(ApiView):
    required_permissions = (Perm.TRAINING_MANAGE,)
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": AttachmentInput},
        responses={201: AttachmentOutput, **error_responses(400, 401, 403, 404, 413)},
        operation_id="action_plans_training_attachments_create",
    )
    def post(self, request, public_id):
        """Attach training materials (stored encrypted)."""
        training = selectors.training_get(actor=self.actor, public_id=public_id)
        return upload(self, request, training)


class CampaignListApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str),
            OpenApiParameter("date_from", str, description="YYYY-MM-DD"),
            OpenApiParameter("date_to", str, description="YYYY-MM-DD"),
            OpenApiParameter("audience", str, enum=TargetGroup.values),
            OpenApiParameter("sort", str, description="start, title, reach, organiser."),
        ],
        responses={200: CampaignOutput(many=True), **error_responses(400, 401, 403)},
        operation_id="action_plans_campaigns_list",
    )
    def get(self, request):
        params = request.query_params
        queryset = selectors.campaign_list(
            actor=self.actor, filters=_prevention_filter(params), sort=params.get("sort", "-start")
        )
        return paginated(self, request, queryset, CampaignOutput)

    @extend_schema(
        request=CampaignInput,
        responses={201: CampaignOutput, **error_responses(400, 401, 403)},
        operation_id="action_plans_campaigns_create",
    )
    def post(self, request):
        """Record an awareness campaign (coordinators)."""
        serializer = CampaignInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        campaign = services.campaign_create(
            actor=self.actor, data=CampaignData(**_references(self, serializer.validated_data))
        )
        return Response(CampaignOutput(campaign).data, status=status.HTTP_201_CREATED)


class CampaignDetailApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        responses={200: CampaignOutput, **error_responses(401, 403, 404)},
        operation_id="action_plans_campaigns_retrieve",
    )
    def get(self, request, public_id):
        return Response(
            CampaignOutput(selectors.campaign_get(actor=self.actor, public_id=public_id)).data
        )

    @extend_schema(
        request=CampaignUpdateInput,
        responses={200: CampaignOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="action_plans_campaigns_update",
    )
    def patch(self, request, public_id):
        campaign = selectors.campaign_get(actor=self.actor, public_id=public_id)
        serializer = CampaignUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = _references(self, serializer.validated_data)
        version = changes.pop("version")
        campaign = services.campaign_update(
            actor=self.actor,
            campaign=campaign,
            data=dataclasses.replace(CampaignData.of(campaign), **changes),
            expected_version=version,
        )
        return Response(CampaignOutput(campaign).data)


class AudienceOutput(serializers.Serializer):
    org_type = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a serializer field named like a Field attribute
    trainings = serializers.IntegerField()
    participants = serializers.IntegerField(allow_null=True)


class TargetGroupOutput(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a serializer field named like a Field attribute
    campaigns = serializers.IntegerField()


class PreventionTotalsOutput(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    trainings = serializers.IntegerField()
    participants_female = serializers.IntegerField(allow_null=True)
    participants_male = serializers.IntegerField(allow_null=True)
    participants_other = serializers.IntegerField(allow_null=True)
    participants_total = serializers.IntegerField(allow_null=True)
    trainings_without_counts = serializers.IntegerField()
    by_audience = AudienceOutput(many=True)
    campaigns = serializers.IntegerField()
    estimated_reach = serializers.IntegerField(allow_null=True)
    campaigns_without_reach = serializers.IntegerField()
    reducing_demand = serializers.IntegerField()
    by_target_group = TargetGroupOutput(many=True)


class FundingLineOutput(serializers.Serializer):
    plan_id = serializers.UUIDField()
    plan_title = serializers.CharField()
    currency = serializers.CharField()
    allocated = serializers.DecimalField(**AMOUNT)
    spent = serializers.DecimalField(**AMOUNT)
    actions_with_budget = serializers.IntegerField()


class FundingOutput(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    lines = FundingLineOutput(many=True)
    restricted_plans = serializers.IntegerField()


def _period(request) -> TipPeriod:
    from waypoint.action_plans.periods import parse_period

    try:
        return parse_period(request.query_params.get("period"), default=today())
    except ValueError as error:
        raise ValidationFailed(str(error), fields={"period": [str(error)]}) from error


PERIOD_PARAMETER = OpenApiParameter(
    "period",
    str,
    description="First year of the TIP period (1 April – 31 March); default: current.",
)


class PreventionTotalsApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        parameters=[PERIOD_PARAMETER],
        responses={200: PreventionTotalsOutput, **error_responses(400, 401, 403)},
        operation_id="action_plans_prevention_totals",
    )
    def get(self, request):
        """Trainings and campaigns of a TIP period (table T10); null means not recorded."""
        period = _period(request)
        trainings = training_totals(period.start, period.end, actor=self.actor)
        campaigns = campaign_totals(period.start, period.end, actor=self.actor)
        data = {
            **dataclasses.asdict(trainings),
            "participants_total": trainings.participants_total,
            **{
                k: v
                for k, v in dataclasses.asdict(campaigns).items()
                if k not in ("period_start", "period_end")
            },
        }
        return Response(PreventionTotalsOutput(data).data)


class FundingApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        parameters=[PERIOD_PARAMETER],
        responses={200: FundingOutput, **error_responses(400, 401, 403)},
        operation_id="action_plans_funding",
    )
    def get(self, request):
        """Budgets of plan actions running in a TIP period (table T9); restricted plans left out."""
        period = _period(request)
        return Response(
            FundingOutput(action_plan_funding(period.start, period.end, actor=self.actor)).data
        )
