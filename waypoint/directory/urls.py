from django.urls import path

from waypoint.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.service_list, name="list"),
    path("new/", views.service_create, name="service_create"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<uuid:public_id>/", views.referral_detail, name="referral_detail"),
    path("referrals/<uuid:public_id>/step/", views.referral_step, name="referral_step"),
    path("<uuid:public_id>/", views.service_detail, name="service_detail"),
    path("<uuid:public_id>/edit/", views.service_edit, name="service_edit"),
    path("<uuid:public_id>/availability/", views.availability, name="availability"),
    path("<uuid:public_id>/refer/", views.referral_create, name="referral_create"),
]
