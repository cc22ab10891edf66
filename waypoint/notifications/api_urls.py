from django.urls import path

from waypoint.notifications import api

urlpatterns = [
    path("notifications/", api.NotificationListApi.as_view(), name="notifications"),
    path(
        "notifications/<uuid:public_id>/read/",
        api.NotificationReadApi.as_view(),
        name="notification_read",
    ),
]
