"""Parallel tracks on a case, each a small typed transition table. Pure: no database, no clock.

A track runs beside the NRM lifecycle with its own states and timers: a residence or work permit,
Malaysia's freedom-of-movement permission (with its preconditions), a protection order (interim and
full, lengths from the country profile), a shelter placement (driven by the referral to the shelter
in the services directory, which holds the bed), child guardianship and a compensation claim.

``OPEN`` is the pseudo-state of a track that does not exist yet: transitions from it open the track.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.access.roles import Role
from waypoint.common.errors import ActionDenied, InvalidTransition, ValidationFailed
from waypoint.referrals.choices import TimerKind, TrackKind, TrackState

OPEN = ""
T = TrackState
K = TrackKind
FR, CW, CS, SP = (
    Role.FIRST_RESPONDER,
    Role.CASE_WORKER,
    Role.CASE_SUPERVISOR,
    Role.SERVICE_PROVIDER,
)
CASE_WORKERS = frozenset({CW, CS})
REFERRERS = frozenset({FR, CW, CS})


@dataclass(frozen=True)
class TrackFacts:
    roles: frozenset[Role]
    today: dt.date
    is_case_side: bool = False
    is_provider: bool = False
    is_child: bool = False
    freedom_of_movement_available: bool = False
    required_conditions: tuple[str, ...] = ()
    conditions_done: frozenset[str] = frozenset()
    interim_order_days: int | None = None
    full_order_days: int | None = None
    valid_until: dt.date | None = None


TrackCheck = Callable[[TrackFacts], str | None]


@dataclass(frozen=True)
class TrackPrecondition:
    code: str
    check: TrackCheck
    description: Promise


@dataclass(frozen=True)
class TrackTransition:
    name: str
    label: Promise
    sources: frozenset[str]
    target: TrackState
    roles: frozenset[Role]
    preconditions: tuple[TrackPrecondition, ...] = ()
    starts: tuple[TimerKind, ...] = ()
    stops: tuple[TimerKind, ...] = ()
    needs_reason: bool = False
    extra_fields: tuple[str, ...] = field(default_factory=tuple)


def _case_side(facts: TrackFacts) -> str | None:
    return None if facts.is_case_side else _("Only the organisation working the case may do this.")


def _case_side_or_provider(facts: TrackFacts) -> str | None:
    if facts.is_case_side or (facts.is_provider and SP in facts.roles):
        return None
    return _("Only the shelter or the organisation working the case may do this.")


def _provider(facts: TrackFacts) -> str | None:
    return (
        None if facts.is_provider else _("Only the shelter the person was referred to may do this.")
    )


def _freedom_available(facts: TrackFacts) -> str | None:
    if facts.freedom_of_movement_available:
        return None
    return _("The country profile has no freedom-of-movement permission.")


def _conditions_met(facts: TrackFacts) -> str | None:
    missing = [code for code in facts.required_conditions if code not in facts.conditions_done]
    if not missing:
        return None
    return _("These preconditions are not recorded yet: %(missing)s.") % {
        "missing": ", ".join(code.replace("_", " ") for code in missing)
    }


def _interim_length(facts: TrackFacts) -> str | None:
    if facts.interim_order_days or facts.valid_until:
        return None
    return _("The country profile sets no interim order length: give the date the order ends.")


def _full_length(facts: TrackFacts) -> str | None:
    if facts.full_order_days or facts.valid_until:
        return None
    return _("The country profile sets no protection order length: give the date the order ends.")


def _child(facts: TrackFacts) -> str | None:
    return None if facts.is_child else _("A guardian is appointed for a child only.")


def _valid_until(facts: TrackFacts) -> str | None:
    if facts.valid_until is not None and facts.valid_until > facts.today:
        return None
    return _("Give the date the permit is valid until (in the future).")


CASE_SIDE = TrackPrecondition(
    "case_side", _case_side, gettext_lazy("the actor's organisation works the case")
)
CASE_SIDE_OR_PROVIDER = TrackPrecondition(
    "case_side_or_provider",
    _case_side_or_provider,
    gettext_lazy("the shelter, or the organisation working the case"),
)
PROVIDER = TrackPrecondition(
    "provider", _provider, gettext_lazy("the actor's organisation is the shelter")
)
FREEDOM_AVAILABLE = TrackPrecondition(
    "freedom_available",
    _freedom_available,
    gettext_lazy("the country has a freedom-of-movement permission"),
)
CONDITIONS_MET = TrackPrecondition(
    "conditions_met",
    _conditions_met,
    gettext_lazy("every precondition of the country profile is recorded"),
)
INTERIM_LENGTH = TrackPrecondition(
    "interim_length", _interim_length, gettext_lazy("an interim order length (profile) or end date")
)
FULL_LENGTH = TrackPrecondition(
    "full_length", _full_length, gettext_lazy("a protection order length (profile) or end date")
)
CHILD = TrackPrecondition("child", _child, gettext_lazy("the person is a child"))
VALID_UNTIL = TrackPrecondition(
    "valid_until", _valid_until, gettext_lazy("a validity end date in the future")
)


def _t(*args: object, **kwargs: object) -> TrackTransition:
    return TrackTransition(*args, **kwargs)  # type: ignore[arg-type]


L = gettext_lazy
_PERMIT = (
    _t(
        "apply",
        L("Apply"),
        frozenset({OPEN, T.REFUSED, T.GRANTED, T.ENDED}),
        T.APPLIED,
        CASE_WORKERS,
        (CASE_SIDE,),
        starts=(TimerKind.PERMIT_DECISION,),
    ),
    _t(
        "grant",
        L("Permit granted"),
        frozenset({T.APPLIED}),
        T.GRANTED,
        CASE_WORKERS,
        (CASE_SIDE, VALID_UNTIL),
        starts=(TimerKind.PERMIT_VALIDITY,),
        stops=(TimerKind.PERMIT_DECISION, TimerKind.PERMIT_VALIDITY),
        extra_fields=("valid_until",),
    ),
    _t(
        "refuse",
        L("Permit refused"),
        frozenset({T.APPLIED}),
        T.REFUSED,
        CASE_WORKERS,
        (CASE_SIDE,),
        stops=(TimerKind.PERMIT_DECISION,),
        needs_reason=True,
    ),
    _t(
        "end",
        L("Permit ended"),
        frozenset({T.GRANTED}),
        T.ENDED,
        CASE_WORKERS,
        (CASE_SIDE,),
        stops=(TimerKind.PERMIT_VALIDITY,),
        needs_reason=True,
    ),
)
TABLES: dict[TrackKind, tuple[TrackTransition, ...]] = {
    K.RESIDENCE_PERMIT: _PERMIT,
    K.WORK_PERMIT: _PERMIT,
    K.FREEDOM_OF_MOVEMENT: (
        _t(
            "open",
            L("Start the assessment"),
            frozenset({OPEN, T.REFUSED, T.REVOKED}),
            T.ASSESSING,
            CASE_WORKERS,
            (CASE_SIDE, FREEDOM_AVAILABLE),
        ),
        _t(
            "record_condition",
            L("Record a precondition as done"),
            frozenset({T.ASSESSING}),
            T.ASSESSING,
            CASE_WORKERS,
            (CASE_SIDE,),
            extra_fields=("condition",),
        ),
        _t(
            "request",
            L("Request the permission"),
            frozenset({T.ASSESSING}),
            T.REQUESTED,
            CASE_WORKERS,
            (CASE_SIDE, CONDITIONS_MET),
            starts=(TimerKind.FREEDOM_OF_MOVEMENT_DECISION,),
        ),
        _t(
            "grant",
            L("Permission granted"),
            frozenset({T.REQUESTED}),
            T.GRANTED,
            CASE_WORKERS,
            (CASE_SIDE,),
            stops=(TimerKind.FREEDOM_OF_MOVEMENT_DECISION,),
        ),
        _t(
            "refuse",
            L("Permission refused"),
            frozenset({T.REQUESTED}),
            T.REFUSED,
            CASE_WORKERS,
            (CASE_SIDE,),
            stops=(TimerKind.FREEDOM_OF_MOVEMENT_DECISION,),
            needs_reason=True,
        ),
        _t(
            "revoke",
            L("Permission revoked"),
            frozenset({T.GRANTED}),
            T.REVOKED,
            CASE_WORKERS,
            (CASE_SIDE,),
            needs_reason=True,
        ),
    ),
    K.PROTECTION_ORDER: (
        _t(
            "apply",
            L("Apply for an order"),
            frozenset({OPEN, T.REFUSED, T.ENDED}),
            T.APPLIED,
            CASE_WORKERS,
            (CASE_SIDE,),
        ),
        _t(
            "grant_interim",
            L("Interim order issued"),
            frozenset({T.APPLIED}),
            T.INTERIM,
            CASE_WORKERS,
            (CASE_SIDE, INTERIM_LENGTH),
            starts=(TimerKind.INTERIM_PROTECTION_ORDER,),
            extra_fields=("valid_until",),
        ),
        _t(
            "grant_full",
            L("Protection order issued"),
            frozenset({T.APPLIED, T.INTERIM}),
            T.FULL,
            CASE_WORKERS,
            (CASE_SIDE, FULL_LENGTH),
            starts=(TimerKind.PROTECTION_ORDER,),
            stops=(TimerKind.INTERIM_PROTECTION_ORDER,),
            extra_fields=("valid_until",),
        ),
        _t(
            "refuse",
            L("Order refused"),
            frozenset({T.APPLIED, T.INTERIM}),
            T.REFUSED,
            CASE_WORKERS,
            (CASE_SIDE,),
            stops=(TimerKind.INTERIM_PROTECTION_ORDER,),
            needs_reason=True,
        ),
        _t(
            "end",
            L("Order ended"),
            frozenset({T.INTERIM, T.FULL}),
            T.ENDED,
            CASE_WORKERS,
            (CASE_SIDE,),
            stops=(TimerKind.INTERIM_PROTECTION_ORDER, TimerKind.PROTECTION_ORDER),
            needs_reason=True,
        ),
    ),
    K.SHELTER_PLACEMENT: (
        _t(
            "request",
            L("Shelter requested"),
            frozenset({OPEN}),
            T.REQUESTED,
            REFERRERS,
            (CASE_SIDE,),
        ),
        _t(
            "place",
            L("Placed in the shelter"),
            frozenset({T.REQUESTED}),
            T.PLACED,
            frozenset({SP}),
            (PROVIDER,),
            starts=(TimerKind.SHELTER_STAY,),
        ),
        _t(
            "decline",
            L("Shelter declined"),
            frozenset({T.REQUESTED}),
            T.DECLINED,
            frozenset({SP}),
            (PROVIDER,),
            needs_reason=True,
        ),
        _t(
            "cancel",
            L("Request cancelled"),
            frozenset({T.REQUESTED}),
            T.CANCELLED,
            REFERRERS,
            (CASE_SIDE,),
            needs_reason=True,
        ),
        _t(
            "end",
            L("Left the shelter"),
            frozenset({T.PLACED}),
            T.ENDED,
            REFERRERS | {SP},
            (CASE_SIDE_OR_PROVIDER,),
            stops=(TimerKind.SHELTER_STAY,),
        ),
    ),
    K.GUARDIANSHIP: (
        _t(
            "request",
            L("Ask for a guardian"),
            frozenset({OPEN, T.ENDED, T.CANCELLED}),
            T.REQUESTED,
            CASE_WORKERS,
            (CASE_SIDE, CHILD),
            starts=(TimerKind.GUARDIAN_APPOINTMENT,),
        ),
        _t(
            "appoint",
            L("Guardian appointed"),
            frozenset({T.REQUESTED}),
            T.APPOINTED,
            CASE_WORKERS,
            (CASE_SIDE,),
            stops=(TimerKind.GUARDIAN_APPOINTMENT,),
        ),
        _t(
            "cancel",
            L("Request cancelled"),
            frozenset({T.REQUESTED}),
            T.CANCELLED,
            CASE_WORKERS,
            (CASE_SIDE,),
            stops=(TimerKind.GUARDIAN_APPOINTMENT,),
            needs_reason=True,
        ),
        _t(
            "end",
            L("Guardianship ended"),
            frozenset({T.APPOINTED}),
            T.ENDED,
            CASE_WORKERS,
            (CASE_SIDE,),
            needs_reason=True,
        ),
    ),
    K.COMPENSATION: (
        _t(
            "prepare",
            L("Prepare a claim"),
            frozenset({OPEN, T.REJECTED}),
            T.PREPARING,
            CASE_WORKERS,
            (CASE_SIDE,),
        ),
        _t(
            "file",
            L("Claim filed"),
            frozenset({T.PREPARING}),
            T.FILED,
            CASE_WORKERS,
            (CASE_SIDE,),
            starts=(TimerKind.COMPENSATION_FOLLOW_UP,),
        ),
        _t(
            "follow_up",
            L("Followed up"),
            frozenset({T.FILED}),
            T.FILED,
            CASE_WORKERS,
            (CASE_SIDE,),
            starts=(TimerKind.COMPENSATION_FOLLOW_UP,),
            stops=(TimerKind.COMPENSATION_FOLLOW_UP,),
        ),
        _t(
            "award",
            L("Compensation awarded"),
            frozenset({T.FILED}),
            T.AWARDED,
            CASE_WORKERS,
            (CASE_SIDE,),
            stops=(TimerKind.COMPENSATION_FOLLOW_UP,),
        ),
        _t(
            "reject",
            L("Claim rejected"),
            frozenset({T.FILED}),
            T.REJECTED,
            CASE_WORKERS,
            (CASE_SIDE,),
            stops=(TimerKind.COMPENSATION_FOLLOW_UP,),
            needs_reason=True,
        ),
        _t(
            "pay",
            L("Compensation paid"),
            frozenset({T.AWARDED}),
            T.PAID,
            CASE_WORKERS,
            (CASE_SIDE,),
        ),
    ),
}
# Shelter placements follow the referral to the shelter (services directory), which holds the bed.
DRIVEN_BY_DIRECTORY = frozenset({K.SHELTER_PLACEMENT})
# States in which a track is over (a new application opens it again where the table allows).
FINAL_STATES: dict[TrackKind, frozenset[str]] = {
    K.RESIDENCE_PERMIT: frozenset({T.REFUSED, T.ENDED}),
    K.WORK_PERMIT: frozenset({T.REFUSED, T.ENDED}),
    K.FREEDOM_OF_MOVEMENT: frozenset({T.REFUSED, T.REVOKED}),
    K.PROTECTION_ORDER: frozenset({T.REFUSED, T.ENDED}),
    K.SHELTER_PLACEMENT: frozenset({T.DECLINED, T.CANCELLED, T.ENDED}),
    K.GUARDIANSHIP: frozenset({T.ENDED, T.CANCELLED}),
    K.COMPENSATION: frozenset({T.REJECTED, T.PAID}),
}


def table(kind: str) -> tuple[TrackTransition, ...]:
    try:
        return TABLES[TrackKind(kind)]
    except ValueError:
        raise InvalidTransition(_("There is no track of kind %(kind)s.") % {"kind": kind}) from None


def state_label(state: str) -> str:
    if state == OPEN:
        return str(_("not started"))
    try:
        return str(TrackState(state).label)
    except ValueError:
        return state


def check(
    kind: str, state: str, name: str, facts: TrackFacts, *, reason: str = ""
) -> TrackTransition:
    """The step ``name`` of a ``kind`` track if allowed from ``state``; otherwise why not."""
    steps = {step.name: step for step in table(kind)}
    step = steps.get(name)
    if step is None:
        raise InvalidTransition(
            _("A %(kind)s track has no step called %(name)s.")
            % {"kind": TrackKind(kind).label, "name": name}
        )
    if state not in step.sources:
        raise InvalidTransition(
            _(
                "'%(step)s' is not possible while the track is '%(state)s'; it is possible from: %(sources)s."
            )
            % {
                "step": step.label,
                "state": state_label(state),
                "sources": ", ".join(sorted(state_label(source) for source in step.sources)),
            }
        )
    if not facts.roles & step.roles:
        raise ActionDenied(
            _("Your role does not allow '%(step)s'. Roles that may: %(roles)s.")
            % {
                "step": step.label,
                "roles": ", ".join(sorted(str(role.label) for role in step.roles)),
            }
        )
    for precondition in step.preconditions:
        refusal = precondition.check(facts)
        if refusal:
            raise InvalidTransition(refusal)
    if step.needs_reason and not reason.strip():
        raise ValidationFailed(
            _("Some information is missing for this step."),
            fields={"reason": [_("Give the reason for this step.")]},
        )
    return step


def available(kind: str, state: str, facts: TrackFacts) -> list[TrackTransition]:
    return [
        step
        for step in table(kind)
        if state in step.sources
        and facts.roles & step.roles
        and not any(precondition.check(facts) for precondition in step.preconditions)
    ]
