"""Progress reports: who may report on which action, lateness, and what a report changes."""

import datetime as dt
from decimal import Decimal

import pytest

from waypoint.access.roles import Role
from waypoint.action_plans.choices import ActionStatus, IndicatorKind, ReportState
from waypoint.action_plans.models import IndicatorValue, ProgressReport, Reporter
from waypoint.action_plans.selectors.plans import my_round_rows, report_get, round_report_rows
from waypoint.action_plans.services.actions import IndicatorData, indicator_create
from waypoint.action_plans.services.plans import round_create
from waypoint.action_plans.services.reports import (
    ReportData,
    report_save,
    reporter_end,
    reporter_name,
)
from waypoint.action_plans.tests.conftest import audit_count
from waypoint.audit.models import AuditEvent
from waypoint.common.errors import ActionDenied, NotVisible, ValidationFailed
from waypoint.testing.factories import actor_for, member


@pytest.fixture
def late_round(coord, plan, today):
    """A round whose deadline has passed."""
    return round_create(
        actor=coord,
        plan=plan,
        label="Round 1",
        period_start=today - dt.timedelta(days=120),
        period_end=today - dt.timedelta(days=30),
        deadline=today - dt.timedelta(days=10),
    )


@pytest.fixture
def open_round(coord, plan, today):
    """A round in progress, due in five days."""
    return round_create(
        actor=coord,
        plan=plan,
        label="Round 2",
        period_start=today - dt.timedelta(days=29),
        period_end=today,
        deadline=today + dt.timedelta(days=5),
    )


@pytest.fixture
def indicator(coord, action_a):
    return indicator_create(
        actor=coord,
        action=action_a,
        data=IndicatorData(
            kind=IndicatorKind.OUTPUT, name="Posters", baseline=Decimal(0), target=Decimal(100)
        ),
    )


def _snapshot():
    return (
        ProgressReport.objects.count(),
        IndicatorValue.objects.count(),
        Reporter.objects.count(),
        audit_count(),
    )


@pytest.mark.django_db
def test_org_admin_reports_on_its_action_and_the_action_follows(
    admin_a, org_a, action_a, open_round, indicator, today
):
    actor = actor_for(admin_a, org_a)
    report = report_save(
        actor=actor,
        reporting_round=open_round,
        action=action_a,
        data=ReportData(
            status=ActionStatus.DELAYED,
            narrative="Printing delayed by the supplier.",
            budget_spent=Decimal("2500.00"),
            indicator_values={indicator: Decimal(40)},
            submit=True,
        ),
    )
    assert report.is_submitted and report.first_submitted_on == today
    assert report.organisation == org_a
    action_a.refresh_from_db()
    indicator.refresh_from_db()
    assert action_a.status == ActionStatus.DELAYED
    assert action_a.status_round == open_round
    assert action_a.budget_spent == Decimal("2500.00")
    assert indicator.current_value == Decimal(40)
    event = AuditEvent.objects.get(action="progress_report.submit")
    assert event.details["late"] is False
    assert event.details["indicator_values"] == 1
    assert "Printing" not in str(event.details)
    # The narrative is encrypted at rest.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT narrative FROM action_plans_progressreport")
        assert cursor.fetchone()[0].startswith("wp1:")


@pytest.mark.django_db
def test_a_report_after_the_deadline_is_late_and_a_correction_keeps_its_first_date(
    admin_a, org_a, action_a, late_round, today, monkeypatch
):
    actor = actor_for(admin_a, org_a)
    report = report_save(
        actor=actor,
        reporting_round=late_round,
        action=action_a,
        data=ReportData(status=ActionStatus.ON_TRACK, narrative="Late but done.", submit=True),
    )
    rows = round_report_rows(actor=actor, reporting_round=late_round, today=today)
    assert [(row.action, row.state) for row in rows] == [(action_a, ReportState.LATE)]
    assert AuditEvent.objects.get(action="progress_report.submit").details["late"] is True
    # Corrected three days later: still judged by the first submission.
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: today + dt.timedelta(days=3))
    report_save(
        actor=actor,
        reporting_round=late_round,
        action=action_a,
        data=ReportData(status=ActionStatus.ON_TRACK, narrative="Corrected.", submit=True),
        expected_version=report.version,
    )
    report.refresh_from_db()
    assert report.first_submitted_on == today
    assert report.narrative == "Corrected."
    assert report.version == 2


@pytest.mark.django_db
def test_round_rows_flag_missing_and_pending(
    coord, action_a, action_b, late_round, open_round, today
):
    missing = round_report_rows(actor=coord, reporting_round=late_round, today=today)
    assert {row.action.code: row.state for row in missing} == {
        "1.1.1": ReportState.MISSING,
        "1.1.2": ReportState.MISSING,
    }
    assert all(row.is_flagged for row in missing)
    pending = round_report_rows(actor=coord, reporting_round=open_round, today=today)
    assert {row.state for row in pending} == {ReportState.PENDING}


