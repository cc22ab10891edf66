from django.urls import path

from waypoint.exchange import api

urlpatterns = [
    path("imports/", api.ImportListApi.as_view(), name="imports"),
    path("imports/<uuid:public_id>/", api.ImportDetailApi.as_view(), name="import"),
    path("exports/", api.ExportListApi.as_view(), name="exports"),
    path("exports/<uuid:public_id>/", api.ExportDetailApi.as_view(), name="export"),
    path(
        "exports/<uuid:public_id>/download/",
        api.ExportDownloadApi.as_view(),
        name="export_download",
    ),
]
