from django.urls import path

from waypoint.retention import api

urlpatterns = [
    path("erasure-requests/", api.ErasureRequestListApi.as_view(), name="erasure_requests"),
    path(
        "erasure-requests/<uuid:public_id>/decision/",
        api.ErasureDecisionApi.as_view(),
        name="erasure_request_decision",
    ),
    path(
        "retention-schedules/", api.RetentionScheduleListApi.as_view(), name="retention_schedules"
    ),
    path("retention-runs/", api.RetentionRunListApi.as_view(), name="retention_runs"),
]
