"""API: reporting rounds, progress reports, evidence files and reporters."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from waypoint.access.roles import Perm
from waypoint.accounts.models import User
from waypoint.action_plans.api.common import (
    AttachmentInput,
    AttachmentOutput,
    PlanOrganisationRef,
    paginated,
    resolve,
    today,
)
from waypoint.action_plans.choices import ActionStatus, ReportState, RoundFrequency
from waypoint.action_plans.selectors import plans as selectors
from waypoint.action_plans.selectors.attachments import attachment_content, attachment_get
from waypoint.action_plans.services import plans as plan_services
from waypoint.action_plans.services import reports as services
from waypoint.action_plans.services.attachments import attachment_add, attachment_delete
from waypoint.action_plans.services.reminders import reminders_send
from waypoint.action_plans.services.reports import ReportData
from waypoint.api.params import uuid_param
from waypoint.api.views import ApiView, error_responses
from waypoint.common.errors import ValidationFailed

AMOUNT: dict[str, Any] = {"max_digits": 14, "decimal_places": 2, "allow_null": True}


class RoundOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    plan = serializers.UUIDField(source="plan.public_id")
    label = serializers.CharField()  # type: ignore[assignment]  # a serializer field named like a Field attribute
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    deadline = serializers.DateField()


class RoundSummaryOutput(RoundOutput):
    expected = serializers.IntegerField(help_text="Actions owing a report in this round.")
    submitted = serializers.IntegerField()
    late = serializers.IntegerField()


class RoundInput(serializers.Serializer):
    label = serializers.CharField(max_length=80)  # type: ignore[assignment]  # a serializer field named like a Field attribute
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    deadline = serializers.DateField()


class RoundScheduleInput(serializers.Serializer):
    frequency = serializers.ChoiceField(choices=RoundFrequency.choices)
    deadline_days = serializers.IntegerField(min_value=0, max_value=120)


class ReportRowOutput(serializers.Serializer):
    action = serializers.UUIDField(source="action.public_id")
    action_code = serializers.CharField(source="action.code")
    action_title = serializers.CharField(source="action.title")
    lead_organisation = PlanOrganisationRef(source="action.lead_organisation")
    state = serializers.ChoiceField(choices=ReportState.choices)
    report = serializers.UUIDField(source="report.public_id", allow_null=True, default=None)
    is_flagged = serializers.BooleanField(help_text="Late or missing.")


class RoundDetailOutput(RoundOutput):
    reports = ReportRowOutput(many=True, source="rows")


class IndicatorValueOutput(serializers.Serializer):
    indicator = serializers.UUIDField(source="indicator.public_id")
    name = serializers.CharField(source="indicator.name")
    value = serializers.DecimalField(**AMOUNT)


class IndicatorValueInput(serializers.Serializer):
    indicator = serializers.UUIDField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)


class ReportOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    round = serializers.UUIDField(source="round.public_id")
    action = serializers.UUIDField(source="action.public_id")
    organisation = PlanOrganisationRef()
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    narrative = serializers.CharField(allow_null=True)
    budget_spent = serializers.DecimalField(**AMOUNT)
    is_submitted = serializers.BooleanField()
    first_submitted_on = serializers.DateField(allow_null=True)
    is_late = serializers.SerializerMethodField()
    indicator_values = IndicatorValueOutput(many=True, source="indicator_values.all")
    attachments = AttachmentOutput(many=True, source="attachments.all")
    version = serializers.IntegerField()

    def get_is_late(self, report) -> bool:
        return (
            report.first_submitted_on is not None
            and report.first_submitted_on > report.round.deadline
        )


class ReportInput(serializers.Serializer):
    round = serializers.UUIDField()
    action = serializers.UUIDField()
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    narrative = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=10000
    )
    budget_spent = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    indicator_values = IndicatorValueInput(many=True, required=False, default=list)
    submit = serializers.BooleanField(default=False, help_text="Submit (true) or keep as a draft.")
    version = serializers.IntegerField(
        required=False, help_text="Needed when a report for this round and action exists."
    )


class ReporterOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    user = serializers.UUIDField(source="user.public_id")
    username = serializers.CharField(source="user.username")
    created_at = serializers.DateTimeField()


class ReporterInput(serializers.Serializer):
    user = serializers.UUIDField()


class MyRoundOutput(RoundOutput):
    plan_title = serializers.CharField(source="plan.title")
    reports = ReportRowOutput(many=True, source="rows")


def _with_rows(reporting_round, rows):
    reporting_round.rows = rows
    return reporting_round


class PlanRoundsApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        responses={200: RoundSummaryOutput(many=True), **error_responses(401, 403, 404)},
        operation_id="action_plans_rounds_list",
    )
    def get(self, request, public_id):
        """A plan's reporting rounds with reports owed, submitted and late."""
        plan = selectors.plan_get(actor=self.actor, public_id=public_id)
        return Response(
            RoundSummaryOutput(selectors.round_list(actor=self.actor, plan=plan), many=True).data
        )

    @extend_schema(
        request=RoundInput,
        responses={201: RoundOutput, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_rounds_create",
    )
    def post(self, request, public_id):
        """Add a reporting round (coordinators)."""
        plan = selectors.plan_get_managed(actor=self.actor, public_id=public_id)
        serializer = RoundInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        reporting_round = plan_services.round_create(
            actor=self.actor, plan=plan, **serializer.validated_data
        )
        return Response(RoundOutput(reporting_round).data, status=status.HTTP_201_CREATED)


class PlanScheduleApi(ApiView):
    required_permissions = (Perm.PLAN_MANAGE,)

    @extend_schema(
        request=RoundScheduleInput,
        responses={201: RoundOutput(many=True), **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_rounds_schedule",
    )
    def post(self, request, public_id):
        """Create rounds covering the plan's period (e.g. quarterly, due 15 days after each)."""
        plan = selectors.plan_get_managed(actor=self.actor, public_id=public_id)
        serializer = RoundScheduleInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = plan_services.rounds_schedule(
            actor=self.actor, plan=plan, **serializer.validated_data
        )
        return Response(RoundOutput(created, many=True).data, status=status.HTTP_201_CREATED)


class RoundDetailApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        responses={200: RoundDetailOutput, **error_responses(401, 403, 404)},
        operation_id="action_plans_rounds_retrieve",
    )
    def get(self, request, public_id):
        """A round with each action owing a report and its state (late and missing flagged)."""
        reporting_round = selectors.round_get(actor=self.actor, public_id=public_id)
        rows = selectors.round_report_rows(
            actor=self.actor, reporting_round=reporting_round, today=today()
        )
        return Response(RoundDetailOutput(_with_rows(reporting_round, rows)).data)

    @extend_schema(
        request=RoundInput,
        responses={200: RoundOutput, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_rounds_update",
    )
    def put(self, request, public_id):
        """Change a round, e.g. extend its deadline (coordinators)."""
        reporting_round = selectors.round_get(actor=self.actor, public_id=public_id)
        serializer = RoundInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        reporting_round = plan_services.round_update(
            actor=self.actor, reporting_round=reporting_round, **serializer.validated_data
        )
        return Response(RoundOutput(reporting_round).data)

    @extend_schema(
        responses={204: None, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_rounds_delete",
    )
    def delete(self, request, public_id):
        """Remove a round that has no report (coordinators)."""
        reporting_round = selectors.round_get(actor=self.actor, public_id=public_id)
        plan_services.round_delete(actor=self.actor, reporting_round=reporting_round)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RemindersApi(ApiView):
    required_permissions = (Perm.PLAN_MANAGE,)

    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(
                response={
                    "type": "object",
                    "properties": {
                        "notifications": {"type": "integer"},
                        "emails": {"type": "integer"},
                    },
                }
            ),
            **error_responses(401, 403),
        },
        operation_id="action_plans_reminders_send",
    )
    def post(self, request):
        """Send the reminders and overdue notices due today now (also run hourly by the worker)."""
        result = reminders_send(actor=self.actor)
        return Response({"notifications": result.notifications, "emails": result.emails})


class MyReportingApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        responses={200: MyRoundOutput(many=True), **error_responses(401, 403)},
        operation_id="action_plans_my_reporting",
    )
    def get(self, request):
        """Rounds in which your organisation owes or gave reports, newest first, with each action."""
        services.require_reporting_right(self.actor)
        day = today()
        rounds = [
            _with_rows(
                item, selectors.my_round_rows(actor=self.actor, reporting_round=item, today=day)
            )
            for item in selectors.reporting_rounds_for(actor=self.actor, today=day)[:12]
        ]
        return Response(MyRoundOutput(rounds, many=True).data)


