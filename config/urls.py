"""Waypoint's URL map. Every view declares who may reach it (see waypoint/access/declarations.py)."""

from django.urls import include, path
from django.views.i18n import set_language

from waypoint.access.declarations import public_view
from waypoint.operations import views as operations_views

urlpatterns = [
    path("", operations_views.home, name="home"),
    path("about/", operations_views.about, name="about"),
    path("healthz", operations_views.healthz, name="healthz"),
    path("i18n/setlang/", public_view(set_language), name="set_language"),
    path("accounts/", include("waypoint.accounts.urls")),
    path("audit/", include("waypoint.audit.urls")),
    path("notifications/", include("waypoint.notifications.urls")),
    path("cases/", include("waypoint.cases.urls")),
    path("retention/", include("waypoint.retention.urls")),
    path("persons/", include("waypoint.people.urls")),
    path("statistics/", include("waypoint.reporting.urls")),
    path("referrals/", include("waypoint.referrals.urls")),
    path("services/", include("waypoint.directory.urls")),
    path("action-plans/", include("waypoint.action_plans.urls")),
    path("screening/", include("waypoint.screening.urls")),
    path("criminal-cases/", include("waypoint.enforcement.urls")),
    path("exchange/", include("waypoint.exchange.urls")),
    path("api/v1/", include("waypoint.api.urls")),
]

# Under /api/ an unmatched address or a crash answers in the API's JSON error shape.
handler404 = "waypoint.api.errors.page_not_found"
handler500 = "waypoint.api.errors.server_error"
