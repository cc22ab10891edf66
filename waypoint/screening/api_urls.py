from django.urls import path

from waypoint.screening.api import instruments, screenings

urlpatterns = [
    path("screening/evaluate", screenings.EvaluateApi.as_view(), name="screening_evaluate"),
    path("screenings/", screenings.ScreeningListApi.as_view(), name="screenings"),
    path("screenings/<uuid:public_id>/", screenings.ScreeningDetailApi.as_view(), name="screening"),
    path(
        "screenings/<uuid:public_id>/answers/",
        screenings.ScreeningAnswersApi.as_view(),
        name="screening_answers",
    ),
    path(
        "screenings/<uuid:public_id>/submit/",
        screenings.ScreeningSubmitApi.as_view(),
        name="screening_submit",
    ),
    path(
        "screenings/<uuid:public_id>/link/",
        screenings.ScreeningLinkApi.as_view(),
        name="screening_link",
    ),
    path(
        "screenings/<uuid:public_id>/consent/",
        screenings.ScreeningConsentApi.as_view(),
        name="screening_consent",
    ),
    path(
        "screenings/<uuid:public_id>/anonymous-notification/",
        screenings.ScreeningNotificationApi.as_view(),
        name="screening_anonymous_notification",
    ),
    path(
        "screening/instruments/",
        instruments.InstrumentVersionListApi.as_view(),
        name="screening_instruments",
    ),
    path(
        "screening/instruments/import/",
        instruments.InstrumentImportApi.as_view(),
        name="screening_instrument_import",
    ),
    path(
        "screening/instruments/<uuid:public_id>/",
        instruments.InstrumentVersionDetailApi.as_view(),
        name="screening_instrument",
    ),
    path(
        "screening/instruments/<uuid:public_id>/drafts/",
        instruments.InstrumentDraftApi.as_view(),
        name="screening_instrument_draft",
    ),
    path(
        "screening/instruments/<uuid:public_id>/publish/",
        instruments.InstrumentPublishApi.as_view(),
        name="screening_instrument_publish",
    ),
    path(
        "screening/grades/<uuid:public_id>/", instruments.GradeApi.as_view(), name="screening_grade"
    ),
    path(
        "screening/indicators/<uuid:public_id>/questions/",
        instruments.IndicatorQuestionsApi.as_view(),
        name="screening_indicator_questions",
    ),
    path(
        "screening/questions/<uuid:public_id>/",
        instruments.QuestionApi.as_view(),
        name="screening_question",
    ),
]