def _report_data(view, reporting_round, action, data) -> ReportData:
    indicators = {str(indicator.public_id): indicator for indicator in action.indicators.all()}
    values = {}
    for item in data.get("indicator_values", []):
        indicator = indicators.get(str(item["indicator"]))
        if indicator is None:
            raise ValidationFailed(
                _("Some indicators do not belong to this action."),
                fields={
                    "indicator_values": [_("Unknown indicator %(id)s.") % {"id": item["indicator"]}]
                },
            )
        values[indicator] = item["value"]
    return ReportData(
        status=data["status"],
        narrative=data.get("narrative", ""),
        budget_spent=data.get("budget_spent"),
        indicator_values=values,
        submit=data.get("submit", False),
    )


class ReportListApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        parameters=[
            OpenApiParameter("plan", str),
            OpenApiParameter("round", str),
            OpenApiParameter("organisation", str),
            OpenApiParameter("status", str, enum=ActionStatus.values),
        ],
        responses={200: ReportOutput(many=True), **error_responses(400, 401, 403)},
        operation_id="action_plans_reports_list",
    )
    def get(self, request):
        """Submitted progress reports (and your organisation's drafts)."""
        params = request.query_params
        queryset = selectors.report_list(
            actor=self.actor,
            plan=resolve(selectors.plan_get, params.get("plan"), "plan", actor=self.actor),
            reporting_round=resolve(
                selectors.round_get, params.get("round"), "round", actor=self.actor
            ),
            organisation=uuid_param(params, "organisation"),
            status=params.get("status", ""),
        ).prefetch_related("indicator_values__indicator", "attachments")
        return paginated(self, request, queryset, ReportOutput)

    @extend_schema(
        request=ReportInput,
        responses={
            200: ReportOutput,
            201: ReportOutput,
            **error_responses(400, 401, 403, 404, 409),
        },
        operation_id="action_plans_reports_save",
    )
    def post(self, request):
        """Save or submit your organisation's report on an action for a round (administrators and
        named reporters). 201 when created, 200 when an existing report was changed."""
        services.require_reporting_right(self.actor)
        serializer = ReportInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        reporting_round = selectors.round_get(actor=self.actor, public_id=data["round"])
        action = selectors.reportable_action_get(actor=self.actor, public_id=data["action"])
        existing = selectors.report_for(
            actor=self.actor, reporting_round=reporting_round, action=action
        )
        if existing is not None and "version" not in data:
            raise ValidationFailed(
                _("A report exists for this round and action."),
                fields={"version": [_("Send the version of the report you are changing.")]},
            )
        report = services.report_save(
            actor=self.actor,
            reporting_round=reporting_round,
            action=action,
            data=_report_data(self, reporting_round, action, data),
            expected_version=data.get("version"),
        )
        report = selectors.report_get(actor=self.actor, public_id=report.public_id)
        return Response(
            ReportOutput(report).data,
            status=status.HTTP_200_OK if existing else status.HTTP_201_CREATED,
        )


class ReportDetailApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        responses={200: ReportOutput, **error_responses(401, 403, 404)},
        operation_id="action_plans_reports_retrieve",
    )
    def get(self, request, public_id):
        report = selectors.report_get(actor=self.actor, public_id=public_id)
        return Response(ReportOutput(report).data)


class ReportAttachmentsApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": AttachmentInput},
        responses={201: AttachmentOutput, **error_responses(400, 401, 403, 404, 413)},
        operation_id="action_plans_report_attachments_create",
    )
    def post(self, request, public_id):
        """Attach an evidence file to your organisation's report (stored encrypted)."""
        report = selectors.report_get(actor=self.actor, public_id=public_id)
        return upload(self, request, report)


def upload(view, request, owner):
    serializer = AttachmentInput(data=request.data)
    serializer.is_valid(raise_exception=True)
    file = serializer.validated_data["file"]
    attachment = attachment_add(
        actor=view.actor, owner=owner, filename=file.name, content=file.read()
    )
    return Response(AttachmentOutput(attachment).data, status=status.HTTP_201_CREATED)


class AttachmentDetailApi(ApiView):
    required_permissions = (Perm.PLAN_VIEW,)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            **error_responses(401, 403, 404),
        },
        operation_id="action_plans_attachments_download",
    )
    def get(self, request, public_id):
        """The file itself (decrypted); every download is recorded in the audit log."""
        content = attachment_content(actor=self.actor, public_id=public_id)
        response = HttpResponse(content.content, content_type=content.content_type)
        response["Content-Disposition"] = "attachment"
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        responses={204: None, **error_responses(400, 401, 403, 404)},
        operation_id="action_plans_attachments_delete",
    )
    def delete(self, request, public_id):
        """Remove a file for good (whoever may attach to its record)."""
        attachment = attachment_get(actor=self.actor, public_id=public_id)
        attachment_delete(actor=self.actor, attachment=attachment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReporterListApi(ApiView):
    required_permissions = (Perm.MEMBERSHIP_MANAGE, Perm.PROGRESS_REPORT_SUBMIT)

    @extend_schema(
        responses={200: ReporterOutput(many=True), **error_responses(401, 403)},
        operation_id="action_plans_reporters_list",
    )
    def get(self, request):
        """Members of your organisation named to report on its actions."""
        return Response(ReporterOutput(selectors.reporter_list(actor=self.actor), many=True).data)

    @extend_schema(
        request=ReporterInput,
        responses={201: ReporterOutput, **error_responses(400, 401, 403)},
        operation_id="action_plans_reporters_create",
    )
    def post(self, request):
        """Name a member of your organisation as a reporter."""
        serializer = ReporterInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = User.objects.filter(public_id=serializer.validated_data["user"]).first()
        if user is None:
            raise ValidationFailed(
                _("Unknown person."), fields={"user": [_("No person has this id.")]}
            )
        reporter = services.reporter_name(actor=self.actor, user=user)
        return Response(ReporterOutput(reporter).data, status=status.HTTP_201_CREATED)


class ReporterDetailApi(ApiView):
    required_permissions = (Perm.MEMBERSHIP_MANAGE, Perm.PROGRESS_REPORT_SUBMIT)

    @extend_schema(
        responses={204: None, **error_responses(401, 403, 404)},
        operation_id="action_plans_reporters_end",
    )
    def delete(self, request, public_id):
        reporter = selectors.reporter_get(actor=self.actor, public_id=public_id)
        services.reporter_end(actor=self.actor, reporter=reporter)
        return Response(status=status.HTTP_204_NO_CONTENT)
