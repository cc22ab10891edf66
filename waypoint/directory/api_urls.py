from django.urls import path

from waypoint.directory import api

urlpatterns = [
    path("directory/services/", api.ServiceListApi.as_view(), name="directory_services"),
    path(
        "directory/services/<uuid:public_id>/",
        api.ServiceDetailApi.as_view(),
        name="directory_service",
    ),
    path(
        "directory/services/<uuid:public_id>/availability/",
        api.AvailabilityApi.as_view(),
        name="directory_service_availability",
    ),
    path("directory/referrals/", api.ServiceReferralListApi.as_view(), name="directory_referrals"),
    path(
        "directory/referrals/<uuid:public_id>/",
        api.ServiceReferralDetailApi.as_view(),
        name="directory_referral",
    ),
    path(
        "directory/referrals/<uuid:public_id>/steps/",
        api.ServiceReferralStepApi.as_view(),
        name="directory_referral_steps",
    ),
]
