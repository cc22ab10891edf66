from django.urls import path

from waypoint.referrals import api

urlpatterns = [
    path("nrm/referrals/", api.ReferralListApi.as_view(), name="nrm_referrals"),
    path("nrm/referrals/<uuid:public_id>/", api.ReferralDetailApi.as_view(), name="nrm_referral"),
    path(
        "nrm/referrals/<uuid:public_id>/steps/",
        api.ReferralStepApi.as_view(),
        name="nrm_referral_steps",
    ),
    path("nrm/authorities/", api.AuthorityListApi.as_view(), name="nrm_authorities"),
    path("nrm/my-work/", api.MyWorkApi.as_view(), name="nrm_my_work"),
    path("nrm/breaches/", api.BreachSummaryApi.as_view(), name="nrm_breaches"),
    path("nrm/country-profile/", api.ProfileApi.as_view(), name="nrm_country_profile"),
    path(
        "nrm/country-profile/versions/",
        api.ProfileVersionsApi.as_view(),
        name="nrm_country_profile_versions",
    ),
    path("nrm/tracks/", api.TrackListApi.as_view(), name="nrm_tracks"),
    path("nrm/tracks/<uuid:public_id>/", api.TrackDetailApi.as_view(), name="nrm_track"),
    path("nrm/tracks/<uuid:public_id>/steps/", api.TrackStepApi.as_view(), name="nrm_track_steps"),
    path("nrm/consents/", api.ConsentCreateApi.as_view(), name="nrm_consents"),
    path(
        "nrm/consents/<uuid:public_id>/withdraw/",
        api.ConsentWithdrawApi.as_view(),
        name="nrm_consent_withdraw",
    ),
]
