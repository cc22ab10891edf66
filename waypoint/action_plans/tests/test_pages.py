"""Pages: forms with errors beside each field, reporting from the page, refusals that say why,
sortable and filterable lists, budgets restricted, htmx."""

import dataclasses
import datetime as dt
import re

import pytest

from waypoint.access.roles import Role
from waypoint.action_plans.models import Action, Plan, ProgressReport
from waypoint.action_plans.services.plans import PlanData, plan_update
from waypoint.notifications.models import Notification
from waypoint.testing.factories import member, signed_in_client

PAGES = "/action-plans"


@pytest.mark.django_db
def test_plan_form_shows_errors_beside_each_field_and_creates_nothing(coordinator):
    client = signed_in_client(coordinator)
    response = client.post(
        f"{PAGES}/plans/new/",
        {
            "title": "Plan",
            "kind": "action_plan",
            "period_start": "2027-01-01",
            "period_end": "2026-01-01",
            "status": "draft",
            "currency": "euro",
            "reminder_days": "14, soon",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_reminder_days_error"' in html
    assert "Use whole numbers of days" in html
    assert Plan.objects.count() == 0
    response = client.post(
        f"{PAGES}/plans/new/",
        {
            "title": "Plan",
            "kind": "action_plan",
            "period_start": "2027-01-01",
            "period_end": "2026-01-01",
            "status": "draft",
            "currency": "E1",
            "reminder_days": "14",
        },
    )
    html = response.content.decode()
    # Service errors land beside their fields.
    assert re.search(r'id="id_period_end_error"[^>]*>\s*<li>The end is before the start', html)
    assert 'id="id_currency_error"' in html
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_coordinator_adds_an_action_from_the_page(coordinator, plan, objective, org_a, org_b):
    client = signed_in_client(coordinator)
    form = client.get(
        f"{PAGES}/plans/{plan.public_id}/actions/new/?objective={objective.public_id}"
    )
    assert form.status_code == 200
    response = client.post(
        f"{PAGES}/plans/{plan.public_id}/actions/new/",
        {
            "objective": str(objective.public_id),
            "code": "1.1.9",
            "title": "Train cultural mediators",
            "lead_organisation": str(org_a.public_id),
            "partner_organisations": [str(org_b.public_id)],
            "start_date": "2026-01-01",
            "due_date": "2026-06-30",
            "budget_allocated": "2500",
            "currency": "EUR",
            "version": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    action = Action.objects.get(code="1.1.9")
    assert action.lead_organisation == org_a
    assert "Train cultural mediators" in response.content.decode()


@pytest.mark.django_db
def test_org_admin_reports_late_from_the_page(world, admin_a):
    client = signed_in_client(admin_a)
    mine = client.get(f"{PAGES}/reporting/").content.decode()
    assert "Missing" not in mine or "Submitted late" in mine
    url = f"{PAGES}/reporting/{world['passed'].public_id}/{world['a1'].public_id}/"
    page = client.get(url).content.decode()
    assert "Submitted" in page  # already reported on time in the passed round
    b_round = f"{PAGES}/reporting/{world['current'].public_id}/{world['a2'].public_id}/"
    refused = client.post(b_round, {"status": "completed", "narrative": "", "intent": "submit"})
    assert (
        "Required to submit" in refused.content.decode()
        or "This field is required" in refused.content.decode()
    )
    assert not ProgressReport.objects.filter(round=world["current"], action=world["a2"]).exists()
    saved = client.post(
        b_round,
        {"status": "completed", "narrative": "Funds arrived, leaflets out.", "intent": "submit"},
        follow=True,
    )
    assert "Report submitted." in saved.content.decode()
    report = ProgressReport.objects.get(round=world["current"], action=world["a2"])
    assert report.is_submitted
    world["a2"].refresh_from_db()
    assert world["a2"].status == "completed"


@pytest.mark.django_db
def test_missing_report_page_says_it_is_missing(world, org_b, admin_b):
    url = f"{PAGES}/reporting/{world['passed'].public_id}/{world['b1'].public_id}/"
    page = signed_in_client(admin_b, org_b).get(url).content.decode()
    assert "this report is missing" in page


@pytest.mark.django_db
def test_refusal_says_why(world, org_a):
    analyst = member(org_a, Role.ANALYST)
    response = signed_in_client(analyst).get(f"{PAGES}/reporting/")
    assert response.status_code == 403
    assert "name as reporters" in response.content.decode()
    response = signed_in_client(analyst).get(f"{PAGES}/plans/new/")
    assert response.status_code == 403
    assert "National coordinator" in response.content.decode()


@pytest.mark.django_db
def test_round_page_flags_late_and_missing(world, coordinator):
    html = (
        signed_in_client(coordinator)
        .get(f"{PAGES}/rounds/{world['passed'].public_id}/")
        .content.decode()
    )
    assert "2 reports are late or missing." in html
    assert html.count("Submitted late") >= 1
    only_missing = (
        signed_in_client(coordinator)
        .get(f"{PAGES}/rounds/{world['passed'].public_id}/?state=missing")
        .content.decode()
    )
    assert "1.1.3" in only_missing and "1.1.1 Action" not in only_missing


@pytest.mark.django_db
def test_action_list_sorts_filters_and_answers_htmx(world, coordinator):
    client = signed_in_client(coordinator)
    url = f"{PAGES}/plans/{world['a1'].plan.public_id}/actions/"
    descending = client.get(url, {"sort": "-code"}).content.decode()
    assert descending.index("1.1.3") < descending.index("1.1.1")
    assert 'aria-sort="descending"' in descending
    overdue = client.get(url, {"overdue": "on"}).content.decode()
    assert "1.1.3" in overdue and "Action 1.1.1" not in overdue
    partial = client.get(url, {"status": "delayed"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="results"' in partial and "Action 1.1.2" in partial and "Action 1.1.1" not in partial


@pytest.mark.django_db
def test_restricted_budgets_are_hidden_from_pages(world, coord, org_a, plan):
    plan_update(
        actor=coord,
        plan=plan,
        data=dataclasses.replace(PlanData.of(plan), budgets_restricted=True),
        expected_version=plan.version,
    )
    case_worker = signed_in_client(member(org_a, Role.CASE_WORKER))
    detail = case_worker.get(f"{PAGES}/actions/{world['a1'].public_id}/").content.decode()
    assert "10000.00" not in detail
    assert "Restricted for this plan." in detail
    actions = case_worker.get(f"{PAGES}/plans/{plan.public_id}/actions/").content.decode()
    assert "10000.00" not in actions
    workbook = case_worker.get(f"{PAGES}/plans/{plan.public_id}/monitoring.xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    assert "Budgets" not in load_workbook(BytesIO(workbook.content)).sheetnames


@pytest.mark.django_db
def test_reminders_reach_the_notifications_inbox_and_lead_to_my_reporting(world, admin_a):
    from waypoint.access.actor import Actor
    from waypoint.action_plans.services.reminders import reminders_send

    reminders_send(
        actor=Actor.system("test"), today=world["current"].deadline - dt.timedelta(days=2)
    )
    notification = Notification.objects.get(recipient=admin_a)
    client = signed_in_client(admin_a)
    inbox = client.get("/notifications/?unread=1").content.decode()
    assert notification.title in inbox
    opened = client.post(f"/notifications/{notification.public_id}/open/")
    assert opened.status_code == 302
    assert opened["Location"] == f"{PAGES}/reporting/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    home = client.get("/").content.decode()
    assert "National action plan" in home


@pytest.mark.django_db
def test_monitoring_page_has_charts_with_tables(world, coordinator):
    html = (
        signed_in_client(coordinator)
        .get(f"{PAGES}/plans/{world['a1'].plan.public_id}/monitoring/")
        .content.decode()
    )
    assert html.count("<svg") == 2
    assert 'role="img"' in html and "<title id=" in html
    assert "Stakeholder performance" in html and "Organisation B" in html
    assert "<script" not in html.split("</head>")[1]  # no inline scripts (CSP)


@pytest.mark.django_db
def test_tip_workspace_page_shows_gaps_and_no_data_source(world, coordinator):
    client = signed_in_client(coordinator)
    html = client.get(f"{PAGES}/tip/{world['submission'].public_id}/").content.decode()
    # Criminal cases are a connected source; with none recorded, the figures are missing.
    assert "Not available for this period: investigations, prosecutions, convictions" in html
    assert "places it on Tier 3" in html
    criterion = client.get(
        f"{PAGES}/tip/{world['submission'].public_id}/criteria/SSE5/"
    ).content.decode()
    assert "No data source yet" in criterion
    saved = client.post(
        f"{PAGES}/tip/{world['submission'].public_id}/criteria/SSE5/",
        {"narrative": "Two extraditions granted.", "status": "complete", "version": "1"},
        follow=True,
    )
    assert saved.status_code == 200
    assert (
        world["submission"].entries.get(criterion="SSE5").narrative == "Two extraditions granted."
    )


@pytest.mark.django_db
def test_rounds_schedule_from_the_page(coordinator, plan):
    client = signed_in_client(coordinator)
    response = client.post(
        f"{PAGES}/plans/{plan.public_id}/rounds/",
        {"schedule": "1", "schedule-frequency": "half_yearly", "schedule-deadline_days": "200"},
    )
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 120" in response.content.decode()
    assert plan.rounds.count() == 0
    client.post(
        f"{PAGES}/plans/{plan.public_id}/rounds/",
        {"schedule": "1", "schedule-frequency": "half_yearly", "schedule-deadline_days": "20"},
    )
    assert plan.rounds.count() >= 4
    assert all(r.deadline == r.period_end + dt.timedelta(days=20) for r in plan.rounds.all())
