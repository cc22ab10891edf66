from django.urls import path

from waypoint.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.home, name="home"),
    path("persons/<uuid:person_id>/erase/", views.request_create, name="request_create"),
    path("requests/<uuid:public_id>/decide/", views.request_decide, name="request_decide"),
    path("schedules/", views.schedule_save, name="schedule_save"),
]
