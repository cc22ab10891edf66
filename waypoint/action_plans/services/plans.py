"""Writes for plans, their pillars and objectives, and their reporting rounds (coordinators)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible, require
from waypoint.access.roles import Perm
from waypoint.access.scopes.action_plans import managed_plans
from waypoint.action_plans.choices import (
    DEFAULT_PILLARS,
    ROUND_MONTHS,
    PlanKind,
    PlanStatus,
    RoundFrequency,
)
from waypoint.action_plans.models import Objective, Pillar, Plan, ProgressReport, ReportingRound
from waypoint.action_plans.services.common import (
    Errors,
    add,
    check_choice,
    check_currency,
    check_dates,
    check_text,
    raise_if,
)
from waypoint.audit import services as audit
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ValidationFailed

# A plan may go back from closed to active; once reported on, never back to draft.
PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    PlanStatus.DRAFT: frozenset({PlanStatus.DRAFT, PlanStatus.ACTIVE, PlanStatus.CLOSED}),
    PlanStatus.ACTIVE: frozenset({PlanStatus.ACTIVE, PlanStatus.CLOSED, PlanStatus.DRAFT}),
    PlanStatus.CLOSED: frozenset({PlanStatus.CLOSED, PlanStatus.ACTIVE}),
}


@dataclass(frozen=True)
class PlanData:
    title: str
    kind: str
    period_start: dt.date
    period_end: dt.date
    status: str = PlanStatus.DRAFT
    summary: str = ""
    currency: str = "EUR"
    budgets_restricted: bool = False
    reminder_days: tuple[int, ...] = field(default=(14, 3))

    @classmethod
    def of(cls, plan: Plan) -> PlanData:
        return cls(
            title=plan.title,
            kind=plan.kind,
            period_start=plan.period_start,
            period_end=plan.period_end,
            status=plan.status,
            summary=plan.summary,
            currency=plan.currency,
            budgets_restricted=plan.budgets_restricted,
            reminder_days=tuple(plan.reminder_days),
        )


def _managed(actor: Actor, plan: Plan) -> Plan:
    return get_visible(managed_plans(actor), pk=plan.id)


def _validate_plan(data: PlanData, errors: Errors) -> tuple[str, str, str]:
    title = check_text(errors, "title", data.title, max_length=200)
    check_choice(errors, "kind", data.kind, PlanKind.values)
    check_choice(errors, "status", data.status, PlanStatus.values)
    check_dates(errors, data.period_start, data.period_end, end_field="period_end")
    currency = check_currency(errors, "currency", data.currency)
    if len(data.reminder_days) > 5 or any(not 1 <= day <= 90 for day in data.reminder_days):
        add(errors, "reminder_days", _("Give up to five numbers of days, each from 1 to 90."))
    return title, currency, (data.summary or "").strip()


@transaction.atomic
def plan_create(*, actor: Actor, data: PlanData) -> Plan:
    """Create a plan with the four pillars (prevention, protection, prosecution, partnership)."""
    require(actor, Perm.PLAN_MANAGE)
    errors: Errors = {}
    title, currency, summary = _validate_plan(data, errors)
    raise_if(errors, _("The plan could not be created."))
    plan = Plan.objects.create(
        title=title,
        kind=data.kind,
        period_start=data.period_start,
        period_end=data.period_end,
        status=data.status,
        summary=summary,
        currency=currency,
        budgets_restricted=data.budgets_restricted,
        reminder_days=sorted(set(data.reminder_days), reverse=True),
        created_by=actor.user,
    )
    Pillar.objects.bulk_create(
        Pillar(plan=plan, code=code.value, name=str(code.label), position=index)
        for index, code in enumerate(DEFAULT_PILLARS, start=1)
    )
    audit.record(
        actor=actor,
        action="action_plan.create",
        target=plan,
        details={"kind": plan.kind, "status": plan.status, "pillars": len(DEFAULT_PILLARS)},
    )
    return plan


@transaction.atomic
def plan_update(*, actor: Actor, plan: Plan, data: PlanData, expected_version: int | None) -> Plan:
    """Change a plan. A plan that has progress reports cannot go back to draft, and its period must
    still hold its reporting rounds."""
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed(actor, plan)
    errors: Errors = {}
    title, currency, summary = _validate_plan(data, errors)
    if data.status in PLAN_TRANSITIONS and data.status not in PLAN_TRANSITIONS[plan.status]:
        add(errors, "status", _("A closed plan can only be made active again."))
    if (
        data.status == PlanStatus.DRAFT
        and plan.status != PlanStatus.DRAFT
        and ProgressReport.objects.filter(round__plan=plan).exists()
    ):
        add(errors, "status", _("This plan has progress reports, so it cannot be a draft again."))
    outside = plan.rounds.filter(
        Q(period_start__lt=data.period_start) | Q(period_end__gt=data.period_end)
    ).count()
    if outside:
        add(
            errors,
            "period_end",
            _("%(count)s reporting rounds fall outside this period; change them first.")
            % {"count": outside},
        )
    raise_if(errors, _("The plan could not be saved."))
    values: dict[str, object] = {
        "title": title,
        "kind": data.kind,
        "period_start": data.period_start,
        "period_end": data.period_end,
        "status": data.status,
        "summary": summary,
        "currency": currency,
        "budgets_restricted": data.budgets_restricted,
        "reminder_days": sorted(set(data.reminder_days), reverse=True),
    }
    changed = sorted(name for name, value in values.items() if getattr(plan, name) != value)
    for name in changed:
        setattr(plan, name, values[name])
    plan = save_versioned(plan, expected_version=expected_version, fields=changed)
    audit.record(actor=actor, action="action_plan.update", target=plan, details={"fields": changed})
    return plan


def _check_pillar(errors: Errors, plan: Plan, code: str, exclude: int | None) -> str:
    slug = (code or "").strip().lower()
    if not slug or not slug.replace("_", "").replace("-", "").isalnum() or len(slug) > 40:
        add(errors, "code", _("Use a short code of letters, digits, - or _ (e.g. prevention)."))
    elif plan.pillars.filter(code=slug).exclude(pk=exclude or 0).exists():
        add(errors, "code", _("This plan already has a pillar with this code."))
    return slug


@transaction.atomic
def pillar_create(
    *, actor: Actor, plan: Plan, code: str, name: str, description: str = ""
) -> Pillar:
    """Add a pillar to a plan (plans start with the four Ps; a country may add its own)."""
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed(actor, plan)
    errors: Errors = {}
    slug = _check_pillar(errors, plan, code, None)
    name = check_text(errors, "name", name, max_length=120)
    raise_if(errors, _("The pillar could not be added."))
    position = (
        plan.pillars.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    pillar = Pillar.objects.create(
        plan=plan, code=slug, name=name, description=description.strip(), position=position
    )
    audit.record(actor=actor, action="plan_pillar.create", target=pillar, subject=plan)
    return pillar


@transaction.atomic
def pillar_update(
    *, actor: Actor, pillar: Pillar, code: str, name: str, description: str, position: int
) -> Pillar:
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed(actor, pillar.plan)
    errors: Errors = {}
    slug = _check_pillar(errors, plan, code, pillar.pk)
    name = check_text(errors, "name", name, max_length=120)
    if not 0 <= position <= 1000:
        add(errors, "position", _("Use a position from 0 to 1000."))
    raise_if(errors, _("The pillar could not be saved."))
    pillar.code, pillar.name, pillar.description, pillar.position = (
        slug,
        name,
        description.strip(),
        position,
    )
    pillar.save()
    audit.record(actor=actor, action="plan_pillar.update", target=pillar, subject=plan)
    return pillar


@transaction.atomic
def pillar_delete(*, actor: Actor, pillar: Pillar) -> None:
    """Remove a pillar that has no objectives."""
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed(actor, pillar.plan)
    if pillar.objectives.exists():
        raise ValidationFailed(_("This pillar has objectives; move or remove them first."))
    audit.record(actor=actor, action="plan_pillar.delete", target=pillar, subject=plan, details={})
    pillar.delete()


def _check_objective(
    errors: Errors, pillar: Pillar, code: str, title: str, exclude: int | None
) -> tuple[str, str]:
    code = check_text(errors, "code", code, max_length=20)
    title = check_text(errors, "title", title, max_length=300)
    if (
        code
        and Objective.objects.filter(pillar__plan=pillar.plan_id, code=code)
        .exclude(pk=exclude or 0)
        .exists()
    ):
        add(errors, "code", _("This plan already has an objective with this code."))
    return code, title


@transaction.atomic
def objective_create(
    *, actor: Actor, pillar: Pillar, code: str, title: str, description: str = ""
) -> Objective:
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed(actor, pillar.plan)
    errors: Errors = {}
    code, title = _check_objective(errors, pillar, code, title, None)
    raise_if(errors, _("The objective could not be added."))
    position = pillar.objectives.count() + 1
    objective = Objective.objects.create(
        pillar=pillar, code=code, title=title, description=description.strip(), position=position
    )
    audit.record(actor=actor, action="plan_objective.create", target=objective, subject=plan)
    return objective


@transaction.atomic
def objective_update(
    *, actor: Actor, objective: Objective, pillar: Pillar, code: str, title: str, description: str
) -> Objective:
    """Change an objective; it may move to another pillar of the same plan."""
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed(actor, objective.pillar.plan)
    errors: Errors = {}
    if pillar.plan_id != plan.pk:
        add(errors, "pillar", _("Choose a pillar of the same plan."))
    code, title = _check_objective(errors, pillar, code, title, objective.pk)
    raise_if(errors, _("The objective could not be saved."))
    objective.pillar, objective.code, objective.title = pillar, code, title
    objective.description = description.strip()
    objective.save()
    audit.record(actor=actor, action="plan_objective.update", target=objective, subject=plan)
    return objective


@transaction.atomic
def objective_delete(*, actor: Actor, objective: Objective) -> None:
    """Remove an objective that has no actions."""
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed(actor, objective.pillar.plan)
    if objective.actions.exists():
        raise ValidationFailed(_("This objective has actions; move or remove them first."))
    audit.record(actor=actor, action="plan_objective.delete", target=objective, subject=plan)
    objective.delete()


# Reporting rounds ------------------------------------------------------------------------------


def _check_round(
    errors: Errors,
    plan: Plan,
    *,
    label: str,
    period_start: dt.date,
    period_end: dt.date,
    deadline: dt.date,
    exclude: int | None,
) -> str:
    label = check_text(errors, "label", label, max_length=80)
    check_dates(errors, period_start, period_end, end_field="period_end")
    if deadline < period_start:
        add(errors, "deadline", _("The deadline cannot be before the round's period starts."))
    if period_start < plan.period_start or period_end > plan.period_end:
        add(
            errors,
            "period_start",
            _("A round must lie within the plan's period (%(start)s – %(end)s).")
            % {"start": plan.period_start.isoformat(), "end": plan.period_end.isoformat()},
        )
    others = plan.rounds.exclude(pk=exclude or 0)
    if label and others.filter(label=label).exists():
        add(errors, "label", _("This plan already has a round with this label."))
    if others.filter(period_start__lte=period_end, period_end__gte=period_start).exists():
        add(errors, "period_start", _("This period overlaps another round of the plan."))
    return label


@transaction.atomic
def round_create(
    *,
    actor: Actor,
    plan: Plan,
    label: str,
    period_start: dt.date,
    period_end: dt.date,
    deadline: dt.date,
) -> ReportingRound:
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed(actor, plan)
    errors: Errors = {}
    label = _check_round(
        errors,
        plan,
        label=label,
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        exclude=None,
    )
    raise_if(errors, _("The reporting round could not be added."))
    reporting_round = ReportingRound.objects.create(
        plan=plan, label=label, period_start=period_start, period_end=period_end, deadline=deadline
    )
    audit.record(
        actor=actor,
        action="reporting_round.create",
        target=reporting_round,
        subject=plan,
        details={"deadline": deadline.isoformat()},
    )
    return reporting_round


@transaction.atomic
def round_update(
    *,
    actor: Actor,
    reporting_round: ReportingRound,
    label: str,
    period_start: dt.date,
    period_end: dt.date,
    deadline: dt.date,
) -> ReportingRound:
    """Change a round (e.g. extend its deadline); lateness is judged against the new deadline."""
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed(actor, reporting_round.plan)
    errors: Errors = {}
    label = _check_round(
        errors,
        plan,
        label=label,
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        exclude=reporting_round.pk,
    )
    raise_if(errors, _("The reporting round could not be saved."))
    previous = reporting_round.deadline
    reporting_round.label, reporting_round.period_start = label, period_start
    reporting_round.period_end, reporting_round.deadline = period_end, deadline
    reporting_round.save()
    audit.record(
        actor=actor,
        action="reporting_round.update",
        target=reporting_round,
        subject=plan,
        details={"deadline": deadline.isoformat(), "previous_deadline": previous.isoformat()},
    )
    return reporting_round


@transaction.atomic
def round_delete(*, actor: Actor, reporting_round: ReportingRound) -> None:
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed(actor, reporting_round.plan)
    if reporting_round.reports.exists():
        raise ValidationFailed(_("This round has progress reports, so it cannot be removed."))
    audit.record(actor=actor, action="reporting_round.delete", target=reporting_round, subject=plan)
    reporting_round.delete()


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def round_label(start: dt.date, end: dt.date, frequency: str) -> str:
    """ "2025 Q1", "2025 H2", "2025-03", "2025", or the dates when not aligned to the calendar."""
    if start.day == 1:
        if frequency == RoundFrequency.QUARTERLY and start.month in (1, 4, 7, 10):
            return f"{start.year} Q{(start.month - 1) // 3 + 1}"
        if frequency == RoundFrequency.HALF_YEARLY and start.month in (1, 7):
            return f"{start.year} H{1 if start.month == 1 else 2}"
        if frequency == RoundFrequency.MONTHLY:
            return f"{start.year}-{start.month:02d}"
        if frequency == RoundFrequency.YEARLY and start.month == 1:
            return str(start.year)
    return f"{start.isoformat()} – {end.isoformat()}"


@transaction.atomic
def rounds_schedule(
    *, actor: Actor, plan: Plan, frequency: str, deadline_days: int
) -> list[ReportingRound]:
    """Create rounds covering the plan's period at ``frequency``, each due ``deadline_days`` after
    its period ends. Periods already covered by a round are skipped, so running it twice is safe."""
    require(actor, Perm.PLAN_MANAGE)
    plan = _managed(actor, plan)
    errors: Errors = {}
    check_choice(errors, "frequency", frequency, RoundFrequency.values)
    if not 0 <= deadline_days <= 120:
        add(errors, "deadline_days", _("Use a number of days from 0 to 120."))
    raise_if(errors, _("The reporting rounds could not be created."))
    created = []
    start = plan.period_start
    while start <= plan.period_end:
        following = _add_months(start, ROUND_MONTHS[frequency])
        end = min(following - dt.timedelta(days=1), plan.period_end)
        overlaps = plan.rounds.filter(period_start__lte=end, period_end__gte=start).exists()
        label = round_label(start, end, frequency)
        if not overlaps and not plan.rounds.filter(label=label).exists():
            created.append(
                ReportingRound.objects.create(
                    plan=plan,
                    label=label,
                    period_start=start,
                    period_end=end,
                    deadline=end + dt.timedelta(days=deadline_days),
                )
            )
        start = following
    audit.record(
        actor=actor,
        action="reporting_round.schedule",
        target=plan,
        details={"frequency": frequency, "created": len(created), "deadline_days": deadline_days},
    )
    return created
