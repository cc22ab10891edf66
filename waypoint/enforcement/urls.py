from django.urls import path

from waypoint.enforcement.views import investigations as cases
from waypoint.enforcement.views import prosecutions, support

app_name = "enforcement"
urlpatterns = [
    path("", cases.case_list, name="list"),
    path("new/", cases.investigation_create, name="create"),
    path("<uuid:public_id>/", cases.detail, name="detail"),
    path("<uuid:public_id>/edit/", cases.investigation_edit, name="edit"),
    path("<uuid:public_id>/close/", cases.investigation_close, name="close"),
    path("<uuid:public_id>/reopen/", cases.investigation_reopen, name="reopen"),
    path("<uuid:public_id>/hand-over/", cases.handover, name="handover"),
    path("<uuid:public_id>/suspects/new/", cases.suspect_create, name="suspect_create"),
    path(
        "<uuid:public_id>/prosecutions/new/",
        prosecutions.prosecution_create,
        name="prosecution_create",
    ),
    path("suspects/<uuid:public_id>/edit/", cases.suspect_edit, name="suspect_edit"),
    path("witnesses/<uuid:public_id>/", cases.witness_edit, name="witness_edit"),
    path("groups/", cases.group_list, name="groups"),
    path("groups/new/", cases.group_create, name="group_create"),
    path("groups/<uuid:public_id>/", cases.group_detail, name="group"),
    path("prosecutions/<uuid:public_id>/", prosecutions.prosecution_detail, name="prosecution"),
    path(
        "prosecutions/<uuid:public_id>/edit/",
        prosecutions.prosecution_edit,
        name="prosecution_edit",
    ),
    path(
        "prosecutions/<uuid:public_id>/status/",
        prosecutions.prosecution_status,
        name="prosecution_status",
    ),
    path(
        "prosecutions/<uuid:public_id>/defendants/new/",
        prosecutions.defendant_add,
        name="defendant_add",
    ),
    path(
        "prosecutions/<uuid:public_id>/hearings/new/", prosecutions.hearing_add, name="hearing_add"
    ),
    path(
        "hearings/<uuid:public_id>/outcome/", prosecutions.hearing_outcome, name="hearing_outcome"
    ),
    path("defendants/<uuid:public_id>/charges/new/", prosecutions.charge_add, name="charge_add"),
    path(
        "defendants/<uuid:public_id>/sentences/new/", prosecutions.sentence_add, name="sentence_add"
    ),
    path("defendants/<uuid:public_id>/appeals/new/", prosecutions.appeal_add, name="appeal_add"),
    path("defendants/<uuid:public_id>/orders/new/", prosecutions.order_add, name="order_add"),
    path("charges/<uuid:public_id>/verdict/", prosecutions.verdict_record, name="verdict_record"),
    path("appeals/<uuid:public_id>/decision/", prosecutions.appeal_decide, name="appeal_decide"),
    path("orders/<uuid:public_id>/payments/new/", prosecutions.payment_add, name="payment_add"),
    path("statutes/", support.statute_list, name="statutes"),
    path("statutes/new/", support.statute_create, name="statute_create"),
    path("statutes/<uuid:public_id>/edit/", support.statute_edit, name="statute_edit"),
    path("witness-links/", support.witness_links, name="witness_links"),
    path("witness-links/new/", support.witness_link_create, name="witness_link_create"),
    path("witness-links/<uuid:public_id>/", support.witness_link_detail, name="witness_link"),
    path("witness-links/<uuid:public_id>/end/", support.witness_link_end, name="witness_link_end"),
]
