"""API for the audit log (auditors)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from waypoint.access.roles import Perm
from waypoint.api.pagination import PageNumberPagination
from waypoint.api.views import ApiView, error_responses
from waypoint.audit.forms import AuditFilterForm
from waypoint.audit.selectors import audit_event_list
from waypoint.common.errors import ValidationFailed


class AuditEventOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    sequence = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor_public_id")
    actor_username = serializers.CharField()
    actor_roles = serializers.CharField()
    organisation = serializers.CharField(source="organisation_public_id")
    organisation_name = serializers.CharField()
    via = serializers.CharField()
    action = serializers.CharField()
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    subject_id = serializers.CharField()
    details = serializers.JSONField()
    reason = serializers.CharField()
    hash = serializers.CharField()


class AuditEventListApi(ApiView):
    required_permissions = (Perm.AUDIT_VIEW,)
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("user", str, description="User name or user id."),
            OpenApiParameter("organisation", str, description="Organisation name or id."),
            OpenApiParameter("record", str, description="Record id (target or subject)."),
            OpenApiParameter("action", str, description="Action, or a prefix ending in '.'."),
            OpenApiParameter("date_from", str, description="YYYY-MM-DD"),
            OpenApiParameter("date_to", str, description="YYYY-MM-DD"),
        ],
        responses={200: AuditEventOutput(many=True), **error_responses(400, 401, 403)},
        operation_id="audit_events_list",
    )
    def get(self, request):
        """Search the audit log by user, organisation, record, action and date."""
        form = AuditFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationFailed(
                "Some filters are not valid.",
                fields={name: list(errors) for name, errors in form.errors.items()},
            )
        queryset = audit_event_list(actor=self.actor, filters=form.to_filter())
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(AuditEventOutput(page, many=True).data)
