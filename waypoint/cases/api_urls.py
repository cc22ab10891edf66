from django.urls import path

from waypoint.cases.api import cases, persons, work

urlpatterns = [
    path("persons/", persons.PersonListApi.as_view(), name="persons"),
    path("persons/<uuid:public_id>/", persons.PersonDetailApi.as_view(), name="person"),
    path(
        "persons/<uuid:public_id>/consents/",
        persons.PersonConsentListApi.as_view(),
        name="person_consents",
    ),
    path(
        "persons/<uuid:public_id>/same-individual/",
        persons.PersonSameIndividualApi.as_view(),
        name="person_same_individual",
    ),
    path(
        "consents/<uuid:public_id>/withdraw/",
        persons.ConsentWithdrawApi.as_view(),
        name="consent_withdraw",
    ),
    path("cases/", cases.CaseListApi.as_view(), name="cases"),
    path("cases/<uuid:public_id>/", cases.CaseDetailApi.as_view(), name="case"),
    path("cases/<uuid:public_id>/assign/", cases.CaseAssignApi.as_view(), name="case_assign"),
    path("cases/<uuid:public_id>/close/", cases.CaseCloseApi.as_view(), name="case_close"),
    path("cases/<uuid:public_id>/reopen/", cases.CaseReopenApi.as_view(), name="case_reopen"),
    path("cases/<uuid:public_id>/history/", cases.CaseHistoryApi.as_view(), name="case_history"),
    path(
        "cases/<uuid:public_id>/transfers/",
        cases.CaseTransferRequestApi.as_view(),
        name="case_transfer",
    ),
    path("cases/<uuid:public_id>/persons/", work.CasePersonListApi.as_view(), name="case_persons"),
    path("cases/<uuid:public_id>/notes/", work.NoteListApi.as_view(), name="case_notes"),
    path("cases/<uuid:public_id>/tasks/", work.TaskListApi.as_view(), name="case_tasks"),
    path(
        "cases/<uuid:public_id>/documents/", work.DocumentListApi.as_view(), name="case_documents"
    ),
    path(
        "cases/<uuid:public_id>/support-plans/",
        work.SupportPlanListApi.as_view(),
        name="case_support_plans",
    ),
    path("cases/<uuid:public_id>/events/", work.EventListApi.as_view(), name="case_events"),
    path("case-persons/<uuid:public_id>/", work.CasePersonDetailApi.as_view(), name="case_person"),
    path("case-tasks/<uuid:public_id>/", work.TaskDetailApi.as_view(), name="case_task"),
    path(
        "case-tasks/<uuid:public_id>/status/", work.TaskStatusApi.as_view(), name="case_task_status"
    ),
    path(
        "documents/<uuid:public_id>/content/",
        work.DocumentContentApi.as_view(),
        name="document_content",
    ),
    path(
        "support-plans/<uuid:public_id>/", work.SupportPlanDetailApi.as_view(), name="support_plan"
    ),
    path("case-events/<uuid:public_id>/", work.EventDetailApi.as_view(), name="case_event"),
    path("case-transfers/", cases.TransferListApi.as_view(), name="case_transfers"),
    path(
        "case-transfers/<uuid:public_id>/accept/",
        cases.TransferAcceptApi.as_view(),
        name="case_transfer_accept",
    ),
    path(
        "case-transfers/<uuid:public_id>/decline/",
        cases.TransferDeclineApi.as_view(),
        name="case_transfer_decline",
    ),
    path(
        "case-transfers/<uuid:public_id>/cancel/",
        cases.TransferCancelApi.as_view(),
        name="case_transfer_cancel",
    ),
    path("my-work/", work.MyWorkApi.as_view(), name="my_work"),
]
