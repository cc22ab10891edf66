from django.urls import path

from waypoint.screening.views import followup, instruments, interview

app_name = "screening"
urlpatterns = [
    path("", interview.screening_list, name="list"),
    path("new/", interview.screening_start, name="start"),
    path("notifications/", followup.notification_list, name="notifications"),
    path("instruments/", instruments.instrument_list, name="instruments"),
    path("instruments/import/", instruments.instrument_import, name="instrument_import"),
    path("instruments/<uuid:public_id>/", instruments.instrument_detail, name="instrument"),
    path(
        "instruments/<uuid:public_id>/draft/",
        instruments.instrument_draft,
        name="instrument_draft",
    ),
    path(
        "instruments/<uuid:public_id>/publish/",
        instruments.instrument_publish,
        name="instrument_publish",
    ),
    path(
        "instruments/<uuid:public_id>/discard/",
        instruments.instrument_discard,
        name="instrument_discard",
    ),
    path("instruments/grades/<uuid:public_id>/", instruments.grade_edit, name="grade_edit"),
    path(
        "instruments/indicators/<uuid:public_id>/questions/",
        instruments.questions_edit,
        name="questions_edit",
    ),
    path("<uuid:public_id>/", interview.screening_detail, name="detail"),
    path("<uuid:public_id>/step/<slug:step>/", interview.screening_step, name="step"),
    path("<uuid:public_id>/submit/", interview.screening_submit, name="submit"),
    path("<uuid:public_id>/discard/", interview.screening_discard, name="discard"),
    path("<uuid:public_id>/print/", interview.screening_print, name="print"),
    path("<uuid:public_id>/person-and-case/", followup.screening_link, name="link"),
    path("<uuid:public_id>/consent/", followup.screening_consent, name="consent"),
    path(
        "<uuid:public_id>/anonymous-notification/",
        followup.screening_notification,
        name="notification",
    ),
]
