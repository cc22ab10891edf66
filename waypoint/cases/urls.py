from django.urls import path

from waypoint.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/<uuid:public_id>/answer/", views.transfer_answer, name="transfer_answer"),
    path("<uuid:public_id>/", views.case_detail, name="detail"),
]
