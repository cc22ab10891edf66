from django.urls import path

from waypoint.referrals.views import nrm, profile, tracks, work

app_name = "referrals"
urlpatterns = [
    path("", nrm.referral_list, name="list"),
    path("new/", nrm.referral_create, name="create"),
    path("my-work/", work.my_work, name="my_work"),
    path("breaches/", work.breaches, name="breaches"),
    path("consents/", nrm.consent_add, name="consent_add"),
    path("consents/<uuid:public_id>/withdraw/", nrm.consent_remove, name="consent_withdraw"),
    path("tracks/", tracks.track_list, name="tracks"),
    path("tracks/new/", tracks.track_create, name="track_create"),
    path("tracks/<uuid:public_id>/", tracks.track_detail, name="track_detail"),
    path("tracks/<uuid:public_id>/step/", tracks.track_step, name="track_step"),
    path("country-profile/", profile.profile_detail, name="profile"),
    path("country-profile/edit/", profile.profile_edit, name="profile_edit"),
    path("<uuid:public_id>/", nrm.referral_detail, name="detail"),
    path("<uuid:public_id>/step/", nrm.referral_step, name="step"),
]
