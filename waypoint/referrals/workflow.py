"""The NRM lifecycle as an explicit, typed transition table. Pure: no database, no clock.

Each :class:`Transition` says from which states it may be made, to which state it leads, which roles
may make it, what must be true first (preconditions, each with the sentence shown when it is not),
which timers it starts and stops, and what it records (reason, legal basis, a decision). Services
gather the :class:`Facts` about the referral and the actor, lock the row and ask :func:`check`;
everything else (the rules themselves) lives here, so the table can be read, tested exhaustively and
documented in one place (docs/nrm.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.access.roles import Role
from waypoint.cases.choices import TraffickingStatus
from waypoint.common.errors import ActionDenied, InvalidTransition, ValidationFailed
from waypoint.referrals.choices import (
    DecisionOutcome,
    DecisionStage,
    NrmClosureReason,
    NrmState,
    Requester,
    TimerKind,
)

S = NrmState
FR, CW, CS, DM, SP = (
    Role.FIRST_RESPONDER,
    Role.CASE_WORKER,
    Role.CASE_SUPERVISOR,
    Role.DECISION_MAKER,
    Role.SERVICE_PROVIDER,
)
REFERRERS = frozenset({FR, CW, CS})
CASE_WORKERS = frozenset({CW, CS})
AUTHORITY = frozenset({DM})


class Name(StrEnum):
    START_SCREENING = "start_screening"
    REFER = "refer"
    NOT_REFER = "not_refer"
    CLOSE_NO_ACTION = "close_no_action"
    RECEIVE = "receive"
    PRELIMINARY_POSITIVE = "preliminary_positive"
    PRELIMINARY_NEGATIVE = "preliminary_negative"
    BEGIN_FORMAL = "begin_formal"
    FORMAL_POSITIVE = "formal_positive"
    FORMAL_NEGATIVE = "formal_negative"
    REQUEST_PRELIMINARY_RECONSIDERATION = "request_preliminary_reconsideration"
    REQUEST_FORMAL_RECONSIDERATION = "request_formal_reconsideration"
    RECONSIDER_PRELIMINARY_POSITIVE = "reconsider_preliminary_positive"
    RECONSIDER_PRELIMINARY_NEGATIVE = "reconsider_preliminary_negative"
    RECONSIDER_FORMAL_POSITIVE = "reconsider_formal_positive"
    RECONSIDER_FORMAL_NEGATIVE = "reconsider_formal_negative"
    BEGIN_SUPPORT = "begin_support"
    BEGIN_RETURN = "begin_return"
    WITHDRAW = "withdraw"
    CLOSE = "close"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Facts:
    """What the service found out about the referral, the person and the actor."""

    roles: frozenset[Role]
    today: dt.date
    is_system: bool = False
    # The actor's organisation referred the person or works the case.
    is_case_side: bool = False
    # The actor is a decision maker of the organisation the referral was sent to.
    is_competent_authority: bool = False
    competent_authority_name: str = ""
    # The actor's organisation provides a service to the person under an active referral.
    is_support_provider: bool = False
    # Referral: the person is a child (or of uncertain age); consent on record; authority chosen.
    is_child: bool = False
    has_referral_consent: bool = False
    adult_referral_needs_consent: bool = True
    child_referral_needs_consent: bool = False
    competent_authority_problem: str = ""
    # Decisions and reconsideration.
    earliest_formal_decision_on: dt.date | None = None
    recovery_period_ends_on: dt.date | None = None
    reconsideration_available: bool = True
    reconsideration_requesters: frozenset[str] = frozenset(
        {Requester.FIRST_RESPONDER, Requester.SUPPORT_PROVIDER}
    )
    reconsiderations_so_far: int = 0
    max_reconsiderations: int = 1
    # Reopened records resume support only for someone who was identified.
    was_identified: bool = False


Check = Callable[[Facts], str | None]


@dataclass(frozen=True)
class Precondition:
    code: str
    check: Check
    description: Promise


@dataclass(frozen=True)
class Transition:
    name: Name
    label: Promise
    sources: frozenset[NrmState]
    target: NrmState
    roles: frozenset[Role]
    preconditions: tuple[Precondition, ...] = ()
    system_allowed: bool = False
    starts: tuple[TimerKind, ...] = ()
    stops: tuple[TimerKind, ...] = ()
    needs_reason: bool = False
    needs_legal_basis: bool = False
    decision: tuple[DecisionStage, DecisionOutcome] | None = None
    trafficking_status: str = ""
    closure_reason: str = ""
    # Closing transitions stop every running clock of the referral.
    stops_all: bool = False
    extra_fields: tuple[str, ...] = field(default_factory=tuple)


# Preconditions ---------------------------------------------------------------------------------


def _case_side(facts: Facts) -> str | None:
    if facts.is_case_side:
        return None
    return _("Only the organisation that referred the person or works the case may do this.")


def _consent(facts: Facts) -> str | None:
    needed = (
        facts.child_referral_needs_consent if facts.is_child else facts.adult_referral_needs_consent
    )
    if not needed or facts.has_referral_consent:
        return None
    if facts.is_child:
        return _("The country profile requires consent to refer a child: record it first.")
    return _(
        "An adult must consent to being referred. Record their consent (purpose: referral) first; "
        "if they decline, record an anonymous notification instead."
    )


def _authority_chosen(facts: Facts) -> str | None:
    return facts.competent_authority_problem or None


def _competent_authority(facts: Facts) -> str | None:
    if facts.is_competent_authority:
        return None
    return _(
        "Only a decision maker of the competent authority the referral was sent to (%(name)s) "
        "may do this."
    ) % {"name": facts.competent_authority_name or _("not chosen yet")}


def _authority_or_period_over(facts: Facts) -> str | None:
    if facts.is_system:
        ends = facts.recovery_period_ends_on
        if ends is not None and facts.today > ends:
            return None
        return _("The recovery and reflection period has not ended yet.")
    return _competent_authority(facts)


def _earliest_formal(facts: Facts) -> str | None:
    earliest = facts.earliest_formal_decision_on
    if earliest is None or facts.today >= earliest:
        return None
    return _(
        "The formal decision can be taken from %(date)s at the earliest (the country profile's "
        "minimum time after the preliminary decision)."
    ) % {"date": earliest.isoformat()}


def _reconsideration(facts: Facts) -> str | None:
    if not facts.reconsideration_available:
        return _("The country profile provides no reconsideration of negative decisions.")
    if facts.reconsiderations_so_far >= facts.max_reconsiderations:
        return _("This decision has already been reconsidered %(count)s time(s), the maximum.") % {
            "count": facts.reconsiderations_so_far
        }
    roles = facts.roles
    as_referrer = (
        Requester.FIRST_RESPONDER in facts.reconsideration_requesters
        and bool(roles & REFERRERS)
        and facts.is_case_side
    )
    as_support = Requester.SUPPORT_PROVIDER in facts.reconsideration_requesters and (
        (SP in roles and facts.is_support_provider)
        or (bool(roles & CASE_WORKERS) and facts.is_case_side)
    )
    if as_referrer or as_support:
        return None
    return _("Only the referrer or the person's support provider may ask for a reconsideration.")


def _was_identified(facts: Facts) -> str | None:
    if facts.was_identified:
        return None
    return _(
        "Support and return follow a positive formal decision, which this person does not have."
    )


CASE_SIDE = Precondition(
    "case_side",
    _case_side,
    gettext_lazy("the actor's organisation referred the person or works the case"),
)
CONSENT = Precondition(
    "consent",
    _consent,
    gettext_lazy("consent to referral, if the country requires it for an adult (or a child)"),
)
AUTHORITY_CHOSEN = Precondition(
    "authority_chosen",
    _authority_chosen,
    gettext_lazy("a competent authority is chosen that may decide under the country profile"),
)
COMPETENT_AUTHORITY = Precondition(
    "competent_authority",
    _competent_authority,
    gettext_lazy(
        "the actor is a decision maker of the competent authority the referral was sent to"
    ),
)
AUTHORITY_OR_PERIOD_OVER = Precondition(
    "authority_or_period_over",
    _authority_or_period_over,
    gettext_lazy(
        "a decision maker of the competent authority, or the system once the recovery period has ended"
    ),
)
EARLIEST_FORMAL = Precondition(
    "earliest_formal",
    _earliest_formal,
    gettext_lazy("the earliest day for the formal decision has come"),
)
RECONSIDERATION = Precondition(
    "reconsideration",
    _reconsideration,
    gettext_lazy(
        "reconsideration is available, not used up, and asked by the referrer or support provider"
    ),
)
WAS_IDENTIFIED = Precondition(
    "was_identified", _was_identified, gettext_lazy("the person has a positive formal decision")
)

# The table ---------------------------------------------------------------------------------------

IN_PROGRESS = frozenset(
    {
        S.REFERRED,
        S.PRELIMINARY_PENDING,
        S.PRESUMED_VICTIM,
        S.FORMAL_PENDING,
        S.PRELIMINARY_RECONSIDERATION,
        S.FORMAL_RECONSIDERATION,
    }
)
DECISION_TIMERS = (
    TimerKind.PRELIMINARY_DECISION,
    TimerKind.FORMAL_DECISION,
    TimerKind.RECONSIDERATION,
)
TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        Name.START_SCREENING,
        gettext_lazy("Start screening"),
        frozenset({S.DETECTED, S.REOPENED}),
        S.SCREENING,
        REFERRERS,
        (CASE_SIDE,),
    ),
    Transition(
        Name.REFER,
        gettext_lazy("Refer to the competent authority"),
        frozenset({S.DETECTED, S.SCREENING, S.NOT_REFERRED, S.REOPENED}),
        S.REFERRED,
        REFERRERS,
        (CASE_SIDE, CONSENT, AUTHORITY_CHOSEN),
        starts=(TimerKind.PRELIMINARY_DECISION,),
        trafficking_status="",
        extra_fields=("competent_authority", "information"),
    ),
    Transition(
        Name.NOT_REFER,
        gettext_lazy("Do not refer"),
        frozenset({S.DETECTED, S.SCREENING}),
        S.NOT_REFERRED,
        REFERRERS,
        (CASE_SIDE,),
        needs_reason=True,
    ),
    Transition(
        Name.CLOSE_NO_ACTION,
        gettext_lazy("Close: no further action"),
        frozenset({S.DETECTED, S.SCREENING, S.NOT_REFERRED}),
        S.CLOSED,
        REFERRERS,
        (CASE_SIDE,),
        needs_reason=True,
        closure_reason=NrmClosureReason.NO_ACTION,
        stops_all=True,
    ),
    Transition(
        Name.RECEIVE,
        gettext_lazy("Receive the referral for decision"),
        frozenset({S.REFERRED}),
        S.PRELIMINARY_PENDING,
        AUTHORITY,
        (COMPETENT_AUTHORITY,),
    ),
    Transition(
        Name.PRELIMINARY_POSITIVE,
        gettext_lazy("Preliminary decision: positive"),
        frozenset({S.PRELIMINARY_PENDING}),
        S.PRESUMED_VICTIM,
        AUTHORITY,
        (COMPETENT_AUTHORITY,),
        starts=(TimerKind.RECOVERY_PERIOD,),
        stops=(TimerKind.PRELIMINARY_DECISION,),
        needs_reason=True,
        needs_legal_basis=True,
        decision=(DecisionStage.PRELIMINARY, DecisionOutcome.POSITIVE),
        trafficking_status=TraffickingStatus.POSSIBLE_VICTIM_OF_TRAFFICKING,
    ),
    Transition(
        Name.PRELIMINARY_NEGATIVE,
        gettext_lazy("Preliminary decision: negative"),
        frozenset({S.PRELIMINARY_PENDING}),
        S.NOT_PRESUMED,
        AUTHORITY,
        (COMPETENT_AUTHORITY,),
        stops=(TimerKind.PRELIMINARY_DECISION,),
        needs_reason=True,
        needs_legal_basis=True,
        decision=(DecisionStage.PRELIMINARY, DecisionOutcome.NEGATIVE),
        trafficking_status=TraffickingStatus.NOT_A_VICTIM_OF_TRAFFICKING,
    ),
    Transition(
        Name.BEGIN_FORMAL,
        gettext_lazy("Begin the formal decision"),
        frozenset({S.PRESUMED_VICTIM}),
        S.FORMAL_PENDING,
        AUTHORITY,
        (AUTHORITY_OR_PERIOD_OVER,),
        system_allowed=True,
        starts=(TimerKind.FORMAL_DECISION,),
    ),
    Transition(
        Name.FORMAL_POSITIVE,
        gettext_lazy("Formal decision: positive"),
        frozenset({S.FORMAL_PENDING}),
        S.IDENTIFIED_VICTIM,
        AUTHORITY,
        (COMPETENT_AUTHORITY, EARLIEST_FORMAL),
        stops=(TimerKind.FORMAL_DECISION,),
        needs_reason=True,
        needs_legal_basis=True,
        decision=(DecisionStage.FORMAL, DecisionOutcome.POSITIVE),
        trafficking_status=TraffickingStatus.ACTUAL_VICTIM_OF_TRAFFICKING,
    ),
    Transition(
        Name.FORMAL_NEGATIVE,
        gettext_lazy("Formal decision: negative"),
        frozenset({S.FORMAL_PENDING}),
        S.NOT_IDENTIFIED,
        AUTHORITY,
        (COMPETENT_AUTHORITY, EARLIEST_FORMAL),
        stops=(TimerKind.FORMAL_DECISION,),
        needs_reason=True,
        needs_legal_basis=True,
        decision=(DecisionStage.FORMAL, DecisionOutcome.NEGATIVE),
        trafficking_status=TraffickingStatus.NOT_A_VICTIM_OF_TRAFFICKING,
    ),
    Transition(
        Name.REQUEST_PRELIMINARY_RECONSIDERATION,
        gettext_lazy("Ask for reconsideration of the preliminary decision"),
        frozenset({S.NOT_PRESUMED}),
        S.PRELIMINARY_RECONSIDERATION,
        REFERRERS | {SP},
        (RECONSIDERATION,),
        starts=(TimerKind.RECONSIDERATION,),
        needs_reason=True,
    ),
    Transition(
        Name.REQUEST_FORMAL_RECONSIDERATION,
        gettext_lazy("Ask for reconsideration of the formal decision"),
        frozenset({S.NOT_IDENTIFIED}),
        S.FORMAL_RECONSIDERATION,
        REFERRERS | {SP},
        (RECONSIDERATION,),
        starts=(TimerKind.RECONSIDERATION,),
        needs_reason=True,
    ),
    Transition(
        Name.RECONSIDER_PRELIMINARY_POSITIVE,
        gettext_lazy("Reconsideration: preliminary decision now positive"),
        frozenset({S.PRELIMINARY_RECONSIDERATION}),
        S.PRESUMED_VICTIM,
        AUTHORITY,
        (COMPETENT_AUTHORITY,),
        starts=(TimerKind.RECOVERY_PERIOD,),
        stops=(TimerKind.RECONSIDERATION,),
        needs_reason=True,
        needs_legal_basis=True,
        decision=(DecisionStage.PRELIMINARY_RECONSIDERATION, DecisionOutcome.POSITIVE),
        trafficking_status=TraffickingStatus.POSSIBLE_VICTIM_OF_TRAFFICKING,
    ),
    Transition(
        Name.RECONSIDER_PRELIMINARY_NEGATIVE,
        gettext_lazy("Reconsideration: preliminary decision upheld"),
        frozenset({S.PRELIMINARY_RECONSIDERATION}),
        S.NOT_PRESUMED,
        AUTHORITY,
        (COMPETENT_AUTHORITY,),
        stops=(TimerKind.RECONSIDERATION,),
        needs_reason=True,
        needs_legal_basis=True,
        decision=(DecisionStage.PRELIMINARY_RECONSIDERATION, DecisionOutcome.NEGATIVE),
        trafficking_status=TraffickingStatus.NOT_A_VICTIM_OF_TRAFFICKING,
    ),
    Transition(
        Name.RECONSIDER_FORMAL_POSITIVE,
        gettext_lazy("Reconsideration: formal decision now positive"),
        frozenset({S.FORMAL_RECONSIDERATION}),
        S.IDENTIFIED_VICTIM,
        AUTHORITY,
        (COMPETENT_AUTHORITY,),
        stops=(TimerKind.RECONSIDERATION,),
        needs_reason=True,
        needs_legal_basis=True,
        decision=(DecisionStage.FORMAL_RECONSIDERATION, DecisionOutcome.POSITIVE),
        trafficking_status=TraffickingStatus.ACTUAL_VICTIM_OF_TRAFFICKING,
    ),
    Transition(
        Name.RECONSIDER_FORMAL_NEGATIVE,
        gettext_lazy("Reconsideration: formal decision upheld"),
        frozenset({S.FORMAL_RECONSIDERATION}),
        S.NOT_IDENTIFIED,
        AUTHORITY,
        (COMPETENT_AUTHORITY,),
        stops=(TimerKind.RECONSIDERATION,),
        needs_reason=True,
        needs_legal_basis=True,
        decision=(DecisionStage.FORMAL_RECONSIDERATION, DecisionOutcome.NEGATIVE),
        trafficking_status=TraffickingStatus.NOT_A_VICTIM_OF_TRAFFICKING,
    ),
    Transition(
        Name.BEGIN_SUPPORT,
        gettext_lazy("Begin support and social inclusion"),
        frozenset({S.IDENTIFIED_VICTIM, S.REOPENED}),
        S.SUPPORT,
        CASE_WORKERS,
        (CASE_SIDE, WAS_IDENTIFIED),
    ),
    Transition(
        Name.BEGIN_RETURN,
        gettext_lazy("Begin assisted return"),
        frozenset({S.IDENTIFIED_VICTIM, S.SUPPORT, S.REOPENED}),
        S.RETURN,
        CASE_WORKERS,
        (CASE_SIDE, WAS_IDENTIFIED),
    ),
    Transition(
        Name.WITHDRAW,
        gettext_lazy("The person withdraws"),
        IN_PROGRESS,
        S.CLOSED,
        REFERRERS,
        (CASE_SIDE,),
        needs_reason=True,
        closure_reason=NrmClosureReason.WITHDREW,
        stops_all=True,
    ),
    Transition(
        Name.CLOSE,
        gettext_lazy("Close"),
        frozenset(
            {
                S.IDENTIFIED_VICTIM,
                S.SUPPORT,
                S.RETURN,
                S.NOT_PRESUMED,
                S.NOT_IDENTIFIED,
                S.NOT_REFERRED,
                S.REOPENED,
            }
        ),
        S.CLOSED,
        CASE_WORKERS,
        (CASE_SIDE,),
        needs_reason=True,
        stops_all=True,
        extra_fields=("closure_reason",),
    ),
    Transition(
        Name.REOPEN,
        gettext_lazy("Reopen"),
        frozenset({S.CLOSED}),
        S.REOPENED,
        CASE_WORKERS,
        (CASE_SIDE,),
        needs_reason=True,
    ),
)

BY_NAME: dict[str, Transition] = {transition.name: transition for transition in TRANSITIONS}
CLOSURE_REASONS_BY_HAND = frozenset(NrmClosureReason.values) - {NrmClosureReason.NO_ACTION}


def transition(name: str) -> Transition:
    try:
        return BY_NAME[name]
    except KeyError:
        raise InvalidTransition(_("There is no step called %(name)s.") % {"name": name}) from None


def state_label(state: str) -> str:
    try:
        return str(NrmState(state).label)
    except ValueError:
        return state


def check(
    state: str,
    name: str,
    facts: Facts,
    *,
    reason: str = "",
    legal_basis: str = "",
    closure_reason: str = "",
) -> Transition:
    """The transition ``name`` if ``facts`` allow it from ``state``; otherwise an error that says why.

    - the step does not exist, or not from this state: ``InvalidTransition`` (409);
    - the actor's role may not make it: ``ActionDenied`` (403, names the roles that may);
    - a precondition fails: ``InvalidTransition`` (409) with the precondition's sentence;
    - a reason, legal basis or closure reason is missing: ``ValidationFailed`` (400) by field.
    """
    step = transition(name)
    if state not in step.sources:
        raise InvalidTransition(
            _(
                "'%(step)s' is not possible while the referral is '%(state)s'; it is possible from: %(sources)s."
            )
            % {
                "step": step.label,
                "state": state_label(state),
                "sources": ", ".join(sorted(state_label(source) for source in step.sources)),
            }
        )
    if facts.is_system:
        if not step.system_allowed:
            raise ActionDenied(
                _("'%(step)s' needs a person; the system cannot do it.") % {"step": step.label}
            )
    elif not facts.roles & step.roles:
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
    errors: dict[str, list[str]] = {}
    if step.needs_reason and not reason.strip():
        errors["reason"] = [_("Give the reason for this step.")]
    if step.needs_legal_basis and not legal_basis.strip():
        errors["legal_basis"] = [_("Name the legal basis of the decision.")]
    if "closure_reason" in step.extra_fields and closure_reason not in CLOSURE_REASONS_BY_HAND:
        errors["closure_reason"] = [_("Choose why the NRM record closes.")]
    if errors:
        raise ValidationFailed(_("Some information is missing for this step."), fields=errors)
    return step


def available(state: str, facts: Facts) -> list[Transition]:
    """The steps ``facts`` allow from ``state`` (reasons not yet given), in table order."""
    allowed = []
    for step in TRANSITIONS:
        if state not in step.sources:
            continue
        if facts.is_system and not step.system_allowed:
            continue
        if not facts.is_system and not facts.roles & step.roles:
            continue
        if any(precondition.check(facts) for precondition in step.preconditions):
            continue
        allowed.append(step)
    return allowed


def targets_of(state: str) -> list[tuple[Transition, NrmState]]:
    """Every step out of ``state`` and where it leads (for the lifecycle diagram)."""
    return [(step, step.target) for step in TRANSITIONS if state in step.sources]
