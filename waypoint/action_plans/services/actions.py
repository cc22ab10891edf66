"""Writes for actions and their indicators (coordinators)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible, require
from waypoint.access.roles import Perm
from waypoint.access.scopes.action_plans import managed_plans
from waypoint.accounts.models import Organisation
from waypoint.action_plans.choices import CLOSED_ACTION_STATUSES, ActionStatus, IndicatorKind
from waypoint.action_plans.models import Action, Indicator, Objective, Plan, Recommendation
from waypoint.action_plans.services.common import (
    Errors,
    add,
    check_amount,
    check_choice,
    check_currency,
    check_dates,
    check_text,
    raise_if,
)
from waypoint.audit import services as audit
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ValidationFailed


@dataclass(frozen=True)
class ActionData:
    objective: Objective
    code: str
    title: str
    lead_organisation: Organisation
    description: str = ""
    partner_organisations: tuple[Organisation, ...] = ()
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    budget_allocated: Decimal | None = None
    budget_spent: Decimal | None = None
    currency: str = ""
    recommendations: tuple[Recommendation, ...] = ()
    status: str | None = None  # None: unchanged (reports set it; a coordinator may override)

    @classmethod
    def of(cls, action: Action) -> ActionData:
        return cls(
            objective=action.objective,
            code=action.code,
            title=action.title,
            lead_organisation=action.lead_organisation,
            description=action.description,
            partner_organisations=tuple(action.partner_organisations.all()),
            start_date=action.start_date,
            due_date=action.due_date,
            budget_allocated=action.budget_allocated,
            budget_spent=action.budget_spent,
            currency=action.currency,
            recommendations=tuple(action.recommendations.all()),
        )


def _managed_plan(actor: Actor, plan_id: int) -> Plan:
    return get_visible(managed_plans(actor), pk=plan_id)


def _validate(
    data: ActionData, plan: Plan, errors: Errors, exclude: int | None
) -> tuple[str, str, str]:
    code = check_text(errors, "code", data.code, max_length=20)
    title = check_text(errors, "title", data.title, max_length=300)
    if data.objective.pillar.plan_id != plan.pk:
        add(errors, "objective", _("Choose an objective of this plan."))
    if code and Action.objects.filter(plan=plan, code=code).exclude(pk=exclude or 0).exists():
        add(errors, "code", _("This plan already has an action with this code."))
    if not data.lead_organisation.is_active:
        add(errors, "lead_organisation", _("This organisation is not active."))
    if data.lead_organisation in data.partner_organisations:
        add(
            errors,
            "partner_organisations",
            _("The lead organisation cannot also be a partner of the same action."),
        )
    check_dates(
        errors,
        data.start_date,
        data.due_date,
        end_field="due_date",
        message=_("The due date is before the start date."),
    )
    check_amount(errors, "budget_allocated", data.budget_allocated)
    check_amount(errors, "budget_spent", data.budget_spent)
    currency = check_currency(errors, "currency", data.currency or plan.currency)
    if data.status is not None:
        check_choice(errors, "status", data.status, ActionStatus.values)
    return code, title, currency


@transaction.atomic
def action_create(*, actor: Actor, data: ActionData) -> Action:
    """Add an action to the plan of ``data.objective``, led by one organisation."""
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed_plan(actor, data.objective.pillar.plan_id)
    errors: Errors = {}
    code, title, currency = _validate(data, plan, errors, None)
    raise_if(errors, _("The action could not be added."))
    status = data.status or ActionStatus.NOT_STARTED
    action = Action.objects.create(
        plan=plan,
        objective=data.objective,
        code=code,
        title=title,
        description=data.description.strip(),
        lead_organisation=data.lead_organisation,
        start_date=data.start_date,
        due_date=data.due_date,
        budget_allocated=data.budget_allocated,
        budget_spent=data.budget_spent,
        currency=currency,
        status=status,
        closed_on=timezone.localdate() if status in CLOSED_ACTION_STATUSES else None,
    )
    action.partner_organisations.set(data.partner_organisations)
    action.recommendations.set(data.recommendations)
    audit.record(
        actor=actor,
        action="plan_action.create",
        target=action,
        subject=plan,
        details={
            "lead_organisation": str(data.lead_organisation.public_id),
            "partners": len(data.partner_organisations),
            "recommendations": len(data.recommendations),
        },
    )
    return action


@transaction.atomic
def action_update(
    *, actor: Actor, action: Action, data: ActionData, expected_version: int | None
) -> Action:
    """Change an action. Setting its status here overrides the reports (e.g. dropping it)."""
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed_plan(actor, action.plan_id)
    errors: Errors = {}
    code, title, currency = _validate(data, plan, errors, action.pk)
    raise_if(errors, _("The action could not be saved."))
    values: dict[str, object] = {
        "objective": data.objective,
        "code": code,
        "title": title,
        "description": data.description.strip(),
        "lead_organisation": data.lead_organisation,
        "start_date": data.start_date,
        "due_date": data.due_date,
        "budget_allocated": data.budget_allocated,
        "budget_spent": data.budget_spent,
        "currency": currency,
    }
    if data.status is not None and data.status != action.status:
        values["status"] = data.status
        values["closed_on"] = (
            timezone.localdate() if data.status in CLOSED_ACTION_STATUSES else None
        )
    changed = sorted(name for name, value in values.items() if getattr(action, name) != value)
    for name in changed:
        setattr(action, name, values[name])
    action = save_versioned(
        action,
        expected_version=expected_version,
        fields=[Action._meta.get_field(name).name for name in changed],
    )
    partners_before = set(action.partner_organisations.values_list("pk", flat=True))
    recommendations_before = set(action.recommendations.values_list("pk", flat=True))
    action.partner_organisations.set(data.partner_organisations)
    action.recommendations.set(data.recommendations)
    if partners_before != {organisation.pk for organisation in data.partner_organisations}:
        changed.append("partner_organisations")
    if recommendations_before != {item.pk for item in data.recommendations}:
        changed.append("recommendations")
    audit.record(
        actor=actor,
        action="plan_action.update",
        target=action,
        subject=plan,
        details={"fields": changed, "status": action.status},
    )
    return action


@dataclass(frozen=True)
class IndicatorData:
    kind: str
    name: str
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None


def _validate_indicator(data: IndicatorData, errors: Errors) -> tuple[str, str]:
    check_choice(errors, "kind", data.kind, IndicatorKind.values)
    name = check_text(errors, "name", data.name, max_length=300)
    unit = check_text(errors, "unit", data.unit, max_length=60, required=False)
    for field, value in (("baseline", data.baseline), ("target", data.target)):
        if value is not None and abs(value) > Decimal("999999999999"):
            add(errors, field, _("This number is too large."))
    return name, unit


@transaction.atomic
def indicator_create(*, actor: Actor, action: Action, data: IndicatorData) -> Indicator:
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed_plan(actor, action.plan_id)
    errors: Errors = {}
    name, unit = _validate_indicator(data, errors)
    raise_if(errors, _("The indicator could not be added."))
    indicator = Indicator.objects.create(
        action=action,
        kind=data.kind,
        name=name,
        unit=unit,
        baseline=data.baseline,
        target=data.target,
        position=action.indicators.count() + 1,
    )
    audit.record(
        actor=actor,
        action="plan_indicator.create",
        target=indicator,
        subject=plan,
        details={"kind": data.kind, "action": str(action.public_id)},
    )
    return indicator


@transaction.atomic
def indicator_update(*, actor: Actor, indicator: Indicator, data: IndicatorData) -> Indicator:
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed_plan(actor, indicator.action.plan_id)
    errors: Errors = {}
    name, unit = _validate_indicator(data, errors)
    raise_if(errors, _("The indicator could not be saved."))
    indicator.kind, indicator.name, indicator.unit = data.kind, name, unit
    indicator.baseline, indicator.target = data.baseline, data.target
    indicator.save()
    audit.record(actor=actor, action="plan_indicator.update", target=indicator, subject=plan)
    return indicator


@transaction.atomic
def indicator_delete(*, actor: Actor, indicator: Indicator) -> None:
    """Remove an indicator that no report has given a value for."""
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed_plan(actor, indicator.action.plan_id)
    if indicator.values.filter(value__isnull=False).exists():
        raise ValidationFailed(_("Reports have given values for this indicator; keep it."))
    audit.record(actor=actor, action="plan_indicator.delete", target=indicator, subject=plan)
    indicator.delete()
