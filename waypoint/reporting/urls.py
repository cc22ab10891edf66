from django.urls import path

from waypoint.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.home, name="home"),
    path("tables/", views.pick, name="pick"),
    path("tables/<slug:table_id>/", views.table_detail, name="table"),
    path(
        "tables/<slug:table_id>/download.<str:file_format>",
        views.table_download,
        name="download",
    ),
    path("tip-annex.pdf", views.tip_annex, name="tip_annex"),
]
