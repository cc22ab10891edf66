"""Parallel tracks on a case: opening one and taking its steps (tables in track_workflow.py).

Shelter placements are driven by the referral to the shelter (waypoint.directory), which holds the
bed: the directory's services call :func:`shelter_track_request` and :func:`shelter_track_step`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.cases import can_work_on, visible_cases
from waypoint.access.scopes.referrals import visible_tracks
from waypoint.audit import services as audit
from waypoint.cases.choices import PersonRole
from waypoint.cases.models import CasePerson
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ActionDenied, InvalidTransition, NotVisible, ValidationFailed
from waypoint.referrals import track_workflow
from waypoint.referrals.choices import FreedomOfMovementCondition, TimerKind, TrackKind
from waypoint.referrals.models import CountryProfile, Timer, Track, TransitionRecord
from waypoint.referrals.services.nrm_facts import is_child
from waypoint.referrals.services.profiles import active_profile, rules_of
from waypoint.referrals.services.timers import timer_start, timers_stop

_MAX_TEXT = 2000


def track_facts(
    actor: Actor,
    track: Track,
    profile: CountryProfile,
    *,
    today: dt.date,
    valid_until: dt.date | None,
    is_provider: bool = False,
) -> track_workflow.TrackFacts:
    rules = rules_of(profile)
    movement = rules.freedom_of_movement
    return track_workflow.TrackFacts(
        roles=actor.roles,
        today=today,
        is_case_side=can_work_on(actor, track.case)
        and visible_cases(actor).filter(pk=track.case_id).exists(),
        is_provider=is_provider,
        is_child=is_child(track.case_person),
        freedom_of_movement_available=movement is not None,
        required_conditions=tuple(movement.preconditions) if movement else (),
        conditions_done=frozenset(track.conditions or {}),
        interim_order_days=rules.interim_protection_order_days,
        full_order_days=rules.protection_order_max_days,
        valid_until=valid_until,
    )


def _apply(
    actor: Actor,
    track: Track,
    name: str,
    *,
    reason: str = "",
    valid_until: dt.date | None = None,
    condition: str = "",
    details: str | None = None,
    is_provider: bool = False,
    now: dt.datetime,
) -> Track:
    """Check and make one step on a locked track, with its timers, record and audit event."""
    if len(reason) > _MAX_TEXT or (details is not None and len(details) > _MAX_TEXT):
        raise ValidationFailed(
            _("Some fields are too long."), fields={"reason": [_("At most 2000 characters.")]}
        )
    today = timezone.localdate(now)
    profile = active_profile(on=today)
    facts = track_facts(
        actor, track, profile, today=today, valid_until=valid_until, is_provider=is_provider
    )
    step = track_workflow.check(track.kind, track.state, name, facts, reason=reason)
    changed = ["state"]
    if "condition" in step.extra_fields:
        if condition not in facts.required_conditions:
            raise ValidationFailed(
                _("Choose one of the preconditions of the country profile."),
                fields={"condition": [_("Not a precondition of this permission.")]},
            )
        track.conditions = {**(track.conditions or {}), condition: today.isoformat()}
        changed.append("conditions")
    if "valid_until" in step.extra_fields and valid_until is not None:
        if valid_until <= today:
            raise ValidationFailed(
                _("The end date must be in the future."),
                fields={"valid_until": [_("A date after today.")]},
            )
        track.valid_until = valid_until
        changed.append("valid_until")
    if details is not None:
        track.details = details.strip() or None
        changed.append("details")
    previous = track.state
    if step.stops:
        timers_stop(kinds=step.stops, on=today, track=track)
    for kind in step.starts:
        due = None
        if kind == TimerKind.PERMIT_VALIDITY:
            due = valid_until
        elif kind in (TimerKind.INTERIM_PROTECTION_ORDER, TimerKind.PROTECTION_ORDER):
            due = valid_until  # an end date given overrides the profile's length
        timer = timer_start(
            kind=kind,
            case=track.case,
            profile=profile,
            start_on=today,
            responsible_organisation=track.case.owner_organisation,
            responsible_user=track.case.case_owner,
            track=track,
            due_on=due,
        )
        if timer is not None and kind in (
            TimerKind.INTERIM_PROTECTION_ORDER,
            TimerKind.PROTECTION_ORDER,
            TimerKind.SHELTER_STAY,
        ):
            track.valid_until = timer.due_on
            changed.append("valid_until")
    track.state = step.target
    track.profile = profile
    save_versioned(track, expected_version=None, fields=sorted({*changed, "profile"}))
    TransitionRecord.objects.create(
        track=track,
        transition=name,
        from_state=previous,
        to_state=step.target,
        actor=actor.user,
        actor_roles=",".join(sorted(actor.roles)),
        organisation=actor.organisation,
        occurred_at=now,
        reason=reason.strip() or None,
        profile=profile,
    )
    audit.record(
        actor=actor,
        action="nrm.track_step",
        target=track,
        subject=track.case,
        details={
            "kind": track.kind,
            "step": name,
            "from": previous,
            "to": step.target,
            "condition": condition,
        },
    )
    return track


def _opening_step(kind: str) -> str:
    for step in track_workflow.table(kind):
        if track_workflow.OPEN in step.sources:
            return step.name
    raise InvalidTransition(_("This kind of track cannot be opened."))


def _open(actor: Actor, case_person: CasePerson, kind: str, *, now: dt.datetime) -> Track:
    if actor.organisation is None:
        raise NotVisible()
    case = case_person.case
    if not visible_cases(actor).filter(pk=case.pk).exists():
        raise NotVisible()
    if not can_work_on(actor, case):
        raise ActionDenied(_("Only the organisation working the case may open a track on it."))
    errors: dict[str, list[str]] = {}
    if kind not in TrackKind.values:
        errors["kind"] = [_("Unknown kind of track.")]
    if case_person.role != PersonRole.VICTIM:
        errors["case_person"] = [_("Tracks are opened for a (possible) victim.")]
    if errors:
        raise ValidationFailed(_("The track could not be opened."), fields=errors)
    finals = track_workflow.FINAL_STATES[TrackKind(kind)]
    if (
        Track.objects.select_for_update(of=("self",))
        .filter(case_person=case_person, kind=kind)
        .exclude(state__in=list(finals))
        .exists()
    ):
        raise ValidationFailed(
            _("This person already has an open %(kind)s track in this case.")
            % {"kind": TrackKind(kind).label},
            fields={"kind": [_("Already open.")]},
        )
    return Track.objects.create(
        case=case,
        case_person=case_person,
        kind=kind,
        state=track_workflow.OPEN,
        organisation=actor.organisation,
        opened_by=actor.user,
        profile=active_profile(on=timezone.localdate(now)),
    )


@transaction.atomic
def track_open(
    *,
    actor: Actor,
    case_person: CasePerson,
    kind: str,
    details: str = "",
    now: dt.datetime | None = None,
) -> Track:
    """Open a track of ``kind`` for a person in a case, with its first step."""
    require(actor, Perm.NRM_TRACK_MANAGE)
    if kind in track_workflow.DRIVEN_BY_DIRECTORY:
        raise InvalidTransition(
            _("A shelter placement starts with a referral to a shelter in the services directory.")
        )
    now = now or timezone.now()
    track = _open(actor, case_person, kind, now=now)
    return _apply(actor, track, _opening_step(kind), details=details or None, now=now)


@transaction.atomic
def track_transition(
    *,
    actor: Actor,
    track: Track,
    name: str,
    reason: str = "",
    valid_until: dt.date | None = None,
    condition: str = "",
    details: str | None = None,
    expected_state: str | None = None,
    now: dt.datetime | None = None,
) -> Track:
    """Take the step ``name`` on a track (see track_workflow.TABLES for who may and when)."""
    require(actor, Perm.NRM_TRACK_MANAGE)
    if not visible_tracks(actor).filter(pk=track.pk).exists():
        raise NotVisible()
    if track.kind in track_workflow.DRIVEN_BY_DIRECTORY:
        raise InvalidTransition(
            _("A shelter placement follows the referral to the shelter: answer or end it there.")
        )
    locked = (
        Track.objects.select_for_update(of=("self",))
        .select_related("case", "case_person__person")
        .get(pk=track.pk)
    )
    if expected_state is not None and locked.state != expected_state:
        raise InvalidTransition(
            _("Someone else changed this track meanwhile: it is now '%(state)s'. Reload the page.")
            % {"state": track_workflow.state_label(locked.state)}
        )
    return _apply(
        actor,
        locked,
        name,
        reason=reason,
        valid_until=valid_until,
        condition=condition,
        details=details,
        now=now or timezone.now(),
    )


def shelter_track_request(*, actor: Actor, case_person: CasePerson, now: dt.datetime) -> Track:
    """Open the shelter placement track when a person is referred to a shelter (called inside the
    directory's referral service, which checked the permission)."""
    track = _open(actor, case_person, TrackKind.SHELTER_PLACEMENT, now=now)
    return _apply(actor, track, "request", now=now)


def shelter_track_step(
    *,
    actor: Actor,
    track: Track,
    name: str,
    is_provider: bool,
    reason: str = "",
    now: dt.datetime,
) -> Track:
    """A step of a shelter placement track, made by the directory's referral services."""
    locked = (
        Track.objects.select_for_update(of=("self",))
        .select_related("case", "case_person__person")
        .get(pk=track.pk)
    )
    return _apply(actor, locked, name, reason=reason, is_provider=is_provider, now=now)


CONDITION_LABELS = dict(FreedomOfMovementCondition.choices)


def running_timers(track: Track) -> list[Timer]:
    return list(track.timers.filter(status="running").order_by("due_on"))
