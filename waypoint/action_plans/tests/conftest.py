"""Builders for national coordination tests: a coordination office with a coordinator, an active plan
running around today, objectives and actions led by the two test organisations (``org_a``, ``org_b``).
Everything is built through the real services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.accounts.choices import OrganisationType
from waypoint.action_plans.choices import PlanKind, PlanStatus
from waypoint.action_plans.models import Action, Objective, Plan
from waypoint.action_plans.services.actions import ActionData, action_create
from waypoint.action_plans.services.plans import PlanData, objective_create, plan_create
from waypoint.audit.models import AuditEvent
from waypoint.testing.factories import OrganisationFactory, actor_for, member


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def coordination(db):
    return OrganisationFactory(
        name="Coordination Office", org_type=OrganisationType.NATIONAL_COORDINATION
    )


@pytest.fixture
def coordinator(coordination):
    return member(coordination, Role.COORDINATOR, username="coordinator")


@pytest.fixture
def coord(coordinator, coordination):
    return actor_for(coordinator, coordination)


@pytest.fixture
def admin_a(org_a):
    return member(org_a, Role.ORG_ADMIN, username="admin.a")


@pytest.fixture
def admin_b(org_b):
    return member(org_b, Role.ORG_ADMIN, username="admin.b")


@pytest.fixture
def plan(coord, today) -> Plan:
    return plan_create(
        actor=coord,
        data=PlanData(
            title="National Action Plan 2025-2027",
            kind=PlanKind.ACTION_PLAN,
            period_start=today - dt.timedelta(days=400),
            period_end=today + dt.timedelta(days=400),
            status=PlanStatus.ACTIVE,
            currency="EUR",
        ),
    )


@pytest.fixture
def objective(plan, coord) -> Objective:
    return objective_create(
        actor=coord,
        pillar=plan.pillars.get(code="prevention"),
        code="1.1",
        title="Raise awareness among groups at risk",
    )


def add_action(actor, objective, lead, code="1.1.1", **overrides) -> Action:
    values = {
        "objective": objective,
        "code": code,
        "title": f"Action {code}",
        "lead_organisation": lead,
        "start_date": timezone.localdate() - dt.timedelta(days=300),
        "due_date": timezone.localdate() + dt.timedelta(days=200),
        "budget_allocated": Decimal("10000.00"),
        "currency": "EUR",
    }
    values.update(overrides)
    return action_create(actor=actor, data=ActionData(**values))


@pytest.fixture
def action_a(coord, objective, org_a) -> Action:
    return add_action(coord, objective, org_a, "1.1.1")


@pytest.fixture
def action_b(coord, objective, org_b) -> Action:
    return add_action(coord, objective, org_b, "1.1.2")


def audit_count() -> int:
    return AuditEvent.objects.count()


@pytest.fixture
def world(coord, plan, objective, org_a, org_b, admin_a, admin_b, today):
    """A plan with a passed and an open round, three actions (A: on time and late reports, an
    indicator met; B: overdue, nothing reported), a TIP recommendation answered by an action, a
    training, a campaign, tier history and a TIP submission for the current period."""
    from waypoint.accounts.choices import OrganisationType as T
    from waypoint.action_plans.choices import ActionStatus, IndicatorKind, Tier
    from waypoint.action_plans.periods import TipPeriod
    from waypoint.action_plans.services.actions import IndicatorData, indicator_create
    from waypoint.action_plans.services.plans import round_create
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
        tier_record_save,
    )
    from waypoint.action_plans.services.tip import submission_create

    period = TipPeriod.containing(today)
    recommendation = recommendation_create(
        actor=coord,
        data=RecommendationData(
            source="tip_report",
            report_year=period.start.year,
            text="Increase efforts to identify victims among migrant workers.",
            pillar="protection",
            is_priority=True,
        ),
    )
    passed = round_create(
        actor=coord,
        plan=plan,
        label="R1",
        period_start=today - dt.timedelta(days=100),
        period_end=today - dt.timedelta(days=40),
        deadline=today - dt.timedelta(days=20),
    )
    current = round_create(
        actor=coord,
        plan=plan,
        label="R2",
        period_start=today - dt.timedelta(days=39),
        period_end=today + dt.timedelta(days=20),
        deadline=today + dt.timedelta(days=30),
    )
    a1 = add_action(coord, objective, org_a, "1.1.1", recommendations=(recommendation,))
    a2 = add_action(coord, objective, org_a, "1.1.2")
    b1 = add_action(coord, objective, org_b, "1.1.3", due_date=today - dt.timedelta(days=3))
    indicator = indicator_create(
        actor=coord,
        action=a1,
        data=IndicatorData(kind=IndicatorKind.OUTPUT, name="Leaflets", target=Decimal(10)),
    )
    actor_a = actor_for(admin_a, org_a)
    on_time = report_save(
        actor=actor_a,
        reporting_round=passed,
        action=a1,
        data=ReportData(
            status=ActionStatus.ON_TRACK,
            narrative="Leaflets printed.",
            indicator_values={indicator: Decimal(12)},
            submit=True,
        ),
    )
    type(on_time).objects.filter(pk=on_time.pk).update(first_submitted_on=passed.deadline)
    report_save(
        actor=actor_a,
        reporting_round=passed,
        action=a2,
        data=ReportData(status=ActionStatus.DELAYED, narrative="Waiting for funds.", submit=True),
    )
    training_create(
        actor=coord,
        data=TrainingData(
            topic="Identifying victims of labour exploitation",
            start_date=today - dt.timedelta(days=10),
            organiser=org_a,
            audience_types=(T.LAW_ENFORCEMENT, T.LABOUR_INSPECTORATE),
            participants_female=8,
            participants_male=12,
            participants_other=0,
            participants_by_type={T.LAW_ENFORCEMENT: 15, T.LABOUR_INSPECTORATE: 5},
        ),
    )
    campaign_create(
        actor=coord,
        data=CampaignData(
            title="Know your rights at work",
            start_date=today - dt.timedelta(days=30),
            organiser=org_b,
            target_groups=("asylum_seekers", "migrant_workers"),
            languages=("en", "ar"),
            channels=("radio", "social_media"),
            estimated_reach=12000,
        ),
    )
    tier_record_save(actor=coord, report_year=period.report_year - 2, tier=Tier.TIER_2_WATCH_LIST)
    tier_record_save(actor=coord, report_year=period.report_year - 1, tier=Tier.TIER_2_WATCH_LIST)
    submission = submission_create(actor=coord, period=period)
    return {
        "period": period,
        "passed": passed,
        "current": current,
        "a1": a1,
        "a2": a2,
        "b1": b1,
        "indicator": indicator,
        "recommendation": recommendation,
        "submission": submission,
    }
