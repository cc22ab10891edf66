"""Pages of the exchange: forms, job pages with their reports, refusals that say why."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from waypoint.access.roles import Role
from waypoint.cases.models import CasePerson
from waypoint.exchange.models import ExportJob, ImportJob
from waypoint.exchange.tests.conftest import csv_bytes
from waypoint.testing.factories import member, signed_in_client

pytestmark = pytest.mark.django_db

ROWS = [{"ext_SourceRecordId": "1", "prs_FirstName": "Ana", "prs_Gender": "Feminine"}]


@pytest.fixture(autouse=True)
def _tasks_run_on_commit(django_capture_on_commit_callbacks, monkeypatch):
    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


def test_navigation_and_home_for_a_supervisor(supervisor_a):
    client = signed_in_client(supervisor_a)
    home = client.get("/")
    assert 'href="/exchange/"' in home.content.decode()
    page = client.get("/exchange/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Import a file" in content and "Include names, dates of birth" in content


def test_upload_a_bad_file_shows_the_report_and_changes_nothing(supervisor_a):
    client = signed_in_client(supervisor_a)
    response = client.post(
        "/exchange/imports/upload/",
        {
            "file": SimpleUploadedFile("bad.csv", csv_bytes([dict(ROWS[0], prs_Gender="Woman")])),
            "format": "csv",
        },
    )
    job = ImportJob.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/exchange/imports/{job.public_id}/"
    )
    page = client.get(response["Location"]).content.decode()
    assert (
        "Rejected rows" in page
        and "prs_Gender" in page
        and "Woman" in page
        and "not one of the allowed codes" in page
    )
    assert not CasePerson.objects.exists()
    filtered = client.get(response["Location"] + "?field=prs_FirstName").content.decode()
    assert "Woman" not in filtered


def test_upload_without_a_file_or_too_large_shows_the_error_beside_the_field(
    supervisor_a, settings
):
    client = signed_in_client(supervisor_a)
    response = client.post("/exchange/imports/upload/", {"format": "csv"})
    assert response.status_code == 400
    assert "Choose the file to import." in response.content.decode()
    settings.WAYPOINT_MAX_UPLOAD_BYTES = 100
    response = client.post(
        "/exchange/imports/upload/",
        {
            "file": SimpleUploadedFile("big.csv", b"prs_Gender\n" + b"Feminine\n" * 100),
            "format": "csv",
        },
    )
    assert response.status_code == 413
    assert "larger than" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_successful_import_and_the_status_panel(supervisor_a):
    client = signed_in_client(supervisor_a)
    response = client.post(
        "/exchange/imports/upload/",
        {"file": SimpleUploadedFile("ok.csv", csv_bytes(ROWS)), "format": "csv"},
    )
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "1 created, 0 updated, 0 unchanged." in page
    status = client.get(f"/exchange/imports/{job.public_id}/status/", HTTP_HX_REQUEST="true")
    assert status["HX-Refresh"] == "true"
    assert "hx-trigger" not in status.content.decode()
    listing = client.get("/exchange/imports/?status=succeeded&sort=-created").content.decode()
    assert "1 record" in listing


def test_running_job_panel_polls(supervisor_a, org_a):
    job = ImportJob.objects.create(
        organisation=org_a,
        requested_by=supervisor_a,
        via="web",
        kind="htcds",
        file_format="csv",
        status="running",
    )
    client = signed_in_client(supervisor_a)
    panel = client.get(f"/exchange/imports/{job.public_id}/status/").content.decode()
    assert 'hx-trigger="every 2s"' in panel and "<progress" in panel


def test_export_from_the_page_and_download_once(supervisor_a):
    client = signed_in_client(supervisor_a)
    client.post(
        "/exchange/imports/upload/",
        {"file": SimpleUploadedFile("ok.csv", csv_bytes(ROWS)), "format": "csv"},
    )
    response = client.post("/exchange/exports/request/", {"format": "csv", "identifying": "on"})
    job = ExportJob.objects.get()
    assert response["Location"] == f"/exchange/exports/{job.public_id}/"
    page = client.get(response["Location"]).content.decode()
    assert "Download (once)" in page
    assert (
        client.get(f"/exchange/exports/{job.public_id}/download/").status_code == 405
    )  # downloading deletes: POST only
    download = client.post(f"/exchange/exports/{job.public_id}/download/")
    assert b"Ana" in b"".join(download.streaming_content)
    again = client.post(f"/exchange/exports/{job.public_id}/download/")
    assert again.status_code == 400 and "already been downloaded" in again.content.decode()
    assert "1 record" in client.get("/exchange/exports/?format=csv").content.decode()


def test_analyst_sees_why_there_is_no_record_export(org_a):
    client = signed_in_client(member(org_a, Role.ANALYST))
    page = client.get("/exchange/").content.decode()
    assert "statistics only" in page and "Upload and check" not in page
    response = client.post("/exchange/exports/request/", {"format": "csv"})
    assert response.status_code == 400 and "statistics only" in response.content.decode()
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.AUDITOR, Role.FIRST_RESPONDER])
def test_roles_without_import_cannot_upload(org_a, role):
    client = signed_in_client(member(org_a, role))
    response = client.post(
        "/exchange/imports/upload/",
        {"file": SimpleUploadedFile("ok.csv", csv_bytes(ROWS)), "format": "csv"},
    )
    assert response.status_code == 403
    assert "Ana" not in response.content.decode()
    assert not ImportJob.objects.exists() and not CasePerson.objects.exists()


def test_jobs_of_another_organisation_are_not_found(supervisor_a, org_b):
    client = signed_in_client(supervisor_a)
    client.post(
        "/exchange/imports/upload/",
        {"file": SimpleUploadedFile("ok.csv", csv_bytes(ROWS)), "format": "csv"},
    )
    job = ImportJob.objects.get()
    stranger = signed_in_client(member(org_b, Role.CASE_SUPERVISOR))
    response = stranger.get(f"/exchange/imports/{job.public_id}/")
    assert response.status_code == 404 and "created" not in response.content.decode()


def test_job_lists_use_a_fixed_number_of_queries(supervisor_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in_client(supervisor_a)

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    client.post(
        "/exchange/imports/upload/",
        {"file": SimpleUploadedFile("ok.csv", csv_bytes(ROWS)), "format": "csv"},
    )
    few = (queries("/exchange/imports/"), queries("/exchange/"))
    for _ in range(3):
        client.post(
            "/exchange/imports/upload/",
            {"file": SimpleUploadedFile("ok.csv", csv_bytes(ROWS)), "format": "csv"},
        )
    assert (queries("/exchange/imports/"), queries("/exchange/")) == few


def test_progress_of_a_running_job_is_shown(supervisor_a, org_a):
    from waypoint.exchange.progress import JobProgress

    job = ImportJob.objects.create(
        organisation=org_a,
        requested_by=supervisor_a,
        via="web",
        kind="htcds",
        file_format="csv",
        status="running",
    )
    JobProgress(job).update("writing", 5, 10)
    panel = (
        signed_in_client(supervisor_a)
        .get(f"/exchange/imports/{job.public_id}/status/")
        .content.decode()
    )
    assert "5 of 10 rows" in panel and 'value="5"' in panel
