"""Writes for progress reports and the people named to write them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible, require
from waypoint.access.roles import Perm
from waypoint.access.scopes.action_plans import (
    is_named_reporter,
    manageable_reporters,
    may_view_budgets,
    reportable_actions,
)
from waypoint.accounts.models import Membership, User
from waypoint.action_plans.choices import CLOSED_ACTION_STATUSES, ActionStatus
from waypoint.action_plans.models import (
    Action,
    Indicator,
    IndicatorValue,
    ProgressReport,
    Reporter,
    ReportingRound,
)
from waypoint.action_plans.rules import expected_actions
from waypoint.action_plans.services.common import (
    Errors,
    add,
    check_amount,
    check_choice,
    check_text,
    raise_if,
)
from waypoint.audit import services as audit
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import NotVisible, ValidationFailed

NARRATIVE_MAX = 10000


@dataclass(frozen=True)
class ReportData:
    status: str
    narrative: str = ""
    budget_spent: Decimal | None = None
    # Indicator → value (None: not measured this round).
    indicator_values: Mapping[Indicator, Decimal | None] = field(default_factory=dict)
    submit: bool = False


def require_reporting_right(actor: Actor) -> None:
    """Organisation administrators hold the permission; named reporters hold the naming."""
    if not is_named_reporter(actor):
        require(actor, Perm.PROGRESS_REPORT_SUBMIT)


def _is_newest(action: Action, reporting_round: ReportingRound) -> bool:
    current = action.status_round
    return current is None or current.period_end <= reporting_round.period_end


def _apply_to_action(report: ProgressReport, values: Mapping[Indicator, Decimal | None]) -> None:
    """A submitted report of the newest round sets the action's status, spend and indicator values."""
    # Lock the action row only (a join to the nullable round cannot be locked on PostgreSQL).
    action = Action.objects.select_for_update().get(pk=report.action_id)
    if not _is_newest(action, report.round):
        return
    action.status = report.status
    action.status_round = report.round
    action.closed_on = report.round.period_end if report.status in CLOSED_ACTION_STATUSES else None
    fields = ["status", "status_round", "closed_on"]
    if report.budget_spent is not None:
        action.budget_spent = report.budget_spent
        fields.append("budget_spent")
    save_versioned(action, expected_version=None, fields=fields)
    for indicator, value in values.items():
        if value is not None:
            Indicator.objects.filter(pk=indicator.pk).update(
                current_value=value, current_value_on=report.round.period_end
            )


