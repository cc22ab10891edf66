"""The committee's figures: plan progress, stakeholder performance, the T9–T11 tables."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from waypoint.access.roles import Role
from waypoint.accounts.choices import OrganisationType
from waypoint.action_plans.choices import (
    ActionStatus,
    DerivedStatus,
    IndicatorKind,
    RecommendationSource,
    StatedStatus,
)
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.selectors.monitoring import plan_progress, stakeholder_performance
from waypoint.action_plans.selectors.tables import (
    action_plan_funding,
    campaign_totals,
    recommendation_tracker,
    training_totals,
)
from waypoint.action_plans.services.actions import (
    ActionData,
    IndicatorData,
    action_update,
    indicator_create,
)
from waypoint.action_plans.services.plans import PlanData, plan_update, round_create
from waypoint.action_plans.services.prevention import (
    CampaignData,
    TrainingData,
    campaign_create,
    training_create,
)
from waypoint.action_plans.services.reports import ReportData, report_save
from waypoint.action_plans.services.reviews import (
    RecommendationData,
    recommendation_create,
    recommendation_state,
)
from waypoint.action_plans.tests.conftest import add_action
from waypoint.testing.factories import actor_for, member


@pytest.fixture
def scenario(coord, plan, objective, org_a, org_b, admin_a, admin_b, today):
    """Org A: two actions (one reported on time, one late), an indicator met. Org B: one action,
    overdue, no report."""
    r1 = round_create(
        actor=coord,
        plan=plan,
        label="R1",
        period_start=today - dt.timedelta(days=100),
        period_end=today - dt.timedelta(days=40),
        deadline=today - dt.timedelta(days=20),
    )
    a1 = add_action(coord, objective, org_a, "1.1.1")
    a2 = add_action(coord, objective, org_a, "1.1.2", budget_allocated=Decimal("5000"))
    protection = plan.pillars.get(code="protection")
    from waypoint.action_plans.services.plans import objective_create

    objective2 = objective_create(actor=coord, pillar=protection, code="2.1", title="Shelter")
    b1 = add_action(
        coord,
        objective2,
        org_b,
        "2.1.1",
        due_date=today - dt.timedelta(days=5),
        budget_allocated=None,
    )
    indicator = indicator_create(
        actor=coord,
        action=a1,
        data=IndicatorData(kind=IndicatorKind.OUTPUT, name="Leaflets", target=Decimal(10)),
    )
    actor_a = actor_for(admin_a, org_a)
    # a1 reported during the round (simulated as on time by a backdated first submission).
    report = report_save(
        actor=actor_a,
        reporting_round=r1,
        action=a1,
        data=ReportData(
            status=ActionStatus.ON_TRACK,
            narrative="ok",
            indicator_values={indicator: Decimal(12)},
            submit=True,
        ),
    )
    type(report).objects.filter(pk=report.pk).update(first_submitted_on=r1.deadline)
    report_save(
        actor=actor_a,
        reporting_round=r1,
        action=a2,
        data=ReportData(status=ActionStatus.DELAYED, narrative="late", submit=True),
    )
    return {"round": r1, "a1": a1, "a2": a2, "b1": b1, "objective2": objective2}


@pytest.mark.django_db
def test_plan_progress_by_pillar_and_objective(
    coord, plan, scenario, today, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9):
        progress = plan_progress(actor=coord, plan=plan, today=today)
    assert progress.counts.total == 3
    assert (progress.counts.on_track, progress.counts.delayed, progress.counts.not_started) == (
        1,
        1,
        1,
    )
    assert progress.counts.overdue == 1
    assert (progress.counts.indicators_with_target, progress.counts.indicators_attained) == (1, 1)
    by_code = {item.pillar.code: item for item in progress.pillars}
    assert by_code["prevention"].counts.total == 2
    assert by_code["protection"].counts.overdue == 1
    assert by_code["prosecution"].counts.total == 0
    assert [o.counts.total for o in by_code["prevention"].objectives] == [2]
    assert progress.budgets[0].currency == "EUR"
    assert progress.budgets[0].allocated == Decimal("15000.00")


@pytest.mark.django_db
def test_stakeholder_performance(coord, plan, scenario, today, org_a, org_b):
    rows = {
        row.organisation: row
        for row in stakeholder_performance(actor=coord, plan=plan, today=today)
    }
    a, b = rows[org_a], rows[org_b]
    assert (a.counts.total, a.counts.on_track, a.counts.delayed, a.counts.overdue) == (2, 1, 1, 0)
    assert (a.reports_expected, a.reports_on_time, a.reports_late, a.reports_missing) == (
        2,
        1,
        1,
        0,
    )
    assert a.on_time_share == 50
    assert a.counts.attainment == 100
    assert (b.counts.total, b.counts.overdue) == (1, 1)
    assert (b.reports_expected, b.reports_on_time, b.reports_missing) == (1, 0, 1)
    assert b.counts.attainment is None
    ordered = stakeholder_performance(actor=coord, plan=plan, today=today, sort="-missing")
    assert ordered[0].organisation == org_b


@pytest.mark.django_db
def test_restricted_budgets_are_not_shown_to_roles_without_the_right(
    coord, plan, scenario, org_a, today
):
    plan_update(
        actor=coord,
        plan=plan,
        data=dataclasses.replace(PlanData.of(plan), budgets_restricted=True),
        expected_version=plan.version,
    )
    plan.refresh_from_db()
    case_worker = actor_for(member(org_a, Role.CASE_WORKER), org_a)
    assert plan_progress(actor=case_worker, plan=plan, today=today).budgets is None
    assert plan_progress(actor=coord, plan=plan, today=today).budgets is not None
    period = TipPeriod.containing(today)
    funding = action_plan_funding(period.start, period.end, actor=case_worker)
    assert funding.lines == () and funding.restricted_plans == 1
    assert action_plan_funding(period.start, period.end, actor=coord).lines[0].allocated == Decimal(
        "15000.00"
    )


@pytest.mark.django_db
def test_training_and_campaign_totals_keep_unknown_apart_from_zero(coord, org_a, org_b, today):
    period = TipPeriod.containing(today)
    empty = training_totals(period.start, period.end, actor=coord)
    assert (empty.trainings, empty.participants_total, empty.by_audience) == (0, None, ())
    training_create(
        actor=coord,
        data=TrainingData(
            topic="Victim identification for police",
            start_date=period.start + dt.timedelta(days=10),
            organiser=org_a,
            audience_types=(OrganisationType.LAW_ENFORCEMENT, OrganisationType.IMMIGRATION),
            participants_female=12,
            participants_male=18,
            participants_other=0,
            participants_by_type={
                OrganisationType.LAW_ENFORCEMENT: 25,
                OrganisationType.IMMIGRATION: 5,
            },
        ),
    )
    training_create(
        actor=coord,
        data=TrainingData(
            topic="Cultural mediators",
            start_date=period.start + dt.timedelta(days=20),
            organiser_name="University (external)",
            audience_types=(OrganisationType.NGO,),
        ),
    )
    training_create(
        actor=coord,
        data=TrainingData(
            topic="Old", start_date=period.start - dt.timedelta(days=1), organiser=org_b
        ),
    )
    totals = training_totals(period.start, period.end, actor=coord)
    assert totals.trainings == 2
    assert (totals.participants_female, totals.participants_male, totals.participants_total) == (
        12,
        18,
        30,
    )
    assert totals.trainings_without_counts == 1
    audiences = {item.org_type: (item.trainings, item.participants) for item in totals.by_audience}
    assert audiences == {
        OrganisationType.LAW_ENFORCEMENT: (1, 25),
        OrganisationType.IMMIGRATION: (1, 5),
        OrganisationType.NGO: (1, None),
    }
    campaign_create(
        actor=coord,
        data=CampaignData(
            title="Know your rights",
            start_date=period.start,
            organiser=org_b,
            target_groups=("asylum_seekers", "migrant_workers"),
            languages=("en", "ar"),
            channels=("radio",),
            estimated_reach=5000,
            addresses_demand=False,
        ),
    )
    campaigns = campaign_totals(period.start, period.end, actor=coord)
    assert (campaigns.campaigns, campaigns.estimated_reach, campaigns.reducing_demand) == (
        1,
        5000,
        0,
    )
    assert {item.code for item in campaigns.by_target_group} == {
        "asylum_seekers",
        "migrant_workers",
    }


@pytest.mark.django_db
def test_recommendation_tracker_derives_and_states_status(coord, scenario, today):
    period = TipPeriod.containing(today)
    recommendation = recommendation_create(
        actor=coord,
        data=RecommendationData(
            source=RecommendationSource.TIP_REPORT,
            report_year=period.start.year,
            text="Vigorously investigate and prosecute trafficking crimes.",
            pillar="prosecution",
            is_priority=True,
        ),
    )
    assert recommendation.tip_period_start == period.start
    unanswered = recommendation_create(
        actor=coord,
        data=RecommendationData(
            source=RecommendationSource.TIP_REPORT,
            report_year=period.start.year,
            text="Formalise the NRM.",
        ),
    )
    a2 = scenario["a2"]
    action_update(
        actor=coord,
        action=a2,
        data=dataclasses.replace(ActionData.of(a2), recommendations=(recommendation,)),
        expected_version=type(a2).objects.get(pk=a2.pk).version,
    )
    recommendation_state(
        actor=coord,
        recommendation=recommendation,
        stated_status=StatedStatus.IN_PROGRESS,
        evidence="Two investigations opened.",
        expected_version=recommendation.version,
    )
    tracker = recommendation_tracker(period, actor=coord, today=today)
    rows = {row.id: row for row in tracker.rows}
    row = rows[str(recommendation.public_id)]
    assert row.derived_status == DerivedStatus.AT_RISK  # its action is delayed
    assert row.stated_status == StatedStatus.IN_PROGRESS
    assert [action.code for action in row.actions] == ["1.1.2"]
    assert rows[str(unanswered.public_id)].derived_status == DerivedStatus.NO_ACTION
    assert tracker.by_derived_status[DerivedStatus.AT_RISK] == 1
    assert tracker.by_derived_status[DerivedStatus.NO_ACTION] == 1
    assert tracker.by_stated_status[StatedStatus.NOT_ASSESSED] == 1
    assert tracker.rows[0].is_priority
