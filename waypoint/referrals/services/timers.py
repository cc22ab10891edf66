"""Timers: starting and stopping them inside a step, and the periodic sweep that reminds, flags
breaches and ends periods.

``timer_start`` and ``timers_stop`` are called inside another service's transaction (which has
checked the permission and writes the audit event). ``timers_sweep`` is the periodic task's
service: it acts as the system and records its own audit events.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.roles import Role
from waypoint.accounts.models import Organisation, User
from waypoint.audit import services as audit
from waypoint.cases.models import Case
from waypoint.notifications.services import notify
from waypoint.referrals import workdays
from waypoint.referrals.choices import DEADLINE_KINDS, DayKind, TimerKind, TimerStatus
from waypoint.referrals.models import CountryProfile, NrmReferral, Timer, Track
from waypoint.referrals.profiles import CountryRules, TimeLimit
from waypoint.referrals.services.profiles import calendar_of, rules_of

logger = logging.getLogger(__name__)

DECISION_KINDS = frozenset(
    {TimerKind.PRELIMINARY_DECISION, TimerKind.FORMAL_DECISION, TimerKind.RECONSIDERATION}
)
# Who is told about a timer when no one person is responsible for it.
NOTIFY_ROLES: dict[str, frozenset[Role]] = {
    **{kind: frozenset({Role.DECISION_MAKER}) for kind in DECISION_KINDS},
    TimerKind.RECOVERY_PERIOD: frozenset({Role.DECISION_MAKER}),
    TimerKind.SERVICE_RESPONSE: frozenset({Role.SERVICE_PROVIDER}),
}
CASE_WORK_ROLES = frozenset({Role.CASE_WORKER, Role.CASE_SUPERVISOR})


def limit_for(kind: str, rules: CountryRules) -> TimeLimit | None:
    """The country profile's length for a timer of ``kind`` (None: the profile sets none)."""
    calendar_days = DayKind.CALENDAR
    limits: dict[str, TimeLimit | None] = {
        TimerKind.PRELIMINARY_DECISION: rules.preliminary_decision.limit,
        TimerKind.FORMAL_DECISION: rules.formal_decision.limit,
        TimerKind.RECONSIDERATION: rules.reconsideration.limit,
        TimerKind.RECOVERY_PERIOD: TimeLimit(rules.recovery_reflection_days, calendar_days),
        TimerKind.PERMIT_DECISION: rules.permit_decision,
        TimerKind.FREEDOM_OF_MOVEMENT_DECISION: (
            rules.freedom_of_movement.limit if rules.freedom_of_movement else None
        ),
        TimerKind.INTERIM_PROTECTION_ORDER: TimeLimit(
            rules.interim_protection_order_days, calendar_days
        ),
        TimerKind.PROTECTION_ORDER: TimeLimit(rules.protection_order_max_days, calendar_days),
        TimerKind.SHELTER_STAY: TimeLimit(rules.shelter_max_days, calendar_days),
        TimerKind.GUARDIAN_APPOINTMENT: rules.guardian_appointment,
        TimerKind.COMPENSATION_FOLLOW_UP: rules.compensation_follow_up,
        TimerKind.SERVICE_RESPONSE: rules.service_response,
    }
    found = limits.get(kind)
    if found is None or found.days is None:
        return None
    return found


def timer_start(
    *,
    kind: str,
    case: Case,
    profile: CountryProfile,
    start_on: dt.date,
    responsible_organisation: Organisation,
    responsible_user: User | None = None,
    referral: NrmReferral | None = None,
    track: Track | None = None,
    due_on: dt.date | None = None,
) -> Timer | None:
    """Start a clock of ``kind`` on ``start_on``: its due date comes from the profile (or is
    given), and is stored with the profile version. Returns None when the profile sets no limit."""
    rules = rules_of(profile)
    calendar = calendar_of(rules)
    day_kind: str
    if due_on is not None:
        day_kind, length = DayKind.CALENDAR, (due_on - start_on).days
    else:
        limit = limit_for(kind, rules)
        if limit is None or limit.days is None:
            return None
        day_kind, length = limit.day_kind, limit.days
        due_on = workdays.due_date(start_on, length, day_kind, calendar)
    remind_on = workdays.reminder_date(
        due_on, rules.reminder_days_before, day_kind, calendar, start=start_on
    )
    return Timer.objects.create(
        kind=kind,
        case=case,
        referral=referral,
        track=track,
        responsible_organisation=responsible_organisation,
        responsible_user=responsible_user,
        profile=profile,
        day_kind=day_kind,
        length_days=length,
        starts_on=start_on,
        due_on=due_on,
        remind_on=remind_on,
    )


