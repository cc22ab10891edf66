"""Plans, pillars, objectives, actions, indicators and rounds: who may write them, and the rules."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from waypoint.access.roles import Role
from waypoint.action_plans.choices import ActionStatus, IndicatorKind, PlanKind, PlanStatus
from waypoint.action_plans.models import Action, Objective, Pillar, Plan, ReportingRound
from waypoint.action_plans.services import actions as action_services
from waypoint.action_plans.services import plans as plan_services
from waypoint.action_plans.services.actions import ActionData, IndicatorData
from waypoint.action_plans.services.plans import PlanData
from waypoint.action_plans.tests.conftest import add_action, audit_count
from waypoint.audit.models import AuditEvent
from waypoint.common.errors import ActionDenied, ConcurrencyConflict, NotVisible, ValidationFailed
from waypoint.testing.factories import actor_for, member

PLAN = PlanData(
    title="Strategy 2026-2030",
    kind=PlanKind.STRATEGY,
    period_start=dt.date(2026, 1, 1),
    period_end=dt.date(2030, 12, 31),
)


def _counts():
    return (
        Plan.objects.count(),
        Pillar.objects.count(),
        Objective.objects.count(),
        Action.objects.count(),
        ReportingRound.objects.count(),
        audit_count(),
    )


@pytest.mark.django_db
def test_coordinator_creates_plan_with_four_pillars_and_it_is_audited(coord):
    plan = plan_services.plan_create(actor=coord, data=PLAN)
    assert list(plan.pillars.values_list("code", flat=True)) == [
        "prevention",
        "protection",
        "prosecution",
        "partnership",
    ]
    event = AuditEvent.objects.get(action="action_plan.create")
    assert event.target_id == str(plan.public_id)
    assert event.details == {"kind": "strategy", "status": "draft", "pillars": 4}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in Role if role != Role.COORDINATOR])
def test_other_roles_cannot_create_or_change_plans(org_a, role, plan):
    actor = actor_for(member(org_a, role), org_a)
    before = _counts()
    with pytest.raises(ActionDenied) as refusal:
        plan_services.plan_create(actor=actor, data=PLAN)
    assert "National coordinator" in refusal.value.message
    with pytest.raises(ActionDenied):
        plan_services.plan_update(
            actor=actor,
            plan=plan,
            data=dataclasses.replace(PlanData.of(plan), title="Hijacked"),
            expected_version=plan.version,
        )
    with pytest.raises(ActionDenied):
        add_action(actor, plan.pillars.first(), org_a)
    assert _counts() == before
    plan.refresh_from_db()
    assert plan.title == "National Action Plan 2025-2027"


@pytest.mark.django_db
def test_plan_validation_names_each_field(coord):
    bad = dataclasses.replace(
        PLAN,
        title=" ",
        kind="wishlist",
        period_end=dt.date(2025, 1, 1),
        currency="euro",
        reminder_days=(0,),
    )
    before = _counts()
    with pytest.raises(ValidationFailed) as refusal:
        plan_services.plan_create(actor=coord, data=bad)
    assert set(refusal.value.fields) == {"title", "kind", "period_end", "currency", "reminder_days"}
    assert _counts() == before


@pytest.mark.django_db
def test_stale_plan_edit_is_refused(coord, plan):
    data = dataclasses.replace(PlanData.of(plan), title="First edit")
    plan_services.plan_update(actor=coord, plan=plan, data=data, expected_version=1)
    with pytest.raises(ConcurrencyConflict):
        plan_services.plan_update(
            actor=coord,
            plan=plan,
            data=dataclasses.replace(data, title="Second"),
            expected_version=1,
        )
    plan.refresh_from_db()
    assert plan.title == "First edit"
    assert plan.version == 2


@pytest.mark.django_db
def test_pillars_are_configurable_but_not_removed_with_objectives(coord, plan, objective):
    pillar = plan_services.pillar_create(actor=coord, plan=plan, code="research", name="Research")
    assert pillar.position == 5
    with pytest.raises(ValidationFailed) as refusal:
        plan_services.pillar_create(actor=coord, plan=plan, code="research", name="Again")
    assert "code" in refusal.value.fields
    with pytest.raises(ValidationFailed):
        plan_services.pillar_delete(actor=coord, pillar=objective.pillar)
    plan_services.pillar_delete(actor=coord, pillar=pillar)
    assert not plan.pillars.filter(code="research").exists()


@pytest.mark.django_db
def test_action_rules(coord, plan, objective, org_a, org_b):
    action = add_action(coord, objective, org_a, partner_organisations=(org_b,))
    assert action.plan == plan
    assert action.status == ActionStatus.NOT_STARTED
    assert list(action.partner_organisations.all()) == [org_b]
    with pytest.raises(ValidationFailed) as refusal:
        add_action(
            coord,
            objective,
            org_a,
            code="1.1.1",
            partner_organisations=(org_a,),
            start_date=dt.date(2026, 5, 1),
            due_date=dt.date(2026, 1, 1),
            budget_allocated=Decimal("-1"),
            currency="E",
        )
    assert set(refusal.value.fields) == {
        "code",
        "partner_organisations",
        "due_date",
        "budget_allocated",
        "currency",
    }
    assert Action.objects.count() == 1


@pytest.mark.django_db
def test_coordinator_can_drop_an_action_which_closes_it(coord, action_a, today):
    data = dataclasses.replace(ActionData.of(action_a), status=ActionStatus.DROPPED)
    action = action_services.action_update(
        actor=coord, action=action_a, data=data, expected_version=action_a.version
    )
    assert action.status == ActionStatus.DROPPED
    assert action.closed_on == today
    event = AuditEvent.objects.filter(action="plan_action.update").latest("sequence")
    assert event.details["fields"] == ["closed_on", "status"]


@pytest.mark.django_db
def test_indicators(coord, action_a):
    indicator = action_services.indicator_create(
        actor=coord,
        action=action_a,
        data=IndicatorData(
            kind=IndicatorKind.OUTPUT,
            name="Frontline staff trained",
            unit="persons",
            baseline=Decimal(0),
            target=Decimal(200),
        ),
    )
    assert indicator.is_attained is None
    indicator.current_value = Decimal(200)
    assert indicator.is_attained is True
    decreasing = action_services.indicator_create(
        actor=coord,
        action=action_a,
        data=IndicatorData(
            kind=IndicatorKind.OUTCOME,
            name="Days to referral",
            baseline=Decimal(30),
            target=Decimal(10),
        ),
    )
    decreasing.current_value = Decimal(12)
    assert decreasing.is_attained is False
    with pytest.raises(ValidationFailed):
        action_services.indicator_create(
            actor=coord, action=action_a, data=IndicatorData(kind="impact", name="")
        )


@pytest.mark.django_db
def test_quarterly_rounds_cover_the_plan_once(coord):
    plan = plan_services.plan_create(actor=coord, data=PLAN)
    created = plan_services.rounds_schedule(
        actor=coord, plan=plan, frequency="quarterly", deadline_days=15
    )
    assert len(created) == 20
    first = created[0]
    assert (first.label, first.period_start, first.period_end, first.deadline) == (
        "2026 Q1",
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 15),
    )
    assert created[-1].label == "2030 Q4"
    assert (
        plan_services.rounds_schedule(
            actor=coord, plan=plan, frequency="quarterly", deadline_days=15
        )
        == []
    )
    with pytest.raises(ValidationFailed) as refusal:
        plan_services.round_create(
            actor=coord,
            plan=plan,
            label="Overlap",
            period_start=dt.date(2026, 2, 1),
            period_end=dt.date(2026, 2, 28),
            deadline=dt.date(2026, 3, 15),
        )
    assert "period_start" in refusal.value.fields


@pytest.mark.django_db
def test_a_draft_plan_is_invisible_to_others_and_unmanageable(coord, org_a):
    draft = plan_services.plan_create(actor=coord, data=PLAN)
    stranger = actor_for(member(org_a, Role.ORG_ADMIN), org_a)
    from waypoint.action_plans.selectors.plans import plan_get

    with pytest.raises(NotVisible):
        plan_get(actor=stranger, public_id=draft.public_id)
    assert plan_get(actor=coord, public_id=draft.public_id) == draft


@pytest.mark.django_db
def test_plan_cannot_return_to_draft_once_reported_on(coord, plan, action_a, admin_a, org_a, today):
    from waypoint.action_plans.services.reports import ReportData, report_save

    reporting_round = plan_services.round_create(
        actor=coord,
        plan=plan,
        label="R1",
        period_start=today - dt.timedelta(days=30),
        period_end=today,
        deadline=today + dt.timedelta(days=10),
    )
    report_save(
        actor=actor_for(admin_a, org_a),
        reporting_round=reporting_round,
        action=action_a,
        data=ReportData(status=ActionStatus.ON_TRACK, narrative="Started.", submit=True),
    )
    plan.refresh_from_db()
    with pytest.raises(ValidationFailed) as refusal:
        plan_services.plan_update(
            actor=coord,
            plan=plan,
            data=dataclasses.replace(PlanData.of(plan), status=PlanStatus.DRAFT),
            expected_version=plan.version,
        )
    assert "status" in refusal.value.fields
    with pytest.raises(ValidationFailed):
        plan_services.round_delete(actor=coord, reporting_round=reporting_round)
