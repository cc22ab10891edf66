"""NRM records: opening one, referring to the competent authority, and every later step.

Every step goes through :func:`nrm_transition`: it locks the row, compares the state the person saw
with the stored one, asks the transition table (workflow.py) with the facts gathered here, applies
the effects (sharing, decisions, trafficking status, timers), records who did it, for which
organisation, when, on what legal basis and why, and writes the audit event — all in one
transaction, so two people acting at once cannot both succeed.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.cases import can_work_on, visible_cases
from waypoint.access.scopes.referrals import (
    visible_nrm_referrals,
)
from waypoint.accounts.models import Organisation, User
from waypoint.audit import services as audit
from waypoint.cases.choices import GrantKind, PersonRole
from waypoint.cases.models import CasePerson, TraffickingStatusChange
from waypoint.cases.services import case_access_grant, case_access_revoke
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ActionDenied, InvalidTransition, NotVisible, ValidationFailed
from waypoint.notifications.services import notify
from waypoint.referrals import workflow
from waypoint.referrals.choices import DecisionStage, NrmState, TimerKind, TimerStatus
from waypoint.referrals.models import (
    CountryProfile,
    NrmDecision,
    NrmReferral,
    Timer,
    TransitionRecord,
)
from waypoint.referrals.services.nrm_facts import (
    decision_making_org_for,
    facts_for,
    is_child,
    referral_consent,
)
from waypoint.referrals.services.profiles import active_profile, rules_of
from waypoint.referrals.services.timers import timer_start, timers_stop
from waypoint.referrals.workflow import Name

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_MAX_TEXT = 5000
# The permission each step needs on top of the table's roles.
STEP_PERMISSIONS: dict[str, Perm] = {
    Name.START_SCREENING: Perm.NRM_REFER,
    Name.REFER: Perm.NRM_REFER,
    Name.NOT_REFER: Perm.NRM_REFER,
    Name.CLOSE_NO_ACTION: Perm.NRM_REFER,
    Name.WITHDRAW: Perm.NRM_REFER,
    Name.RECEIVE: Perm.NRM_DECIDE,
    Name.PRELIMINARY_POSITIVE: Perm.NRM_DECIDE,
    Name.PRELIMINARY_NEGATIVE: Perm.NRM_DECIDE,
    Name.BEGIN_FORMAL: Perm.NRM_DECIDE,
    Name.FORMAL_POSITIVE: Perm.NRM_DECIDE,
    Name.FORMAL_NEGATIVE: Perm.NRM_DECIDE,
    Name.RECONSIDER_PRELIMINARY_POSITIVE: Perm.NRM_DECIDE,
    Name.RECONSIDER_PRELIMINARY_NEGATIVE: Perm.NRM_DECIDE,
    Name.RECONSIDER_FORMAL_POSITIVE: Perm.NRM_DECIDE,
    Name.RECONSIDER_FORMAL_NEGATIVE: Perm.NRM_DECIDE,
    Name.REQUEST_PRELIMINARY_RECONSIDERATION: Perm.NRM_RECONSIDERATION_REQUEST,
    Name.REQUEST_FORMAL_RECONSIDERATION: Perm.NRM_RECONSIDERATION_REQUEST,
    Name.BEGIN_SUPPORT: Perm.NRM_TRACK_MANAGE,
    Name.BEGIN_RETURN: Perm.NRM_TRACK_MANAGE,
    Name.CLOSE: Perm.NRM_TRACK_MANAGE,
    Name.REOPEN: Perm.NRM_TRACK_MANAGE,
}


def _new_reference() -> str:
    return "N-" + "".join(secrets.choice(_ALPHABET) for _index in range(8))


@transaction.atomic
def nrm_referral_open(
    *,
    actor: Actor,
    case_person: CasePerson,
    screening_public_id: str = "",
    now: dt.datetime | None = None,
) -> NrmReferral:
    """Open the NRM record of a person (a victim in a case): it starts as 'detected'."""
    require(actor, Perm.NRM_REFER)
    case = case_person.case
    if actor.organisation is None or not visible_cases(actor).filter(pk=case.pk).exists():
        raise NotVisible()
    if not can_work_on(actor, case):
        raise ActionDenied(_("Only the organisation working the case may open its NRM record."))
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if case_person.role != PersonRole.VICTIM:
        errors["case_person"] = [_("Only a (possible) victim enters the NRM.")]
    if len(screening_public_id) > 36:
        errors["screening"] = [_("Not a screening id.")]
    if NrmReferral.objects.filter(case_person=case_person).exclude(state=NrmState.CLOSED).exists():
        errors["case_person"] = [_("This person already has an open NRM record in this case.")]
    if errors:
        raise ValidationFailed(_("The NRM record could not be opened."), fields=errors)
    profile = active_profile(on=timezone.localdate(now))
    referral = None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                referral = NrmReferral.objects.create(
                    reference=_new_reference(),
                    case=case,
                    case_person=case_person,
                    state=NrmState.DETECTED,
                    referring_organisation=actor.organisation,
                    opened_by=actor.user,
                    screening_public_id=screening_public_id,
                    is_child=is_child(case_person),
                    profile=profile,
                )
            break
        except IntegrityError as error:
            # Either a reference collision (try another) or someone opened one meanwhile.
            if (
                NrmReferral.objects.filter(case_person=case_person)
                .exclude(state=NrmState.CLOSED)
                .exists()
            ):
                raise ValidationFailed(
                    _("This person already has an open NRM record in this case."),
                    fields={"case_person": [_("Already open.")]},
                ) from error
    if referral is None:
        raise ValidationFailed(_("No free reference could be found; try again."))
    TransitionRecord.objects.create(
        referral=referral,
        transition="open",
        from_state="",
        to_state=NrmState.DETECTED,
        actor=actor.user,
        actor_roles=",".join(sorted(actor.roles)),
        organisation=actor.organisation,
        occurred_at=now,
        profile=profile,
    )
    audit.record(
        actor=actor,
        action="nrm.open",
        target=referral,
        subject=case,
        details={"screening": bool(screening_public_id), "is_child": referral.is_child},
    )
    return referral


@dataclass(frozen=True)
class StepInput:
    """What a person gives with a step (all optional; the table says what is needed)."""

    reason: str = ""
    legal_basis: str = ""
    closure_reason: str = ""
    competent_authority: Organisation | None = None
    information: str = ""


def nrm_refer(
    *,
    actor: Actor,
    case_person: CasePerson,
    competent_authority: Organisation,
    information: str,
    screening_public_id: str = "",
    now: dt.datetime | None = None,
) -> NrmReferral:
    """Refer a person to the competent authority, opening their NRM record if needed."""
    with transaction.atomic():
        referral = (
            NrmReferral.objects.filter(case_person=case_person)
            .exclude(state=NrmState.CLOSED)
            .first()
        )
        if referral is None:
            referral = nrm_referral_open(
                actor=actor,
                case_person=case_person,
                screening_public_id=screening_public_id,
                now=now,
            )
        elif screening_public_id and not referral.screening_public_id:
            NrmReferral.objects.filter(pk=referral.pk).update(
                screening_public_id=screening_public_id[:36]
            )
        return nrm_transition(
            actor=actor,
            referral=referral,
            name=Name.REFER,
            step=StepInput(competent_authority=competent_authority, information=information),
            now=now,
        )


def _check_access(actor: Actor, referral: NrmReferral, name: str) -> None:
    if actor.is_system:
        return
    perm = STEP_PERMISSIONS.get(name)
    if perm is None:
        raise InvalidTransition(_("There is no step called %(name)s.") % {"name": name})
    if not visible_nrm_referrals(actor).filter(pk=referral.pk).exists():
        raise NotVisible()
    require(actor, perm)


def _validate_texts(step: StepInput) -> None:
    errors: dict[str, list[str]] = {}
    if len(step.reason) > _MAX_TEXT:
        errors["reason"] = [_("At most %(count)s characters.") % {"count": _MAX_TEXT}]
    if len(step.information) > _MAX_TEXT:
        errors["information"] = [_("At most %(count)s characters.") % {"count": _MAX_TEXT}]
    if len(step.legal_basis) > 300:
        errors["legal_basis"] = [_("At most 300 characters.")]
    if errors:
        raise ValidationFailed(_("Some fields are too long."), fields=errors)


@transaction.atomic
def nrm_transition(
    *,
    actor: Actor,
    referral: NrmReferral,
    name: str,
    step: StepInput | None = None,
    expected_state: str | None = None,
    now: dt.datetime | None = None,
) -> NrmReferral:
    """Make the step ``name`` on ``referral`` (see workflow.TRANSITIONS for who may and when)."""
    step = step or StepInput()
    _check_access(actor, referral, name)
    _validate_texts(step)
    now = now or timezone.now()
    today = timezone.localdate(now)
    locked = (
        NrmReferral.objects.select_for_update(of=("self",))
        .select_related("case", "case_person__person", "competent_authority", "profile")
        .get(pk=referral.pk)
    )
    if expected_state and locked.state != expected_state:
        raise InvalidTransition(
            _(
                "Someone else moved this referral on while you were looking: it is now '%(state)s'. "
                "Nothing was saved; reload to see the change."
            )
            % {"state": workflow.state_label(locked.state)}
        )
    profile = active_profile(on=today)
    rules = rules_of(profile)
    authority = step.competent_authority if name == Name.REFER else None
    facts = facts_for(actor, locked, rules, today=today, competent_authority=authority)
    transition = workflow.check(
        locked.state,
        name,
        facts,
        reason=step.reason,
        legal_basis=step.legal_basis,
        closure_reason=step.closure_reason,
    )
    if name == Name.REFER and not step.information.strip():
        raise ValidationFailed(
            _("Tell the competent authority what it needs to decide."),
            fields={"information": [_("Describe the grounds: what was observed, and by whom.")]},
        )
    previous = locked.state
    changed = _apply(actor, locked, transition, step, facts, profile=profile, now=now, today=today)
    locked.state = transition.target
    save_versioned(locked, expected_version=None, fields=["state", *changed])
    TransitionRecord.objects.create(
        referral=locked,
        transition=name,
        from_state=previous,
        to_state=transition.target,
        actor=actor.user,
        actor_roles=",".join(sorted(actor.roles)),
        organisation=actor.organisation,
        occurred_at=now,
        legal_basis=step.legal_basis.strip(),
        reason=step.reason.strip() or None,
        profile=profile,
    )
    audit.record(
        actor=actor,
        action=f"nrm.{name}",
        target=locked,
        subject=locked.case,
        details={
            "from": previous,
            "to": transition.target,
            "profile_version": profile.version,
            "has_reason": bool(step.reason.strip()),
            "has_legal_basis": bool(step.legal_basis.strip()),
        },
    )
    _notify(locked, transition)
    return locked


def _apply(
    actor: Actor,
    referral: NrmReferral,
    transition: workflow.Transition,
    step: StepInput,
    facts: workflow.Facts,
    *,
    profile: CountryProfile,
    now: dt.datetime,
    today: dt.date,
) -> list[str]:
    """The effects of a step on the referral and around it; returns the changed field names."""
    changed: list[str] = []
    name = transition.name
    if transition.stops_all:
        timers_stop(kinds=None, on=today, referral=referral, cancel=True)
    elif transition.stops:
        timers_stop(kinds=transition.stops, on=today, referral=referral)
    if name == Name.REFER:
        changed += _refer(actor, referral, step, facts, now=now)
    elif name == Name.RECEIVE:
        referral.assigned_to = actor.user
        changed.append("assigned_to")
        Timer.objects.filter(
            referral=referral, status=TimerStatus.RUNNING, kind=TimerKind.PRELIMINARY_DECISION
        ).update(responsible_user=actor.user)
    elif name in (Name.REQUEST_PRELIMINARY_RECONSIDERATION, Name.REQUEST_FORMAL_RECONSIDERATION):
        referral.reconsideration_count += 1
        changed.append("reconsideration_count")
    elif name == Name.REOPEN:
        if (
            NrmReferral.objects.filter(case_person_id=referral.case_person_id)
            .exclude(pk=referral.pk)
            .exclude(state=NrmState.CLOSED)
            .exists()
        ):
            raise InvalidTransition(
                _("This person has another open NRM record in this case: continue that one.")
            )
        referral.closure_reason, referral.closed_at = "", None
        changed += ["closure_reason", "closed_at"]
    if transition.target == NrmState.CLOSED:
        referral.closure_reason = transition.closure_reason or step.closure_reason
        referral.closed_at = now
        changed += ["closure_reason", "closed_at"]
        if referral.grant is not None and referral.grant.revoked_at is None:
            case_access_revoke(actor=actor, grant=referral.grant, reason="NRM record closed")
    if transition.decision is not None:
        changed += _decide(actor, referral, transition, step, profile=profile, now=now, today=today)
    for kind in transition.starts:
        _start(kind, referral, actor, profile=profile, today=today)
        if kind == TimerKind.RECOVERY_PERIOD:
            recovery = Timer.objects.filter(
                referral=referral, kind=kind, status=TimerStatus.RUNNING
            ).latest("created_at")
            referral.recovery_period_ends_on = recovery.due_on
            changed.append("recovery_period_ends_on")
    return changed


def _refer(
    actor: Actor,
    referral: NrmReferral,
    step: StepInput,
    facts: workflow.Facts,
    *,
    now: dt.datetime,
) -> list[str]:
    authority = step.competent_authority
    if authority is None:  # the table's precondition checked it; never reached
        raise ValidationFailed(_("Choose the competent authority to refer to."))
    consent = None
    needs_consent = (
        facts.child_referral_needs_consent if facts.is_child else facts.adult_referral_needs_consent
    )
    if needs_consent:
        consent = referral_consent(referral.case_person)
    if referral.grant is not None and referral.grant.revoked_at is None:
        case_access_revoke(actor=actor, grant=referral.grant, reason="Referred again")
    grant = case_access_grant(
        actor=actor,
        case=referral.case,
        organisation=authority,
        kind=GrantKind.NRM_REFERRAL,
        consent=consent,
        source_id=str(referral.public_id),
    )
    referral.competent_authority = authority
    referral.consent = consent
    referral.grant = grant
    referral.information = step.information.strip()
    referral.referred_by = actor.user
    referral.referred_at = now
    referral.is_child = facts.is_child
    referral.assigned_to = None
    return [
        "competent_authority",
        "consent",
        "grant",
        "information",
        "referred_by",
        "referred_at",
        "is_child",
        "assigned_to",
    ]


STAGE_DATE_FIELDS = {
    DecisionStage.PRELIMINARY: "preliminary_decision_on",
    DecisionStage.PRELIMINARY_RECONSIDERATION: "preliminary_decision_on",
    DecisionStage.FORMAL: "formal_decision_on",
    DecisionStage.FORMAL_RECONSIDERATION: "formal_decision_on",
}
STAGE_TIMER = {
    DecisionStage.PRELIMINARY: TimerKind.PRELIMINARY_DECISION,
    DecisionStage.FORMAL: TimerKind.FORMAL_DECISION,
    DecisionStage.PRELIMINARY_RECONSIDERATION: TimerKind.RECONSIDERATION,
    DecisionStage.FORMAL_RECONSIDERATION: TimerKind.RECONSIDERATION,
}


def _decide(
    actor: Actor,
    referral: NrmReferral,
    transition: workflow.Transition,
    step: StepInput,
    *,
    profile: CountryProfile,
    now: dt.datetime,
    today: dt.date,
) -> list[str]:
    if transition.decision is None or actor.organisation is None:
        raise ActionDenied(_("A decision is recorded by a person acting for an organisation."))
    stage, outcome = transition.decision
    rules = rules_of(profile)
    decision_step = (
        rules.formal_decision
        if stage in (DecisionStage.FORMAL, DecisionStage.FORMAL_RECONSIDERATION)
        else rules.preliminary_decision
    )
    timer = (
        Timer.objects.filter(referral=referral, kind=STAGE_TIMER[stage])
        .order_by("-created_at")
        .first()
    )
    decision_org = decision_making_org_for(actor.organisation)
    NrmDecision.objects.create(
        referral=referral,
        stage=stage,
        outcome=outcome,
        decision_name=decision_step.name,
        standard=decision_step.standard,
        decided_on=today,
        decided_at=now,
        decided_by=actor.user,
        organisation=actor.organisation,
        decision_making_org=decision_org,
        legal_basis=step.legal_basis.strip(),
        reason=step.reason.strip(),
        due_on=timer.due_on if timer else None,
        is_within_target=(today <= timer.due_on) if timer else None,
        profile=profile,
    )
    case_person = CasePerson.objects.select_for_update().get(pk=referral.case_person_id)
    if case_person.trafficking_status != transition.trafficking_status or (
        case_person.trafficking_status_decision_making_org != decision_org
    ):
        case_person.trafficking_status = transition.trafficking_status
        case_person.trafficking_status_decision_making_org = decision_org
        save_versioned(
            case_person,
            expected_version=None,
            fields=["trafficking_status", "trafficking_status_decision_making_org"],
        )
        TraffickingStatusChange.objects.create(
            case_person=case_person,
            status=transition.trafficking_status,
            decision_making_org=decision_org,
            changed_at=now,
            changed_by=actor.user,
        )
    date_field = STAGE_DATE_FIELDS[stage]
    setattr(referral, date_field, today)
    changed = [date_field]
    if stage in (DecisionStage.FORMAL, DecisionStage.FORMAL_RECONSIDERATION):
        referral.was_identified = outcome == "positive"
        changed.append("was_identified")
    return changed


def _start(
    kind: str, referral: NrmReferral, actor: Actor, *, profile: CountryProfile, today: dt.date
) -> None:
    authority = referral.competent_authority
    responsible = authority or referral.referring_organisation
    timer_start(
        kind=kind,
        case=referral.case,
        profile=profile,
        start_on=today,
        responsible_organisation=responsible,
        responsible_user=referral.assigned_to if kind != TimerKind.PRELIMINARY_DECISION else None,
        referral=referral,
    )


def _people(organisation: Organisation | None, role: Role) -> list[User]:
    if organisation is None:
        return []
    return list(
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__role=role,
            memberships__is_active=True,
            is_active=True,
        ).distinct()
    )


def _notify(referral: NrmReferral, transition: workflow.Transition) -> None:
    """Tell whoever must act next. Texts name the referral reference only."""
    link = reverse("referrals:detail", args=[referral.public_id])
    name = transition.name
    if name in (
        Name.REFER,
        Name.REQUEST_PRELIMINARY_RECONSIDERATION,
        Name.REQUEST_FORMAL_RECONSIDERATION,
    ):
        recipients = (
            [referral.assigned_to]
            if referral.assigned_to and name != Name.REFER
            else _people(referral.competent_authority, Role.DECISION_MAKER)
        )
        title = _("NRM referral %(reference)s needs a decision") % {"reference": referral.reference}
        organisation = referral.competent_authority
    elif transition.decision is not None or name == Name.BEGIN_FORMAL:
        recipients = [user for user in (referral.referred_by, referral.case.case_owner) if user]
        title = _("NRM referral %(reference)s is now: %(state)s") % {
            "reference": referral.reference,
            "state": workflow.state_label(referral.state),
        }
        organisation = referral.referring_organisation
    else:
        return
    for user in {user.pk: user for user in recipients}.values():
        notify(
            recipient=user,
            organisation=organisation,
            kind=f"nrm.{name}",
            title=title,
            link=link,
            dedupe_key=f"nrm-{name}:{referral.public_id}:{referral.version}",
            send_email=True,
        )


def nrm_begin_formal_when_period_ends(*, referral_id: int, today: dt.date) -> int:
    """The system opens the formal decision stage when the recovery period is over (1 if it did)."""
    referral = NrmReferral.objects.filter(pk=referral_id, state=NrmState.PRESUMED_VICTIM).first()
    if referral is None:
        return 0
    try:
        nrm_transition(
            actor=Actor.system("recovery period ended"),
            referral=referral,
            name=Name.BEGIN_FORMAL,
            expected_state=NrmState.PRESUMED_VICTIM,
            now=timezone.make_aware(dt.datetime.combine(today, dt.time(hour=6))),
        )
    except (InvalidTransition, ActionDenied):
        return 0
    return 1
