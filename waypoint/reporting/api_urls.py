from django.urls import path

from waypoint.reporting import api

urlpatterns = [
    path("statistics/", api.StatisticsListApi.as_view(), name="statistics"),
    path("statistics/<slug:table_id>/", api.StatisticsTableApi.as_view(), name="statistics_table"),
    # Also without the trailing slash (``/api/v1/statistics/tip-t5?period=tip-2025``).
    path("statistics/<slug:table_id>", api.StatisticsTableAliasApi.as_view()),
]
