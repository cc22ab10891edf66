"""The exchange API: the job flow for imports and exports, refusals, and the upload limit."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from waypoint.access.roles import Role
from waypoint.cases.models import Case, CasePerson
from waypoint.exchange import storage
from waypoint.exchange.models import ExportJob, ImportJob
from waypoint.exchange.tests.conftest import csv_bytes
from waypoint.people.models import Person
from waypoint.testing.factories import api_client, member

pytestmark = pytest.mark.django_db

ROWS = [
    {
        "ext_SourceRecordId": "1",
        "prs_FirstName": "Ana",
        "prs_Gender": "Feminine",
        "vic_TypeOfExploitation": "ForcedLabour",
    }
]


@pytest.fixture(autouse=True)
def _tasks_run_on_commit(django_capture_on_commit_callbacks, monkeypatch):
    """Jobs are enqueued on commit; tests never commit, so run the callbacks after each request."""
    from rest_framework.test import APIClient

    original = APIClient.generic

    def generic(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, *args, **kwargs)

    monkeypatch.setattr(APIClient, "generic", generic)


def upload(client, content: bytes, *, file_format="csv", dry_run=False, name="cases.csv"):
    return client.post(
        "/api/v1/imports/",
        {
            "file": SimpleUploadedFile(name, content),
            "format": file_format,
            "dry_run": "true" if dry_run else "false",
        },
        format="multipart",
    )


def test_import_job_flow(org_a, supervisor_a):
    client = api_client(supervisor_a)
    response = upload(client, csv_bytes(ROWS), dry_run=True)
    assert response.status_code == 202, response.json()
    job = response.json()
    # Tasks run inline in tests: the job has finished by the time the response is read back.
    detail = client.get(f"/api/v1/imports/{job['id']}/").json()
    assert detail["status"] == "succeeded" and detail["dry_run"] is True
    assert detail["report"]["records_created"] == 1 and detail["report"]["outcome"] == "accepted"
    assert detail["progress"]["done"] == 1
    assert not Person.objects.exists()
    response = upload(client, csv_bytes(ROWS))
    assert (
        client.get(f"/api/v1/imports/{response.json()['id']}/").json()["report"]["records_created"]
        == 1
    )
    assert CasePerson.objects.count() == 1
    listing = client.get("/api/v1/imports/?status=succeeded&sort=-created").json()
    assert listing["count"] == 2
    # The stored upload is gone once the job has run.
    assert storage.stored_names(storage.imports_dir()) == []


def test_rejected_import_reports_every_problem_through_the_api(supervisor_a):
    client = api_client(supervisor_a)
    response = upload(client, csv_bytes([dict(ROWS[0], prs_Gender="Woman")]))
    detail = client.get(f"/api/v1/imports/{response.json()['id']}/").json()
    assert detail["status"] == "rejected"
    assert detail["report"]["errors"] == [
        {
            "where": "row 2",
            "row": 2,
            "field": "prs_Gender",
            "value": "Woman",
            "reason": "Woman is not one of the allowed codes.",
        }
    ]
    assert not Case.objects.exists()


def test_import_needs_the_import_permission_and_reads_nothing_otherwise(org_a):
    worker = member(org_a, Role.CASE_WORKER)
    response = upload(api_client(worker), csv_bytes(ROWS))
    assert response.status_code == 403
    assert set(response.json()) == {"error"}
    assert not ImportJob.objects.exists() and not Person.objects.exists()
    assert storage.stored_names(storage.imports_dir()) == []


def test_other_organisation_cannot_see_an_import_job(org_b, supervisor_a):
    job_id = upload(api_client(supervisor_a), csv_bytes(ROWS)).json()["id"]
    stranger = member(org_b, Role.CASE_SUPERVISOR)
    response = api_client(stranger).get(f"/api/v1/imports/{job_id}/")
    assert response.status_code == 404
    assert "report" not in response.json()


def test_a_file_over_the_limit_is_refused_before_it_is_read(supervisor_a, settings):
    settings.WAYPOINT_MAX_UPLOAD_BYTES = 1024
    client = api_client(supervisor_a)
    response = upload(client, b"prs_Gender\n" + b"Feminine\n" * 2000)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert not ImportJob.objects.exists()
    assert storage.stored_names(storage.imports_dir()) == []


def test_a_200_mb_request_is_refused_without_reading_the_body(supervisor_a):
    """The announced length alone refuses it: the body stream is never read."""

    class Untouchable(io.RawIOBase):
        read_bytes = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            Untouchable.read_bytes += len(buffer)
            raise AssertionError("the body was read")

    from rest_framework.test import APIRequestFactory

    from waypoint.exchange.api import ImportListApi

    factory = APIRequestFactory()
    request = factory.generic(
        "POST", "/api/v1/imports/", content_type="multipart/form-data; boundary=x"
    )
    request.META["CONTENT_LENGTH"] = str(200 * 1024 * 1024)
    request.META["wsgi.input"] = Untouchable()
    request._stream = Untouchable()
    from rest_framework.test import force_authenticate

    force_authenticate(request, user=supervisor_a)
    from waypoint.access.session import build_actor

    request.actor = build_actor(
        supervisor_a, organisation_public_id=None, via="api", request_id="x", ip_address=None
    )
    response = ImportListApi.as_view()(request)
    assert response.status_code == 413
    assert Untouchable.read_bytes == 0
    assert not ImportJob.objects.exists()


def test_export_job_flow_and_single_download(org_a, supervisor_a):
    client = api_client(supervisor_a)
    upload(client, csv_bytes(ROWS))
    response = client.post(
        "/api/v1/exports/", {"format": "json", "identifying": True}, format="json"
    )
    assert response.status_code == 202, response.json()
    job = client.get(f"/api/v1/exports/{response.json()['id']}/").json()
    assert (
        job["status"] == "succeeded" and job["row_count"] == 1 and job["download_available"] is True
    )
    download = client.get(f"/api/v1/exports/{job['id']}/download/")
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert b'"prs_FirstName": "Ana"' in body
    assert download["Content-Disposition"].startswith("attachment;")
    assert client.get(f"/api/v1/exports/{job['id']}/").json()["download_available"] is False
    again = client.get(f"/api/v1/exports/{job['id']}/download/")
    assert again.status_code == 400


def test_export_refusals(org_a, org_b, supervisor_a):
    analyst = member(org_a, Role.ANALYST)
    response = api_client(analyst).post("/api/v1/exports/", {"format": "csv"}, format="json")
    assert response.status_code == 403 and "statistics only" in response.json()["error"]["message"]
    worker = member(org_a, Role.CASE_WORKER)
    response = api_client(worker).post(
        "/api/v1/exports/", {"format": "csv", "identifying": True}, format="json"
    )
    assert response.status_code == 403
    auditor = member(org_a, Role.AUDITOR)
    assert api_client(auditor).get("/api/v1/exports/").status_code == 403
    assert not ExportJob.objects.exists()
    job_id = (
        api_client(supervisor_a)
        .post("/api/v1/exports/", {"format": "csv"}, format="json")
        .json()["id"]
    )
    colleague = member(org_a, Role.CASE_SUPERVISOR)
    assert api_client(colleague).get(f"/api/v1/exports/{job_id}/").status_code == 404
    assert api_client(colleague).get(f"/api/v1/exports/{job_id}/download/").status_code == 404
    assert ExportJob.objects.get().downloaded_at is None


def test_list_endpoints_use_a_fixed_number_of_queries(org_a, supervisor_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client(supervisor_a)

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    upload(client, csv_bytes(ROWS))
    client.post("/api/v1/exports/", {"format": "csv"}, format="json")
    few = (queries("/api/v1/imports/"), queries("/api/v1/exports/"))
    for _ in range(4):
        upload(client, csv_bytes(ROWS))
        client.post("/api/v1/exports/", {"format": "csv"}, format="json")
    assert (queries("/api/v1/imports/"), queries("/api/v1/exports/")) == few
    assert few[0] <= 12 and few[1] <= 12
