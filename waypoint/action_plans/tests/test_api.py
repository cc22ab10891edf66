"""The API under /api/v1/action-plans/: flows, error shapes, versions, files, query counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from waypoint.access.roles import Role
from waypoint.action_plans.models import Action, Attachment, ProgressReport
from waypoint.audit.models import AuditEvent
from waypoint.testing.factories import api_client, member

API = "/api/v1/action-plans"


@pytest.mark.django_db
def test_coordinator_builds_a_plan_through_the_api(coordinator, org_a, org_b, today):
    client = api_client(coordinator)
    response = client.post(
        f"{API}/plans/",
        {
            "title": "Action Plan 2026",
            "kind": "action_plan",
            "period_start": "2026-01-01",
            "period_end": "2027-12-31",
            "status": "active",
            "currency": "EUR",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    plan = response.json()
    assert [pillar["code"] for pillar in plan["pillars"]] == [
        "prevention",
        "protection",
        "prosecution",
        "partnership",
    ]
    prevention = plan["pillars"][0]["id"]
    objective = client.post(
        f"{API}/pillars/{prevention}/objectives/",
        {"code": "1.1", "title": "Awareness among groups at risk"},
        format="json",
    ).json()
    created = client.post(
        f"{API}/actions/",
        {
            "objective": objective["id"],
            "code": "1.1.1",
            "title": "Leaflets for asylum seekers in six languages",
            "lead_organisation": str(org_a.public_id),
            "partner_organisations": [str(org_b.public_id)],
            "start_date": "2026-02-01",
            "due_date": "2026-12-31",
            "budget_allocated": "12000.00",
            "currency": "EUR",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    action = created.json()
    assert action["lead_organisation"]["name"] == "Organisation A"
    assert action["partner_organisations"][0]["name"] == "Organisation B"
    assert action["budget"] == {"allocated": "12000.00", "spent": None, "currency": "EUR"}
    indicator = client.post(
        f"{API}/actions/{action['id']}/indicators/",
        {"kind": "output", "name": "Leaflets distributed", "unit": "leaflets", "target": "5000"},
        format="json",
    )
    assert indicator.status_code == 201
    rounds = client.post(
        f"{API}/plans/{plan['id']}/rounds/schedule/",
        {"frequency": "quarterly", "deadline_days": 15},
        format="json",
    )
    assert rounds.status_code == 201
    assert len(rounds.json()) == 8
    listed = client.get(f"{API}/actions/", {"plan": plan["id"], "pillar": "prevention"}).json()
    assert listed["count"] == 1
    assert "id" in listed["results"][0] and "pk" not in listed["results"][0]


@pytest.mark.django_db
def test_validation_errors_name_each_field_and_unknown_references_are_400(coordinator, objective):
    client = api_client(coordinator)
    response = client.post(
        f"{API}/actions/",
        {
            "objective": str(objective.public_id),
            "code": "",
            "title": "x",
            "lead_organisation": "00000000-0000-0000-0000-000000000000",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "code" in response.json()["error"]["fields"]
    response = client.post(
        f"{API}/actions/",
        {
            "objective": str(objective.public_id),
            "code": "9.9",
            "title": "x",
            "lead_organisation": "00000000-0000-0000-0000-000000000000",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "lead_organisation" in response.json()["error"]["fields"]
    assert Action.objects.count() == 0


@pytest.mark.django_db
def test_stale_version_is_a_conflict(coordinator, action_a):
    client = api_client(coordinator)
    url = f"{API}/actions/{action_a.public_id}/"
    first = client.patch(url, {"title": "Renamed", "version": 1}, format="json")
    assert first.status_code == 200
    assert first.json()["version"] == 2
    stale = client.patch(url, {"title": "Overwritten", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    action_a.refresh_from_db()
    assert action_a.title == "Renamed"


@pytest.mark.django_db
def test_org_admin_reports_with_indicator_values_and_evidence(world, admin_a, admin_b, org_b):
    client = api_client(admin_a)
    current, a1, indicator = world["current"], world["a1"], world["indicator"]
    mine = client.get(f"{API}/my-reporting/").json()
    assert {row["action_code"] for row in mine[0]["reports"]} == {"1.1.1", "1.1.2"}
    response = client.post(
        f"{API}/reports/",
        {
            "round": str(current.public_id),
            "action": str(a1.public_id),
            "status": "on_track",
            "narrative": "Second print run distributed at the reception centre.",
            "indicator_values": [{"indicator": str(indicator.public_id), "value": "20"}],
            "submit": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    report = response.json()
    assert report["is_submitted"] and not report["is_late"]
    assert report["indicator_values"][0]["value"] == "20.00"
    again = client.post(
        f"{API}/reports/",
        {"round": str(current.public_id), "action": str(a1.public_id), "status": "on_track"},
        format="json",
    )
    assert again.status_code == 400
    assert "version" in again.json()["error"]["fields"]
    upload = client.post(
        f"{API}/reports/{report['id']}/attachments/",
        {"file": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", "application/pdf")},
        format="multipart",
    )
    assert upload.status_code == 201, upload.json()
    attachment = upload.json()
    download = client.get(f"{API}/attachments/{attachment['id']}/")
    assert download.status_code == 200
    assert download.content == b"%PDF-1.4 minutes"
    assert AuditEvent.objects.filter(action="plan_attachment.download").count() == 1
    # Another organisation sees the submitted report but cannot report on, or attach to, it.
    other = api_client(admin_b, org_b)
    assert other.get(f"{API}/reports/{report['id']}/").status_code == 200
    before = (ProgressReport.objects.count(), Attachment.objects.count())
    refused = other.post(
        f"{API}/reports/",
        {"round": str(current.public_id), "action": str(a1.public_id), "status": "completed"},
        format="json",
    )
    assert refused.status_code == 404
    assert "Second print run" not in refused.content.decode()
    refused = other.post(
        f"{API}/reports/{report['id']}/attachments/",
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 x", "application/pdf")},
        format="multipart",
    )
    assert refused.status_code in (403, 404)
    assert (ProgressReport.objects.count(), Attachment.objects.count()) == before


@pytest.mark.django_db
def test_round_shows_late_and_missing_reports(world, coordinator):
    body = api_client(coordinator).get(f"{API}/rounds/{world['passed'].public_id}/").json()
    states = {row["action_code"]: row["state"] for row in body["reports"]}
    assert states == {"1.1.1": "on_time", "1.1.2": "late", "1.1.3": "missing"}
    assert {row["action_code"] for row in body["reports"] if row["is_flagged"]} == {
        "1.1.2",
        "1.1.3",
    }


@pytest.mark.django_db
def test_committee_figures_and_tracker(world, coordinator, org_a, org_b):
    client = api_client(coordinator)
    plan_id = world["a1"].plan.public_id
    progress = client.get(f"{API}/plans/{plan_id}/progress/").json()
    assert progress["counts"]["total"] == 3
    assert progress["counts"]["overdue"] == 1
    stakeholders = client.get(f"{API}/plans/{plan_id}/stakeholders/", {"sort": "-missing"}).json()
    assert stakeholders[0]["organisation"]["name"] == "Organisation B"
    assert stakeholders[0]["reports_missing"] == 1
    tracker = client.get(f"{API}/recommendation-tracker/").json()
    assert tracker["period_start"] == world["period"].start.isoformat()
    assert tracker["rows"][0]["actions"][0]["code"] == "1.1.1"
    totals = client.get(f"{API}/prevention-totals/").json()
    assert (totals["trainings"], totals["participants_total"], totals["campaigns"]) == (1, 20, 1)
    funding = client.get(f"{API}/funding/").json()
    assert funding["lines"][0]["allocated"] == "30000.00"


@pytest.mark.django_db
def test_tip_workspace_api_flags_missing_law_enforcement_data(world, coordinator):
    client = api_client(coordinator)
    submission = world["submission"]
    body = client.get(f"{API}/tip-submissions/{submission.public_id}/").json()
    assert len(body["criteria"]) == 16
    codes = {gap["code"] for gap in body["gaps"]}
    assert {"missing_law_enforcement_data", "watch_list_downgrade"} <= codes
    sse1 = next(item for item in body["criteria"] if item["code"] == "SSE1")
    assert sse1["has_data_source"] is True  # the prosecution pillar's actions
    sse5 = next(item for item in body["criteria"] if item["code"] == "SSE5")
    assert sse5["has_data_source"] is False and sse5["evidence"] == []
    url = f"{API}/tip-submissions/{submission.public_id}/criteria/SSE3/"
    refused = client.put(url, {"narrative": "", "status": "complete", "version": 1}, format="json")
    assert refused.status_code == 400
    saved = client.put(
        url,
        {"narrative": "Campaigns in six languages.", "status": "complete", "version": 1},
        format="json",
    )
    assert saved.status_code == 200
    assert saved.json()["narrative"] == "Campaigns in six languages."
    assert (
        client.get(f"{API}/tip-submissions/{submission.public_id}/criteria/XX9/").status_code == 404
    )


@pytest.mark.django_db
def test_list_endpoints_keep_a_constant_number_of_queries(
    world, coordinator, django_assert_max_num_queries, coord, objective, org_a
):
    from waypoint.action_plans.tests.conftest import add_action

    client = api_client(coordinator)
    client.get(f"{API}/actions/")  # warm up the token's last-used stamp
    with django_assert_max_num_queries(12) as captured:
        client.get(f"{API}/actions/")
    baseline = len(captured)
    for number in range(6):
        add_action(coord, objective, org_a, f"5.{number}")
    with django_assert_max_num_queries(baseline):
        assert client.get(f"{API}/actions/").json()["count"] == 9
    with django_assert_max_num_queries(14) as captured:
        client.get(f"{API}/recommendations/")
    with django_assert_max_num_queries(14):
        client.get(f"{API}/plans/")


@pytest.mark.django_db
def test_tracker_period_parameter_is_checked(coordinator):
    response = api_client(coordinator).get(f"{API}/recommendation-tracker/", {"period": "soon"})
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message", "fields"}


@pytest.mark.django_db
def test_tip_workspace_is_the_coordinators_only(world, org_a):
    analyst = member(org_a, Role.ANALYST)
    response = api_client(analyst).get(f"{API}/tip-submissions/{world['submission'].public_id}/")
    assert response.status_code == 403
    assert "National coordinator" in response.json()["error"]["message"]
    assert "criteria" not in response.content.decode()


@pytest.mark.django_db
def test_reports_deadline_dates_are_serialised(world, coordinator):
    rounds = api_client(coordinator).get(f"{API}/plans/{world['a1'].plan.public_id}/rounds/").json()
    assert [item["label"] for item in rounds] == ["R1", "R2"]
    assert rounds[0]["expected"] == 3 and rounds[0]["late"] == 1
    assert dt.date.fromisoformat(rounds[0]["deadline"]) == world["passed"].deadline
