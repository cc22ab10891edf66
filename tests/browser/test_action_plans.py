"""The national coordinator enters an action; the lead organisation's administrator reports on it
from a phone; the monitoring page shows the report."""

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import sign_in
from waypoint.access.roles import Role
from waypoint.accounts.choices import OrganisationType
from waypoint.action_plans.choices import PlanKind, PlanStatus
from waypoint.action_plans.models import Action, ProgressReport
from waypoint.action_plans.services.plans import (
    PlanData,
    objective_create,
    plan_create,
    round_create,
)
from waypoint.testing.factories import PASSWORD, OrganisationFactory, actor_for, member


def _verify(page, user):
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    page.wait_for_url("**/two-factor/verify/**")
    page.get_by_label("Code").fill(f"{totp(device.bin_key, step=30, digits=6):06d}")
    page.get_by_role("button", name="Continue").click()


def _with_authenticator(user):
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


@pytest.mark.django_db(transaction=True)
def test_coordinator_enters_an_action_and_the_org_admin_reports_on_it(page, phone, live_server):
    coordination = OrganisationFactory(
        name="Coordination Office", org_type=OrganisationType.NATIONAL_COORDINATION
    )
    labour = OrganisationFactory(
        name="Labour Inspectorate", org_type=OrganisationType.LABOUR_INSPECTORATE
    )
    OrganisationFactory(name="Harbour NGO", org_type=OrganisationType.NGO)
    coordinator = _with_authenticator(
        member(coordination, Role.COORDINATOR, username="coord.browser")
    )
    admin = _with_authenticator(member(labour, Role.ORG_ADMIN, username="admin.browser"))
    today = timezone.localdate()
    actor = actor_for(coordinator, coordination)
    plan = plan_create(
        actor=actor,
        data=PlanData(
            title="Browser Action Plan",
            kind=PlanKind.ACTION_PLAN,
            period_start=today - dt.timedelta(days=200),
            period_end=today + dt.timedelta(days=500),
            status=PlanStatus.ACTIVE,
        ),
    )
    objective = objective_create(
        actor=actor, pillar=plan.pillars.get(code="prevention"), code="1.1", title="Awareness"
    )
    reporting_round = round_create(
        actor=actor,
        plan=plan,
        label="Current round",
        period_start=today - dt.timedelta(days=30),
        period_end=today + dt.timedelta(days=30),
        deadline=today + dt.timedelta(days=40),
    )

    # The coordinator enters the action.
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    sign_in(page, live_server, "coord.browser", PASSWORD)
    _verify(page, coordinator)
    page.goto(f"{live_server.url}/action-plans/plans/{plan.public_id}/actions/new/")
    page.get_by_label("Objective").select_option(label=f"{objective.pillar.name} · 1.1 Awareness")
    page.get_by_label("Code").fill("1.1.1")
    page.get_by_label("Title", exact=True).fill("Inspections with cultural mediators at farms")
    page.get_by_label("Lead organisation").select_option(label="Labour Inspectorate")
    page.get_by_label("Harbour NGO").check()
    page.get_by_label("Due date").fill((today + dt.timedelta(days=300)).isoformat())
    page.get_by_role("button", name="Add action").click()
    page.wait_for_url("**/action-plans/actions/**")
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "1.1.1 Inspections with cultural mediators at farms"
    )
    action = Action.objects.get(code="1.1.1")
    assert action.lead_organisation == labour
    # Errors are shown beside the field.
    page.goto(f"{live_server.url}/action-plans/plans/{plan.public_id}/actions/new/")
    page.get_by_label("Objective").select_option(label=f"{objective.pillar.name} · 1.1 Awareness")
    page.get_by_label("Code").fill("1.1.1")
    page.get_by_label("Title", exact=True).fill("Duplicate")
    page.get_by_label("Lead organisation").select_option(label="Labour Inspectorate")
    page.get_by_role("button", name="Add action").click()
    assert "already has an action with this code" in page.locator("#id_code_error").inner_text()
    assert errors == []

    # The organisation administrator reports on it from a phone.
    sign_in(phone, live_server, "admin.browser", PASSWORD)
    _verify(phone, admin)
    phone.goto(f"{live_server.url}/action-plans/reporting/")
    phone.get_by_role("link", name="Report 1.1.1").click()
    phone.get_by_label("Status of the action").select_option("delayed")
    phone.get_by_label("What was done in this round").fill(
        "Two farms inspected; mediators booked for the rest."
    )
    phone.get_by_role("button", name="Submit report").click()
    assert "Report submitted." in phone.locator(".messages").inner_text()
    report = ProgressReport.objects.get(round=reporting_round, action=action)
    assert report.is_submitted and report.status == "delayed"

    # The committee's view shows it.
    page.goto(f"{live_server.url}/action-plans/plans/{plan.public_id}/monitoring/")
    table = page.locator("#stakeholders-heading ~ .chart-with-table table")
    assert "Labour Inspectorate" in table.inner_text()
    page.goto(f"{live_server.url}/action-plans/rounds/{reporting_round.public_id}/")
    assert "Submitted on time" in page.locator("table").inner_text()
