"""The demo builder: a fictional plan reported on by five agencies, loaded twice without change."""

import pytest
from django.utils import timezone

from waypoint.action_plans.choices import ReportState
from waypoint.action_plans.models import (
    Action,
    Campaign,
    Plan,
    ProgressReport,
    Recommendation,
    TierRecord,
    TipSubmission,
    Training,
)
from waypoint.action_plans.selectors.monitoring import stakeholder_performance
from waypoint.action_plans.selectors.plans import round_report_rows
from waypoint.action_plans.selectors.tip import workspace
from waypoint.operations import demo


def _counts():
    return tuple(
        model.objects.count()
        for model in (Plan, Action, ProgressReport, Recommendation, TierRecord, Training, Campaign)
    )


@pytest.mark.django_db
def test_demo_loads_an_action_plan_for_five_agencies_and_is_idempotent():
    assert "waypoint.action_plans.demo.load" in demo.DEMO_BUILDERS
    context = demo.load()
    plan = Plan.objects.get()
    leads = set(plan.actions.values_list("lead_organisation__name", flat=True))
    assert len(leads - {context.organisations["coordination1"].name}) >= 5
    coordinator = context.actor("coordinator.coordination1")
    today = timezone.localdate()
    passed, current = plan.rounds.order_by("period_start")
    states = [
        row.state
        for row in round_report_rows(actor=coordinator, reporting_round=passed, today=today)
    ]
    assert states.count(ReportState.LATE) == 1
    assert states.count(ReportState.MISSING) == 1
    assert ReportState.ON_TIME in states
    current_states = {
        row.state
        for row in round_report_rows(actor=coordinator, reporting_round=current, today=today)
    }
    assert current_states == {ReportState.ON_TIME, ReportState.PENDING}
    rows = stakeholder_performance(actor=coordinator, plan=plan, today=today)
    assert sum(row.reports_late for row in rows) == 1
    result = workspace(actor=coordinator, submission=TipSubmission.objects.get(), today=today)
    codes = {gap.code for gap in result.gaps}
    assert "watch_list_downgrade" in codes
    # The demo's criminal cases give the law-enforcement figures the State Department asks for.
    assert "missing_law_enforcement_data" not in codes
    assert len(result.prioritised.rows) == 5
    before = _counts()
    demo.load()
    assert _counts() == before
