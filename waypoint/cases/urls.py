from django.urls import path

from waypoint.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_open, name="open"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/<uuid:public_id>/answer/", views.transfer_answer, name="transfer_answer"),
    path("transfers/<uuid:public_id>/cancel/", views.transfer_cancel, name="transfer_cancel"),
    path("<uuid:public_id>/", views.case_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.case_edit, name="edit"),
    path("<uuid:public_id>/assign/", views.case_assign, name="assign"),
    path("<uuid:public_id>/transfer/", views.case_transfer, name="transfer"),
    path("<uuid:public_id>/close/", views.case_close, name="close"),
    path("<uuid:public_id>/reopen/", views.case_reopen, name="reopen"),
    path("<uuid:public_id>/persons/add/", views.person_add, name="person_add"),
    path("<uuid:public_id>/notes/", views.note_add, name="note_add"),
    path("<uuid:public_id>/tasks/new/", views.task_create, name="task_create"),
    path("<uuid:public_id>/documents/", views.document_upload, name="document_upload"),
    path("<uuid:public_id>/support-plans/new/", views.support_plan_edit, name="plan_create"),
    path("<uuid:public_id>/events/new/", views.event_add, name="event_add"),
    path("persons/<uuid:public_id>/context/", views.context_edit, name="context_edit"),
    path("tasks/<uuid:public_id>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<uuid:public_id>/status/", views.task_status, name="task_status"),
    path("documents/<uuid:public_id>/download/", views.document_download, name="document_download"),
    path("support-plans/<uuid:plan_id>/edit/", views.support_plan_edit, name="plan_edit"),
    path("events/<uuid:public_id>/delete/", views.event_delete, name="event_delete"),
]
