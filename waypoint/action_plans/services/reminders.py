"""Reminders before each round's deadline, and notices of reports that are overdue.

Each organisation that still owes reports for a round of an active plan is reminded through its
reporting people: the members whose role may report (organisation administrators) and the people
its administrator named as reporters. A reminder is sent at the plan's reminder lead times (by
default 14 and 3 days before the deadline; only the nearest one due is sent) and an overdue notice
once after the deadline. Each is an in-app notification (``waypoint.notifications``) and, where the
person has an e-mail address, an e-mail; each happens once per person however often the task runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import ROLE_PERMISSIONS, Perm
from waypoint.accounts.models import Membership, Organisation, User
from waypoint.action_plans.choices import PlanStatus, ReminderKind
from waypoint.action_plans.models import ProgressReport, Reporter, ReportingRound
from waypoint.action_plans.rules import expected_actions
from waypoint.audit import services as audit
from waypoint.notifications.services import notify

# Overdue notices are sent for rounds whose deadline passed within this many days.
OVERDUE_WINDOW = dt.timedelta(days=30)


@dataclass(frozen=True)
class ReminderResult:
    notifications: int
    emails: int
    organisations: int


def reporting_users(organisation: Organisation) -> list[User]:
    """Active members whose role may report for the organisation, and its named reporters."""
    reporting_roles = [
        role.value
        for role, perms in ROLE_PERMISSIONS.items()
        if Perm.PROGRESS_REPORT_SUBMIT in perms
    ]
    members = Membership.objects.filter(organisation=organisation, is_active=True)
    named = Reporter.objects.filter(organisation=organisation, is_active=True).values("user")
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Exists(members.filter(user=OuterRef("pk"), role__in=reporting_roles))
            | (Q(pk__in=named) & Exists(members.filter(user=OuterRef("pk"))))
        )
        .order_by("username")
    )


def owing_organisations(reporting_round: ReportingRound) -> dict[int, int]:
    """Organisation id → number of actions still without a submitted report in the round."""
    submitted = ProgressReport.objects.filter(
        round=reporting_round, action=OuterRef("pk"), is_submitted=True
    )
    rows = (
        expected_actions(reporting_round)
        .filter(~Exists(submitted))
        .order_by()
        .values("lead_organisation_id")
        .annotate(owing=Count("pk"))
    )
    return {row["lead_organisation_id"]: row["owing"] for row in rows}


def _lead_time(reporting_round: ReportingRound, today: dt.date) -> int | None:
    """The nearest reminder lead time (in days) that has come, or None."""
    days_left = (reporting_round.deadline - today).days
    if days_left < 0:
        return None
    due = [days for days in reporting_round.plan.reminder_days if days >= days_left]
    return min(due) if due else None


def _message(reporting_round: ReportingRound, kind: str, count: int, today: dt.date) -> str:
    values = {
        "count": count,
        "plan": reporting_round.plan.title,
        "round": reporting_round.label,
        "deadline": reporting_round.deadline.isoformat(),
        "days": (reporting_round.deadline - today).days,
    }
    if kind == ReminderKind.OVERDUE:
        return (
            ngettext(
                "%(count)s progress report for %(plan)s, round %(round)s, was due on %(deadline)s "
                "and is missing.",
                "%(count)s progress reports for %(plan)s, round %(round)s, were due on %(deadline)s "
                "and are missing.",
                count,
            )
            % values
        )
    return (
        ngettext(
            "%(count)s progress report for %(plan)s, round %(round)s, is due on %(deadline)s "
            "(in %(days)s days).",
            "%(count)s progress reports for %(plan)s, round %(round)s, are due on %(deadline)s "
            "(in %(days)s days).",
            count,
        )
        % values
    )


def _title(reporting_round: ReportingRound, kind: str) -> str:
    if kind == ReminderKind.OVERDUE:
        return _("Progress reports missing since %(deadline)s") % {
            "deadline": reporting_round.deadline.isoformat()
        }
    return _("Progress reports due on %(deadline)s") % {
        "deadline": reporting_round.deadline.isoformat()
    }


@transaction.atomic
def reminders_send(*, actor: Actor, today: dt.date | None = None) -> ReminderResult:
    """Send the reminders and overdue notices that are due today (idempotent).

    Run by the periodic task as the system; a coordinator may run it from a round's page. Each
    notice goes through ``waypoint.notifications`` (in-app, and e-mail to those with an address)
    and names the plan, the round and a count, never a person.
    """
    if not actor.is_system:
        require(actor, Perm.PLAN_MANAGE)
    today = today or timezone.localdate()
    rounds = ReportingRound.objects.select_related("plan").filter(
        plan__status=PlanStatus.ACTIVE,
        period_start__lte=today,
        deadline__gte=today - OVERDUE_WINDOW,
    )
    link = reverse("action_plans:my_reporting")
    notifications = emails = organisations = 0
    for reporting_round in rounds:
        if reporting_round.deadline < today:
            kind, key_suffix = ReminderKind.OVERDUE.value, "overdue"
        else:
            lead_time = _lead_time(reporting_round, today)
            if lead_time is None:
                continue
            kind, key_suffix = ReminderKind.REMINDER.value, f"{lead_time}d"
        owing = owing_organisations(reporting_round)
        for organisation in Organisation.objects.filter(pk__in=owing, is_active=True):
            body = _(
                "%(message)s\n\nYou receive this because you report for %(organisation)s on the "
                "national action plan: open Action plan → My reporting."
            ) % {
                "message": _message(reporting_round, kind, owing[organisation.pk], today),
                "organisation": organisation.name,
            }
            key = f"{kind}:{reporting_round.public_id}:{organisation.public_id}:{key_suffix}"
            sent = 0
            for user in reporting_users(organisation):
                notification = notify(
                    recipient=user,
                    organisation=organisation,
                    kind=kind,
                    title=_title(reporting_round, kind),
                    body=body,
                    link=link,
                    dedupe_key=key,
                    send_email=True,
                )
                if notification is None:
                    continue
                sent += 1
                emails += bool(user.email)
            if sent:
                organisations += 1
                notifications += sent
                audit.record(
                    actor=actor,
                    action="progress_report.remind",
                    target=reporting_round,
                    subject=reporting_round.plan,
                    details={
                        "kind": kind,
                        "lead_time": key_suffix,
                        "organisation": str(organisation.public_id),
                        "recipients": sent,
                        "owing": owing[organisation.pk],
                    },
                )
    return ReminderResult(notifications=notifications, emails=emails, organisations=organisations)