@pytest.mark.django_db
def test_an_organisation_cannot_report_on_another_organisations_action(
    admin_a, admin_b, org_a, org_b, action_a, action_b, open_round
):
    before = _snapshot()
    with pytest.raises(NotVisible):
        report_save(
            actor=actor_for(admin_b, org_b),
            reporting_round=open_round,
            action=action_a,
            data=ReportData(status=ActionStatus.COMPLETED, narrative="Not ours", submit=True),
        )
    assert _snapshot() == before
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.NOT_STARTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.CASE_WORKER, Role.FIRST_RESPONDER, Role.ANALYST, Role.AUDITOR, Role.SYSTEM_ADMIN]
)
def test_members_without_the_right_cannot_report(org_a, role, action_a, open_round):
    actor = actor_for(member(org_a, role), org_a)
    before = _snapshot()
    with pytest.raises(ActionDenied) as refusal:
        report_save(
            actor=actor,
            reporting_round=open_round,
            action=action_a,
            data=ReportData(status=ActionStatus.ON_TRACK, narrative="x", submit=True),
        )
    assert "Organisation administrator" in refusal.value.message
    assert _snapshot() == before


@pytest.mark.django_db
def test_org_admin_names_a_reporter_who_may_then_report(
    admin_a, org_a, org_b, action_a, open_round
):
    case_worker = member(org_a, Role.CASE_WORKER, username="cw.reporter")
    outsider = member(org_b, Role.CASE_WORKER)
    admin = actor_for(admin_a, org_a)
    with pytest.raises(ValidationFailed):
        reporter_name(actor=admin, user=outsider)
    naming = reporter_name(actor=admin, user=case_worker)
    assert reporter_name(actor=admin, user=case_worker) == naming
    report = report_save(
        actor=actor_for(case_worker, org_a),
        reporting_round=open_round,
        action=action_a,
        data=ReportData(status=ActionStatus.ON_TRACK, narrative="Going well."),
    )
    assert not report.is_submitted
    reporter_end(actor=admin, reporter=naming)
    with pytest.raises(ActionDenied):
        report_save(
            actor=actor_for(case_worker, org_a),
            reporting_round=open_round,
            action=action_a,
            data=ReportData(status=ActionStatus.ON_TRACK, narrative="Again", submit=True),
        )
    report.refresh_from_db()
    assert not report.is_submitted


@pytest.mark.django_db
def test_only_an_org_admin_names_reporters_of_their_own_organisation(org_a, admin_b, org_b, coord):
    person = member(org_a, Role.CASE_WORKER)
    before = _snapshot()
    with pytest.raises(ActionDenied):
        reporter_name(actor=coord, user=person)
    with pytest.raises(ValidationFailed):
        reporter_name(actor=actor_for(admin_b, org_b), user=person)
    assert _snapshot() == before


@pytest.mark.django_db
def test_drafts_are_seen_only_by_the_reporting_organisation(
    admin_a, admin_b, org_a, org_b, action_a, open_round, coord, today
):
    report = report_save(
        actor=actor_for(admin_a, org_a),
        reporting_round=open_round,
        action=action_a,
        data=ReportData(status=ActionStatus.ON_TRACK, narrative="Draft words"),
    )
    assert report_get(actor=actor_for(admin_a, org_a), public_id=report.public_id) == report
    for outsider in (actor_for(admin_b, org_b), coord):
        with pytest.raises(NotVisible):
            report_get(actor=outsider, public_id=report.public_id)
    rows = my_round_rows(actor=actor_for(admin_a, org_a), reporting_round=open_round, today=today)
    assert [row.state for row in rows] == [ReportState.DRAFT]
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.NOT_STARTED  # a draft changes nothing


@pytest.mark.django_db
def test_submitting_needs_a_narrative_and_known_values(admin_a, org_a, action_a, open_round):
    with pytest.raises(ValidationFailed) as refusal:
        report_save(
            actor=actor_for(admin_a, org_a),
            reporting_round=open_round,
            action=action_a,
            data=ReportData(status="finished", narrative="", budget_spent=Decimal(-5), submit=True),
        )
    assert set(refusal.value.fields) == {"status", "narrative", "budget_spent"}
    assert ProgressReport.objects.count() == 0


@pytest.mark.django_db
def test_an_older_round_reported_late_does_not_override_a_newer_status(
    admin_a, org_a, action_a, late_round, open_round
):
    actor = actor_for(admin_a, org_a)
    report_save(
        actor=actor,
        reporting_round=open_round,
        action=action_a,
        data=ReportData(status=ActionStatus.COMPLETED, narrative="Done.", submit=True),
    )
    report_save(
        actor=actor,
        reporting_round=late_round,
        action=action_a,
        data=ReportData(status=ActionStatus.DELAYED, narrative="Was delayed.", submit=True),
    )
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.COMPLETED
    assert action_a.closed_on == open_round.period_end


@pytest.mark.django_db
def test_restricted_budgets_refuse_spend_from_those_who_cannot_see_them(
    coord, plan, org_a, action_a, open_round
):
    import dataclasses

    from waypoint.action_plans.services.plans import PlanData, plan_update

    plan_update(
        actor=coord,
        plan=plan,
        data=dataclasses.replace(PlanData.of(plan), budgets_restricted=True),
        expected_version=plan.version,
    )
    admin = actor_for(member(org_a, Role.ORG_ADMIN), org_a)
    case_worker = member(org_a, Role.CASE_WORKER)
    reporter_name(actor=admin, user=case_worker)
    with pytest.raises(ValidationFailed) as refusal:
        report_save(
            actor=actor_for(case_worker, org_a),
            reporting_round=open_round,
            action=action_a,
            data=ReportData(
                status=ActionStatus.ON_TRACK, narrative="x", budget_spent=Decimal(1), submit=True
            ),
        )
    assert "budget_spent" in refusal.value.fields