def _running(
    kinds: Iterable[str] | None, referral: NrmReferral | None, track: Track | None
) -> QuerySet[Timer]:
    queryset = Timer.objects.filter(status=TimerStatus.RUNNING)
    if referral is not None:
        queryset = queryset.filter(referral=referral)
    if track is not None:
        queryset = queryset.filter(track=track)
    if kinds is not None:
        queryset = queryset.filter(kind__in=list(kinds))
    return queryset


def _finish(timer: Timer, *, status: str, on: dt.date) -> Timer:
    timer.status = status
    timer.stopped_on = on
    fields = ["status", "stopped_on", "updated_at"]
    if timer.kind in DEADLINE_KINDS and on > timer.due_on and not timer.is_breached:
        # Done late: a breach even if the sweep had not run yet.
        timer.is_breached = True
        timer.breached_on = timer.due_on + dt.timedelta(days=1)
        fields += ["is_breached", "breached_on"]
    timer.save(update_fields=fields)
    return timer


def timers_stop(
    *,
    kinds: Iterable[str] | None,
    on: dt.date,
    referral: NrmReferral | None = None,
    track: Track | None = None,
    cancel: bool = False,
) -> list[Timer]:
    """Stop the running timers of ``kinds`` (all kinds when None) of a referral or track."""
    if referral is None and track is None:
        raise ValueError("Say whose timers to stop.")
    status = TimerStatus.CANCELLED if cancel else TimerStatus.DONE
    return [
        _finish(timer, status=status, on=on)
        for timer in _running(kinds, referral, track).select_for_update()
    ]


def timer_stop(timer: Timer | None, *, on: dt.date, cancel: bool = False) -> None:
    if timer is None:
        return
    locked = Timer.objects.select_for_update().get(pk=timer.pk)
    if locked.status == TimerStatus.RUNNING:
        _finish(locked, status=TimerStatus.CANCELLED if cancel else TimerStatus.DONE, on=on)


# Reminders, breaches and periods -------------------------------------------------------------


def timer_link(timer: Timer) -> str:
    """The page of what the timer times (only ids in it)."""
    try:
        if timer.referral_id is not None:
            return reverse("referrals:detail", args=[timer.referral.public_id])  # type: ignore[union-attr]
        if timer.track_id is not None:
            return reverse("referrals:track_detail", args=[timer.track.public_id])  # type: ignore[union-attr]
        service_referral = getattr(timer, "service_referral", None)
        if service_referral is not None:
            return reverse("directory:referral_detail", args=[service_referral.public_id])
    except NoReverseMatch:
        logger.warning("A timer's page is not installed; the notification has no link.")
    return ""


def timer_subject_reference(timer: Timer) -> str:
    """A reference naming what the timer times, never a person."""
    if timer.referral_id is not None:
        return timer.referral.reference  # type: ignore[union-attr]
    service_referral = getattr(timer, "service_referral", None)
    if service_referral is not None:
        return str(service_referral.reference)
    return timer.case.reference


def recipients(timer: Timer) -> list[User]:
    """The responsible person, or the responsible organisation's people in the roles concerned."""
    if timer.responsible_user is not None and timer.responsible_user.is_active:
        still_member = timer.responsible_user.memberships.filter(
            organisation=timer.responsible_organisation, is_active=True
        ).exists()
        if still_member:
            return [timer.responsible_user]
    roles = NOTIFY_ROLES.get(timer.kind, CASE_WORK_ROLES)
    return list(
        User.objects.filter(
            memberships__organisation=timer.responsible_organisation,
            memberships__role__in=[str(role) for role in roles],
            memberships__is_active=True,
            is_active=True,
        ).distinct()
    )