@transaction.atomic
def report_save(
    *,
    actor: Actor,
    reporting_round: ReportingRound,
    action: Action,
    data: ReportData,
    expected_version: int | None = None,
) -> ProgressReport:
    """Save (and, with ``data.submit``, submit) the lead organisation's report on an action for a
    round. Only the lead organisation's administrators and named reporters may; the plan must be
    active, the round's period begun, and the action due a report in it. A submitted report can be
    corrected; its lateness stays judged by its first submission."""
    require_reporting_right(actor)
    action = get_visible(reportable_actions(actor).select_related("plan"), pk=action.pk)
    if reporting_round.plan_id != action.plan_id:
        raise NotVisible()
    today = timezone.localdate()
    errors: Errors = {}
    if reporting_round.period_start > today:
        raise ValidationFailed(
            _("This round's period has not begun yet (it starts on %(date)s).")
            % {"date": reporting_round.period_start.isoformat()}
        )
    if not expected_actions(reporting_round).filter(pk=action.pk).exists():
        raise ValidationFailed(_("This action does not owe a report for this round."))
    check_choice(errors, "status", data.status, ActionStatus.values)
    narrative = check_text(
        errors, "narrative", data.narrative, max_length=NARRATIVE_MAX, required=data.submit
    )
    check_amount(errors, "budget_spent", data.budget_spent)
    if data.budget_spent is not None and not may_view_budgets(actor, action.plan):
        add(errors, "budget_spent", _("The budgets of this plan are restricted."))
    known = set(action.indicators.values_list("pk", flat=True))
    if any(indicator.pk not in known for indicator in data.indicator_values):
        add(errors, "indicator_values", _("An indicator does not belong to this action."))
    for indicator, value in data.indicator_values.items():
        if value is not None and abs(value) > Decimal("999999999999"):
            add(errors, f"indicator_{indicator.public_id}", _("This number is too large."))
    raise_if(errors, _("The report could not be saved."))
    report = ProgressReport.objects.filter(round=reporting_round, action=action).first()
    was_submitted = report is not None and report.is_submitted
    now = timezone.now()
    if report is None:
        report = ProgressReport.objects.create(
            round=reporting_round,
            action=action,
            organisation=action.lead_organisation,
            status=data.status,
            narrative=narrative,
            budget_spent=data.budget_spent,
            is_submitted=data.submit,
            first_submitted_on=today if data.submit else None,
            submitted_at=now if data.submit else None,
            submitted_by=actor.user if data.submit else None,
            updated_by=actor.user,
        )
    else:
        report.status, report.narrative, report.budget_spent = (
            data.status,
            narrative,
            data.budget_spent,
        )
        report.updated_by = actor.user
        fields = ["status", "narrative", "budget_spent", "updated_by"]
        if data.submit:
            report.is_submitted = True
            report.submitted_at, report.submitted_by = now, actor.user
            report.first_submitted_on = report.first_submitted_on or today
            fields += ["is_submitted", "submitted_at", "submitted_by", "first_submitted_on"]
        report = save_versioned(report, expected_version=expected_version, fields=fields)
    for indicator, value in data.indicator_values.items():
        IndicatorValue.objects.update_or_create(
            report=report, indicator=indicator, defaults={"value": value}
        )
    if report.is_submitted:
        _apply_to_action(report, data.indicator_values)
    late = report.first_submitted_on is not None and report.first_submitted_on > (
        reporting_round.deadline
    )
    audit.record(
        actor=actor,
        action="progress_report.submit" if data.submit else "progress_report.save",
        target=report,
        subject=action,
        details={
            "status": data.status,
            "round": str(reporting_round.public_id),
            "submitted": report.is_submitted,
            "resubmitted": was_submitted and data.submit,
            "late": late,
            "indicator_values": sum(value is not None for value in data.indicator_values.values()),
        },
    )
    return report


# Reporters ---------------------------------------------------------------------------------------


@transaction.atomic
def reporter_name(*, actor: Actor, user: User) -> Reporter:
    """Name a member of the administrator's own organisation to report on its actions."""
    require(actor, Perm.MEMBERSHIP_MANAGE)
    require(actor, Perm.PROGRESS_REPORT_SUBMIT)
    if actor.organisation is None:
        raise NotVisible()
    if not Membership.objects.filter(
        user=user, organisation=actor.organisation, is_active=True, user__is_active=True
    ).exists():
        raise ValidationFailed(
            _("Only an active member of your organisation can be named."),
            fields={"user": [_("This person is not an active member of your organisation.")]},
        )
    existing = manageable_reporters(actor).filter(user=user, is_active=True).first()
    if existing is not None:
        return existing
    reporter = Reporter.objects.create(
        organisation=actor.organisation, user=user, named_by=actor.user
    )
    audit.record(
        actor=actor,
        action="plan_reporter.name",
        target=reporter,
        details={"user": str(user.public_id)},
    )
    return reporter


@transaction.atomic
def reporter_end(*, actor: Actor, reporter: Reporter) -> Reporter:
    require(actor, Perm.MEMBERSHIP_MANAGE)
    require(actor, Perm.PROGRESS_REPORT_SUBMIT)
    reporter = get_visible(manageable_reporters(actor), pk=reporter.pk, is_active=True)
    reporter.is_active = False
    reporter.ended_at = timezone.now()
    reporter.save(update_fields=["is_active", "ended_at", "updated_at"])
    audit.record(
        actor=actor,
        action="plan_reporter.end",
        target=reporter,
        details={"user": str(reporter.user.public_id)},
    )
    return reporter
