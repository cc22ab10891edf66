"""API: recommendations of external reviews, their tracker, and the TIP tier history."""

from __future__ import annotations

import dataclasses

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from waypoint.access.roles import Perm
from waypoint.action_plans.api.common import (
    AttachmentInput,
    AttachmentOutput,
    PartialUpdate,
    paginated,
    resolve_many,
    today,
    version_field,
)
from waypoint.action_plans.api.reporting import upload
from waypoint.action_plans.choices import (
    DerivedStatus,
    PillarCode,
    RecommendationSource,
    StatedStatus,
    Tier,
)
from waypoint.action_plans.periods import parse_period
from waypoint.action_plans.selectors import reviews as selectors
from waypoint.action_plans.selectors.plans import action_get
from waypoint.action_plans.selectors.tables import recommendation_tracker
from waypoint.action_plans.services import reviews as services
from waypoint.action_plans.services.reviews import RecommendationData
from waypoint.api.views import ApiView, error_responses
from waypoint.common.errors import ValidationFailed


class RecommendationOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    source = serializers.ChoiceField(choices=RecommendationSource.choices)  # type: ignore[assignment]  # a serializer field named like a Field attribute
    source_detail = serializers.CharField()
    report_year = serializers.IntegerField(allow_null=True)
    tip_period_start = serializers.DateField(allow_null=True)
    issued_on = serializers.DateField(allow_null=True)
    reference = serializers.CharField()
    text = serializers.CharField()
    pillar = serializers.CharField()
    is_priority = serializers.BooleanField()
    derived_status = serializers.ChoiceField(choices=DerivedStatus.choices)
    actions_total = serializers.IntegerField()
    stated_status = serializers.ChoiceField(choices=StatedStatus.choices)
    stated_evidence = serializers.CharField(allow_null=True)
    stated_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class RecommendationDetailOutput(RecommendationOutput):
    actions = serializers.SerializerMethodField()
    attachments = AttachmentOutput(many=True, source="attachments.all")

    def get_actions(self, item) -> list[str]:
        return [str(action.public_id) for action in item.answering_actions]


class RecommendationInput(serializers.Serializer):
    source = serializers.ChoiceField(choices=RecommendationSource.choices)  # type: ignore[assignment]  # a serializer field named like a Field attribute
    text = serializers.CharField(max_length=4000)
    source_detail = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )
    report_year = serializers.IntegerField(required=False, allow_null=True, default=None)
    tip_period_start = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="1 April of the TIP period it applies to; for TIP recommendations, the period "
        "starting in the report year when left out.",
    )
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    reference = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)
    pillar = serializers.ChoiceField(
        choices=[("", "None"), *PillarCode.choices], required=False, default=""
    )
    is_priority = serializers.BooleanField(default=False)


class RecommendationUpdateInput(PartialUpdate, RecommendationInput):
    version = version_field()


class StateInput(serializers.Serializer):
    stated_status = serializers.ChoiceField(choices=StatedStatus.choices)
    evidence = serializers.CharField(required=False, default="", allow_blank=True, max_length=10000)
    version = version_field()


class LinkInput(serializers.Serializer):
    actions = serializers.ListField(child=serializers.UUIDField())


