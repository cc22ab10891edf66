from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from waypoint.access.roles import Perm
from waypoint.api.views import ApiView, error_responses
from waypoint.cases.selectors import person_get
from waypoint.retention import selectors, services
from waypoint.retention.choices import ErasureStatus, RecordType


class ErasureRequestOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    person = serializers.CharField(source="person_reference")
    status = serializers.ChoiceField(choices=ErasureStatus.choices)
    requested_at = serializers.DateTimeField(source="created_at")
    decided_at = serializers.DateTimeField(allow_null=True)
    executed_at = serializers.DateTimeField(allow_null=True)
    report = serializers.JSONField()


class ErasureRequestInput(serializers.Serializer):
    person = serializers.UUIDField()
    reason = serializers.CharField(max_length=2000)


class ErasureDecisionInput(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class ScheduleOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    country = serializers.CharField()
    record_type = serializers.ChoiceField(choices=RecordType.choices)
    keep_months = serializers.IntegerField()
    legal_basis = serializers.CharField()


class ScheduleInput(serializers.Serializer):
    country = serializers.CharField(max_length=2)
    record_type = serializers.ChoiceField(choices=RecordType.choices)
    keep_months = serializers.IntegerField()
    legal_basis = serializers.CharField(
        max_length=300, required=False, default="", allow_blank=True
    )


class RunOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    ran_at = serializers.DateTimeField()
    report = serializers.JSONField()


class ErasureRequestListApi(ApiView):
    @extend_schema(
        responses={200: ErasureRequestOutput(many=True), **error_responses(401)},
        operation_id="erasure_requests_list",
    )
    def get(self, request):
        """Erasure requests you may see (your organisation's; all of them for national auditors)."""
        return Response(
            ErasureRequestOutput(
                selectors.erasure_request_list(actor=self.actor)[:500], many=True
            ).data
        )

    @extend_schema(
        request=ErasureRequestInput,
        responses={201: ErasureRequestOutput, **error_responses(400, 401, 403, 404)},
        operation_id="erasure_requests_create",
    )
    def post(self, request):
        """Ask for a person's identifying data to be erased; a second person approves."""
        from waypoint.access.checks import require

        require(self.actor, Perm.ERASURE_REQUEST)
        serializer = ErasureRequestInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = person_get(actor=self.actor, public_id=serializer.validated_data["person"])
        created = services.erasure_request_create(
            actor=self.actor, person=person, reason=serializer.validated_data["reason"]
        )
        return Response(ErasureRequestOutput(created).data, status=status.HTTP_201_CREATED)


class ErasureDecisionApi(ApiView):
    required_permissions = (Perm.ERASURE_APPROVE,)

    @extend_schema(
        request=ErasureDecisionInput,
        responses={200: ErasureRequestOutput, **error_responses(400, 401, 403, 404)},
        operation_id="erasure_requests_decide",
    )
    def post(self, request, public_id):
        """Approve (erases at once) or reject an erasure request."""
        serializer = ErasureDecisionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        erasure_request = selectors.erasure_request_get(actor=self.actor, public_id=public_id)
        decided = services.erasure_request_decide(
            actor=self.actor,
            request=erasure_request,
            approve=serializer.validated_data["approve"],
            note=serializer.validated_data["note"],
        )
        return Response(ErasureRequestOutput(decided).data)


class RetentionScheduleListApi(ApiView):
    @extend_schema(
        responses={200: ScheduleOutput(many=True), **error_responses(401)},
        operation_id="retention_schedules_list",
    )
    def get(self, request):
        return Response(
            ScheduleOutput(selectors.retention_schedule_list(actor=self.actor), many=True).data
        )

    @extend_schema(
        request=ScheduleInput,
        responses={201: ScheduleOutput, **error_responses(400, 401, 403)},
        operation_id="retention_schedules_save",
    )
    def post(self, request):
        serializer = ScheduleInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        schedule = services.retention_schedule_save(actor=self.actor, **serializer.validated_data)
        return Response(ScheduleOutput(schedule).data, status=status.HTTP_201_CREATED)


class RetentionRunListApi(ApiView):
    @extend_schema(
        responses={200: RunOutput(many=True), **error_responses(401)},
        operation_id="retention_runs_list",
    )
    def get(self, request):
        """What the retention schedules deleted, and when."""
        return Response(
            RunOutput(selectors.retention_run_list(actor=self.actor)[:200], many=True).data
        )