def _send(
    timer: Timer,
    *,
    stage: str,
    title: str,
    extra: Iterable[tuple[User, Organisation]] = (),
) -> int:
    """Notify the timer's recipients (for its responsible organisation) and ``extra`` people,
    each for the organisation they work for in the case (a referrer for the referring one)."""
    link = timer_link(timer)
    people = {user.pk: (user, timer.responsible_organisation) for user in recipients(timer)}
    for user, organisation in extra:
        people.setdefault(user.pk, (user, organisation))
    sent = 0
    for user, organisation in people.values():
        created = notify(
            recipient=user,
            organisation=organisation,
            kind=f"nrm.timer_{stage}",
            title=title,
            body=_("Open Waypoint to see the details."),
            link=link,
            dedupe_key=f"timer-{stage}:{timer.public_id}",
            send_email=True,
        )
        sent += created is not None
    return sent


def _breach_extra(timer: Timer) -> list[tuple[User, Organisation]]:
    """Who else must know of a breach: the referrer of an NRM record waiting for a decision, for
    the referring organisation."""
    referral = timer.referral
    if timer.kind in DECISION_KINDS and referral is not None and referral.referred_by:
        return [(referral.referred_by, referral.referring_organisation)]
    return []


@dataclass(frozen=True)
class SweepResult:
    reminded: int
    breached: int
    ended: int
    formal_started: int


def _remind(timer_id: int, *, today: dt.date, now: dt.datetime) -> bool:
    with transaction.atomic():
        claimed = Timer.objects.filter(
            pk=timer_id, status=TimerStatus.RUNNING, reminded_at__isnull=True
        ).update(reminded_at=now)
        if claimed != 1:
            return False  # another worker sent it
        timer = Timer.objects.select_related("case", "referral", "responsible_organisation").get(
            pk=timer_id
        )
        if timer.kind in DEADLINE_KINDS:
            title = _("%(what)s for %(reference)s is due on %(date)s") % {
                "what": timer.get_kind_display(),
                "reference": timer_subject_reference(timer),
                "date": timer.due_on.isoformat(),
            }
        else:
            title = _("%(what)s for %(reference)s ends on %(date)s") % {
                "what": timer.get_kind_display(),
                "reference": timer_subject_reference(timer),
                "date": timer.due_on.isoformat(),
            }
        _send(timer, stage="reminder", title=title)
    return True


def _breach(timer_id: int, *, now: dt.datetime) -> bool:
    with transaction.atomic():
        timer = (
            Timer.objects.select_for_update()
            .filter(pk=timer_id, status=TimerStatus.RUNNING, breach_notified_at__isnull=True)
            .first()
        )
        if timer is None:
            return False
        timer.is_breached = True
        timer.breached_on = timer.breached_on or timer.due_on + dt.timedelta(days=1)
        timer.breach_notified_at = now
        timer.save(update_fields=["is_breached", "breached_on", "breach_notified_at", "updated_at"])
        title = _("Overdue: %(what)s for %(reference)s was due on %(date)s") % {
            "what": timer.get_kind_display(),
            "reference": timer_subject_reference(timer),
            "date": timer.due_on.isoformat(),
        }
        _send(timer, stage="breach", title=title, extra=_breach_extra(timer))
        audit.record(
            actor=Actor.system("deadline sweep"),
            action="nrm.timer_breach",
            target=timer,
            subject=timer.case,
            details={
                "kind": timer.kind,
                "due_on": timer.due_on.isoformat(),
                "organisation": str(timer.responsible_organisation.public_id),
            },
        )
    return True


