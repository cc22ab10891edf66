"""API: the TIP report workspace (submissions, the checklist with gaps, criterion entries)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from waypoint.access.roles import Perm
from waypoint.action_plans.api.common import (
    AttachmentInput,
    AttachmentOutput,
    today,
    version_field,
)
from waypoint.action_plans.api.reporting import upload
from waypoint.action_plans.choices import CriterionStatus, SubmissionStatus
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.selectors import tip as selectors
from waypoint.action_plans.services import tip as services
from waypoint.api.views import ApiView, error_responses


class SubmissionOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    period_start = serializers.DateField()
    period_end = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=SubmissionStatus.choices)
    submitted_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()

    def get_period_end(self, submission) -> str:
        return TipPeriod(submission.period_start).end.isoformat()


class FigureOutput(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a serializer field named like a Field attribute
    current = serializers.DecimalField(
        max_digits=20, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    previous = serializers.DecimalField(
        max_digits=20, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    unit = serializers.CharField()


class LineOutput(serializers.Serializer):
    text = serializers.CharField()
    detail = serializers.CharField()
    tag = serializers.CharField()


class EvidenceOutput(serializers.Serializer):
    title = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # a serializer field named like a Field attribute
    figures = FigureOutput(many=True)
    lines = LineOutput(many=True)
    previous_lines = LineOutput(many=True)
    note = serializers.CharField()


class GapOutput(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    severity = serializers.ChoiceField(choices=[("critical", "critical"), ("warning", "warning")])
    criteria = serializers.ListField(child=serializers.CharField())
    message = serializers.CharField()
    figure = serializers.CharField()


class CriterionOutput(serializers.Serializer):
    code = serializers.CharField(source="criterion.code")
    kind = serializers.CharField(source="criterion.kind")
    title = serializers.CharField(source="criterion.title")
    text = serializers.CharField(source="criterion.text")
    statute = serializers.CharField(source="criterion.statute")
    status = serializers.ChoiceField(choices=CriterionStatus.choices, source="entry.status")
    narrative = serializers.CharField(source="entry.narrative", allow_null=True)
    version = serializers.IntegerField(source="entry.version")
    has_data_source = serializers.BooleanField(
        source="evidence.has_data_source",
        help_text="False: no data source yet (nothing is shown as zero).",
    )
    evidence = EvidenceOutput(many=True, source="evidence.evidence")
    gaps = GapOutput(many=True)
    attachments = AttachmentOutput(many=True, source="entry.attachments.all")


class WorkspaceOutput(serializers.Serializer):
    submission = SubmissionOutput()
    summary = serializers.CharField(source="submission.summary", allow_null=True)
    gaps = GapOutput(many=True)
    criteria = CriterionOutput(many=True)


class SubmissionCreateInput(serializers.Serializer):
    period = serializers.IntegerField(
        min_value=2001,
        max_value=2200,
        help_text="First year of the period: 2025 = 1 April 2025 – 31 March 2026.",
    )


class SubmissionUpdateInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=SubmissionStatus.choices)
    summary = serializers.CharField(required=False, default="", allow_blank=True)
    submitted_on = serializers.DateField(required=False, allow_null=True, default=None)
    version = version_field()


class CriterionInput(serializers.Serializer):
    narrative = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=CriterionStatus.choices)
    version = version_field()


def _workspace(view, submission):
    return selectors.workspace(actor=view.actor, submission=submission, today=today())


class SubmissionListApi(ApiView):
    required_permissions = (Perm.TIP_WORKSPACE_EDIT,)

    @extend_schema(
        responses={200: SubmissionOutput(many=True), **error_responses(401, 403)},
        operation_id="action_plans_tip_submissions_list",
    )
    def get(self, request):
        return Response(
            SubmissionOutput(selectors.submission_list(actor=self.actor), many=True).data
        )

    @extend_schema(
        request=SubmissionCreateInput,
        responses={201: SubmissionOutput, **error_responses(400, 401, 403)},
        operation_id="action_plans_tip_submissions_create",
    )
    def post(self, request):
        """Open the workspace for a reporting period, with the 4 standards and 12 criteria."""
        serializer = SubmissionCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        submission = services.submission_create(
            actor=self.actor, period=TipPeriod.starting_in(serializer.validated_data["period"])
        )
        return Response(SubmissionOutput(submission).data, status=status.HTTP_201_CREATED)


class SubmissionDetailApi(ApiView):
    required_permissions = (Perm.TIP_WORKSPACE_EDIT,)

    @extend_schema(
        responses={200: WorkspaceOutput, **error_responses(401, 403, 404)},
        operation_id="action_plans_tip_submissions_retrieve",
    )
    def get(self, request, public_id):
        """The checklist: each criterion with its entry, the evidence and the gap flags."""
        submission = selectors.submission_get(actor=self.actor, public_id=public_id)
        return Response(WorkspaceOutput(_workspace(self, submission)).data)

    @extend_schema(
        request=SubmissionUpdateInput,
        responses={200: SubmissionOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="action_plans_tip_submissions_update",
    )
    def patch(self, request, public_id):
        submission = selectors.submission_get(actor=self.actor, public_id=public_id)
        serializer = SubmissionUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        submission = services.submission_update(
            actor=self.actor,
            submission=submission,
            status=data["status"],
            summary=data["summary"],
            submitted_on=data["submitted_on"],
            expected_version=data["version"],
        )
        return Response(SubmissionOutput(submission).data)


class CriterionDetailApi(ApiView):
    required_permissions = (Perm.TIP_WORKSPACE_EDIT,)

    @extend_schema(
        responses={200: CriterionOutput, **error_responses(401, 403, 404)},
        operation_id="action_plans_tip_criteria_retrieve",
    )
    def get(self, request, public_id, code):
        submission = selectors.submission_get(actor=self.actor, public_id=public_id)
        selectors.criterion_entry_get(actor=self.actor, submission=submission, code=code)
        return Response(CriterionOutput(_workspace(self, submission).view(code)).data)

    @extend_schema(
        request=CriterionInput,
        responses={200: CriterionOutput, **error_responses(400, 401, 403, 404, 409)},
        operation_id="action_plans_tip_criteria_update",
    )
    def put(self, request, public_id, code):
        """Write the narrative of a criterion; "complete" needs one."""
        submission = selectors.submission_get(actor=self.actor, public_id=public_id)
        entry = selectors.criterion_entry_get(actor=self.actor, submission=submission, code=code)
        serializer = CriterionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.criterion_entry_update(
            actor=self.actor,
            entry=entry,
            narrative=data["narrative"],
            status=data["status"],
            expected_version=data["version"],
        )
        return Response(CriterionOutput(_workspace(self, submission).view(code)).data)


class CriterionAttachmentsApi(ApiView):
    required_permissions = (Perm.TIP_WORKSPACE_EDIT,)
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": AttachmentInput},
        responses={201: AttachmentOutput, **error_responses(400, 401, 403, 404, 413)},
        operation_id="action_plans_tip_criteria_attachments_create",
    )
    def post(self, request, public_id, code):
        submission = selectors.submission_get(actor=self.actor, public_id=public_id)
        entry = selectors.criterion_entry_get(actor=self.actor, submission=submission, code=code)
        return upload(self, request, entry)