class TrackerActionOutput(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    title = serializers.CharField()
    lead_organisation = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    is_overdue = serializers.BooleanField()


class TrackerRowOutput(serializers.Serializer):
    id = serializers.UUIDField()
    source = serializers.CharField()  # type: ignore[assignment]  # a serializer field named like a Field attribute
    source_label = serializers.CharField()
    source_detail = serializers.CharField()
    report_year = serializers.IntegerField(allow_null=True)
    reference = serializers.CharField()
    text = serializers.CharField()
    pillar = serializers.CharField()
    is_priority = serializers.BooleanField()
    derived_status = serializers.CharField()
    derived_label = serializers.CharField()
    stated_status = serializers.CharField()
    stated_label = serializers.CharField()
    evidence = serializers.CharField()
    evidence_files = serializers.IntegerField()
    stated_at = serializers.DateTimeField(allow_null=True)
    actions = TrackerActionOutput(many=True)


class TrackerOutput(serializers.Serializer):
    period_start = serializers.DateField(source="period.start")
    period_end = serializers.DateField(source="period.end")
    by_derived_status = serializers.DictField(child=serializers.IntegerField())
    by_stated_status = serializers.DictField(child=serializers.IntegerField())
    rows = TrackerRowOutput(many=True)


class TierOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    report_year = serializers.IntegerField()
    tier = serializers.ChoiceField(choices=Tier.choices)
    is_waiver = serializers.BooleanField()
    note = serializers.CharField()


class TierInput(serializers.Serializer):
    report_year = serializers.IntegerField()
    tier = serializers.ChoiceField(choices=Tier.choices)
    is_waiver = serializers.BooleanField(default=False)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class RecommendationListApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        parameters=[
            OpenApiParameter("source", str, enum=RecommendationSource.values),
            OpenApiParameter("year", int, description="Report year."),
            OpenApiParameter("period", str, description="TIP period by its first year, e.g. 2025."),
            OpenApiParameter("priority", bool),
            OpenApiParameter("stated_status", str, enum=StatedStatus.values),
            OpenApiParameter("derived_status", str, enum=DerivedStatus.values),
            OpenApiParameter("search", str),
            OpenApiParameter(
                "sort",
                str,
                description="year, source, reference, priority, stated, derived, actions.",
            ),
        ],
        responses={200: RecommendationOutput(many=True), **error_responses(400, 401, 403)},
        operation_id="action_plans_recommendations_list",
    )
    def get(self, request):
        params = request.query_params
        try:
            year = int(params["year"]) if params.get("year") else None
            period = (
                parse_period(params["period"], default=today()) if params.get("period") else None
            )
        except ValueError as error:
            raise ValidationFailed(
                _("Some filters are not valid."), fields={"year": [str(error)]}
            ) from error
        filters = selectors.RecommendationFilter(
            source=params.get("source", "")
            if params.get("source") in RecommendationSource.values
            else "",
            report_year=year,
            period=period,
            is_priority=True if params.get("priority") in ("1", "true") else None,
            stated_status=params.get("stated_status", ""),
            derived_status=params.get("derived_status", ""),
            search=params.get("search", "")[:100],
        )
        queryset = selectors.recommendation_list(
            actor=self.actor, filters=filters, today=today(), sort=params.get("sort", "-year")
        )
        return paginated(self, request, queryset, RecommendationOutput)

    @extend_schema(
        request=RecommendationInput,
        responses={201: RecommendationDetailOutput, **error_responses(400, 401, 403)},
        operation_id="action_plans_recommendations_create",
    )
    def post(self, request):
        """Record a recommendation (coordinators)."""
        serializer = RecommendationInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.recommendation_create(
            actor=self.actor, data=RecommendationData(**serializer.validated_data)
        )
        item = selectors.recommendation_get(
            actor=self.actor, public_id=item.public_id, today=today()
        )
        return Response(RecommendationDetailOutput(item).data, status=status.HTTP_201_CREATED)


class RecommendationDetailApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        responses={200: RecommendationDetailOutput, **error_responses(401, 403, 404)},
        operation_id="action_plans_recommendations_retrieve",
    )
    def get(self, request, public_id):
        item = selectors.recommendation_get(actor=self.actor, public_id=public_id, today=today())
        return Response(RecommendationDetailOutput(item).data)

    @extend_schema(
        request=RecommendationUpdateInput,
        responses={200: RecommendationDetailOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="action_plans_recommendations_update",
    )
    def patch(self, request, public_id):
        item = selectors.recommendation_get(actor=self.actor, public_id=public_id, today=today())
        serializer = RecommendationUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        version = changes.pop("version")
        services.recommendation_update(
            actor=self.actor,
            recommendation=item,
            data=dataclasses.replace(RecommendationData.of(item), **changes),
            expected_version=version,
        )
        item = selectors.recommendation_get(actor=self.actor, public_id=public_id, today=today())
        return Response(RecommendationDetailOutput(item).data)

    @extend_schema(
        responses={204: None, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_recommendations_delete",
    )
    def delete(self, request, public_id):
        item = selectors.recommendation_get(actor=self.actor, public_id=public_id, today=today())
        services.recommendation_delete(actor=self.actor, recommendation=item)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RecommendationStateApi(ApiView):
    required_permissions = (Perm.RECOMMENDATION_MANAGE,)

    @extend_schema(
        request=StateInput,
        responses={200: RecommendationDetailOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="action_plans_recommendations_state",
    )
    def post(self, request, public_id):
        """State a recommendation's status with evidence (in progress and implemented need it)."""
        item = selectors.recommendation_get(actor=self.actor, public_id=public_id, today=today())
        serializer = StateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.recommendation_state(
            actor=self.actor,
            recommendation=item,
            stated_status=data["stated_status"],
            evidence=data["evidence"],
            expected_version=data["version"],
        )
        item = selectors.recommendation_get(actor=self.actor, public_id=public_id, today=today())
        return Response(RecommendationDetailOutput(item).data)


class RecommendationActionsApi(ApiView):
    required_permissions = (Perm.RECOMMENDATION_MANAGE, Perm.PLAN_MANAGE)

    @extend_schema(
        request=LinkInput,
        responses={200: RecommendationDetailOutput, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_recommendations_actions",
    )
    def put(self, request, public_id):
        """Set the actions that answer a recommendation."""
        item = selectors.recommendation_get(actor=self.actor, public_id=public_id, today=today())
        serializer = LinkInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions = resolve_many(
            action_get, serializer.validated_data["actions"], "actions", actor=self.actor
        )
        services.recommendation_set_actions(actor=self.actor, recommendation=item, actions=actions)
        item = selectors.recommendation_get(actor=self.actor, public_id=public_id, today=today())
        return Response(RecommendationDetailOutput(item).data)


class RecommendationAttachmentsApi(ApiView):
    required_permissions = (Perm.RECOMMENDATION_MANAGE,)
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": AttachmentInput},
        responses={201: AttachmentOutput, **error_responses(400, 401, 403, 404, 413)},
        operation_id="action_plans_recommendation_attachments_create",
    )
    def post(self, request, public_id):
        """Attach evidence to a recommendation (stored encrypted)."""
        item = selectors.recommendation_get(actor=self.actor, public_id=public_id, today=today())
        return upload(self, request, item)


class TrackerApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period", str, description="First year of the TIP period; default: the current one."
            ),
            OpenApiParameter("source", str, enum=[*RecommendationSource.values, "all"]),
            OpenApiParameter("priority", bool),
        ],
        responses={200: TrackerOutput, **error_responses(400, 401, 403)},
        operation_id="action_plans_recommendation_tracker",
    )
    def get(self, request):
        """The recommendation tracker (TIP table T11) for a reporting period (1 April – 31 March)."""
        params = request.query_params
        try:
            period = parse_period(params.get("period"), default=today())
        except ValueError as error:
            raise ValidationFailed(str(error), fields={"period": [str(error)]}) from error
        source = params.get("source", RecommendationSource.TIP_REPORT)
        if source not in [*RecommendationSource.values, "all"]:
            raise ValidationFailed(_("Unknown source."), fields={"source": [_("Unknown source.")]})
        tracker = recommendation_tracker(
            period,
            actor=self.actor,
            source="" if source == "all" else source,
            priority_only=params.get("priority") in ("1", "true"),
            today=today(),
        )
        return Response(
            TrackerOutput(dataclasses.asdict(tracker) | {"period": tracker.period}).data
        )


class TierListApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        responses={200: TierOutput(many=True), **error_responses(401, 403)},
        operation_id="action_plans_tiers_list",
    )
    def get(self, request):
        """The tier each TIP report gave the country, newest first."""
        return Response(TierOutput(selectors.tier_history(actor=self.actor), many=True).data)

    @extend_schema(
        request=TierInput,
        responses={200: TierOutput, **error_responses(400, 401, 403)},
        operation_id="action_plans_tiers_record",
    )
    def post(self, request):
        """Record or correct a year's tier (coordinators)."""
        serializer = TierInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        record = services.tier_record_save(actor=self.actor, **serializer.validated_data)
        return Response(TierOutput(record).data)


class TierDetailApi(ApiView):
    required_permissions = (Perm.RECOMMENDATION_MANAGE,)

    @extend_schema(
        responses={204: None, **error_responses(401, 403, 404)},
        operation_id="action_plans_tiers_delete",
    )
    def delete(self, request, public_id):
        record = selectors.tier_record_get(actor=self.actor, public_id=public_id)
        services.tier_record_delete(actor=self.actor, record=record)
        return Response(status=status.HTTP_204_NO_CONTENT)
