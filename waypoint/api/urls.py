"""The API root: /api/v1/. Each app contributes its routes in its api_urls module."""

from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from waypoint.access.declarations import AccessDeclaration
from waypoint.accounts import api as accounts_api
from waypoint.api.permissions import IsAuthenticatedActor
from waypoint.audit import api as audit_api

for view in (SpectacularAPIView, SpectacularSwaggerSplitView, SpectacularRedocView):
    # Signed-in people only, as declared: drf-spectacular's own default (SERVE_PERMISSIONS) would
    # serve the schema and its viewers to anyone.
    setattr(view, "waypoint_access", AccessDeclaration())  # noqa: B010
    view.permission_classes = [IsAuthenticatedActor]

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("me/", accounts_api.MeApi.as_view(), name="me"),
    path("organisations/", accounts_api.OrganisationListApi.as_view(), name="organisations"),
    path(
        "organisations/<uuid:public_id>/",
        accounts_api.OrganisationDetailApi.as_view(),
        name="organisation",
    ),
    path("memberships/", accounts_api.MembershipListApi.as_view(), name="memberships"),
    path(
        "memberships/<uuid:public_id>/",
        accounts_api.MembershipDetailApi.as_view(),
        name="membership",
    ),
    path("invitations/", accounts_api.InvitationListApi.as_view(), name="invitations"),
    path(
        "invitations/<uuid:public_id>/",
        accounts_api.InvitationDetailApi.as_view(),
        name="invitation",
    ),
    path("api-tokens/", accounts_api.ApiTokenListApi.as_view(), name="api_tokens"),
    path(
        "api-tokens/<uuid:public_id>/", accounts_api.ApiTokenDetailApi.as_view(), name="api_token"
    ),
    path("audit-events/", audit_api.AuditEventListApi.as_view(), name="audit_events"),
    path("", include("waypoint.notifications.api_urls")),
    path("", include("waypoint.retention.api_urls")),
    path("", include("waypoint.cases.api_urls")),
    path("", include("waypoint.reporting.api_urls")),
    path("", include("waypoint.referrals.api_urls")),
    path("", include("waypoint.directory.api_urls")),
    path("", include("waypoint.action_plans.api_urls")),
    path("", include("waypoint.screening.api_urls")),
    path("", include("waypoint.enforcement.api_urls")),
    path("", include("waypoint.exchange.api_urls")),
]
