from django.urls import path

from waypoint.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.home, name="home"),
    path("imports/", views.import_list, name="imports"),
    path("imports/upload/", views.import_upload, name="import_upload"),
    path("imports/<uuid:public_id>/", views.import_job, name="import_job"),
    path("imports/<uuid:public_id>/status/", views.import_job_status, name="import_job_status"),
    path("exports/", views.export_list, name="exports"),
    path("exports/request/", views.export_request, name="export_request"),
    path("exports/<uuid:public_id>/", views.export_job, name="export_job"),
    path("exports/<uuid:public_id>/status/", views.export_job_status, name="export_job_status"),
    path("exports/<uuid:public_id>/download/", views.export_download, name="export_download"),
]
