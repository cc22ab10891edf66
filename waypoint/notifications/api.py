from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from waypoint.api.pagination import PageNumberPagination
from waypoint.api.views import ApiView, error_responses
from waypoint.notifications import selectors, services


class NotificationOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    kind = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()
    link = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class NotificationListApi(ApiView):
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[OpenApiParameter("unread", bool)],
        responses={200: NotificationOutput(many=True), **error_responses(401)},
        operation_id="notifications_list",
    )
    def get(self, request):
        """Your own notifications, newest first."""
        queryset = selectors.notification_list(
            actor=self.actor, unread_only=request.query_params.get("unread") in ("1", "true")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(NotificationOutput(page, many=True).data)


class NotificationReadApi(ApiView):
    @extend_schema(
        request=None,
        responses={200: NotificationOutput, **error_responses(401, 404)},
        operation_id="notifications_mark_read",
    )
    def post(self, request, public_id):
        notification = selectors.notification_get(actor=self.actor, public_id=public_id)
        services.notification_mark_read(actor=self.actor, notification=notification)
        return Response(NotificationOutput(notification).data)