def _end_period(timer_id: int) -> Timer | None:
    with transaction.atomic():
        timer = (
            Timer.objects.select_for_update()
            .filter(pk=timer_id, status=TimerStatus.RUNNING)
            .first()
        )
        if timer is None:
            return None
        timer.status = TimerStatus.ELAPSED
        timer.stopped_on = timer.due_on
        timer.save(update_fields=["status", "stopped_on", "updated_at"])
        audit.record(
            actor=Actor.system("deadline sweep"),
            action="nrm.period_end",
            target=timer,
            subject=timer.case,
            details={"kind": timer.kind, "ended_on": timer.due_on.isoformat()},
        )
        return timer


def _stop_unshared(*, today: dt.date) -> int:
    """Cancel the clocks of NRM records the authority can no longer see (the consent was withdrawn
    or the sharing revoked): nobody can decide them, so they must not turn into breaches. The
    referrer is told once to close the record or refer again with consent."""
    from waypoint.access.scopes.referrals import live_grants

    shared = Exists(live_grants().filter(pk=OuterRef("referral__grant_id")))
    stopped = 0
    for pk in (
        Timer.objects.filter(status=TimerStatus.RUNNING, referral__isnull=False)
        .exclude(shared)
        .values_list("pk", flat=True)
    ):
        with transaction.atomic():
            timer = (
                Timer.objects.select_for_update(of=("self",))
                .select_related("referral__referred_by", "case")
                .filter(pk=pk, status=TimerStatus.RUNNING)
                .first()
            )
            if timer is None or timer.referral is None:
                continue
            timer.status = TimerStatus.CANCELLED
            timer.stopped_on = today
            timer.save(update_fields=["status", "stopped_on", "updated_at"])
            referral = timer.referral
            audit.record(
                actor=Actor.system("deadline sweep"),
                action="nrm.timer_cancel",
                target=timer,
                subject=timer.case,
                details={"kind": timer.kind, "why": "sharing_ended"},
            )
            if referral.referred_by is not None:
                notify(
                    recipient=referral.referred_by,
                    organisation=referral.referring_organisation,
                    kind="nrm.sharing_ended",
                    title=_(
                        "NRM referral %(reference)s: the authority no longer sees it (consent "
                        "withdrawn). Close the record, or refer again with consent."
                    )
                    % {"reference": referral.reference},
                    link=timer_link(timer),
                    dedupe_key=f"nrm-sharing-ended:{referral.public_id}:{referral.grant_id}",
                    send_email=True,
                )
            stopped += 1
    return stopped


def timers_sweep(*, today: dt.date, now: dt.datetime | None = None) -> SweepResult:
    """Send due reminders (once each), flag breached deadlines (once each), end periods that are
    over and, when a recovery and reflection period ends, open the formal decision stage. Clocks of
    records whose sharing ended are cancelled first, so they never count as breaches."""
    now = now or timezone.now()
    _stop_unshared(today=today)
    running = Timer.objects.filter(status=TimerStatus.RUNNING)
    reminded = sum(
        _remind(pk, today=today, now=now)
        for pk in running.filter(
            remind_on__lte=today, due_on__gte=today, reminded_at__isnull=True
        ).values_list("pk", flat=True)
    )
    breached = sum(
        _breach(pk, now=now)
        for pk in running.filter(
            Q(kind__in=list(DEADLINE_KINDS)), due_on__lt=today, breach_notified_at__isnull=True
        ).values_list("pk", flat=True)
    )
    ended = 0
    formal_started = 0
    for pk in (
        running.exclude(kind__in=list(DEADLINE_KINDS))
        .filter(due_on__lt=today)
        .values_list("pk", flat=True)
    ):
        timer = _end_period(pk)
        if timer is None:
            continue
        ended += 1
        if timer.kind == TimerKind.RECOVERY_PERIOD and timer.referral_id is not None:
            from waypoint.referrals.services.nrm import nrm_begin_formal_when_period_ends

            formal_started += nrm_begin_formal_when_period_ends(
                referral_id=timer.referral_id, today=today
            )
    return SweepResult(
        reminded=reminded, breached=breached, ended=ended, formal_started=formal_started
    )
