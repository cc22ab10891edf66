"""The NRM through its services: referral, decisions, reconsideration, closure, refusals."""

import datetime as dt

import pytest

from waypoint.access.roles import Role
from waypoint.access.scopes.cases import visible_cases
from waypoint.access.scopes.referrals import visible_nrm_referrals
from waypoint.audit.models import AuditEvent
from waypoint.cases.choices import GrantKind
from waypoint.cases.models import CaseAccessGrant, TraffickingStatusChange
from waypoint.common.errors import ActionDenied, InvalidTransition, NotVisible, ValidationFailed
from waypoint.people.services import consent_withdraw
from waypoint.referrals.choices import NrmState, TimerKind, TimerStatus
from waypoint.referrals.models import NrmDecision, NrmReferral, Timer, TransitionRecord
from waypoint.referrals.services import StepInput, nrm_refer, nrm_transition
from waypoint.referrals.tests.helpers import at, build_world, refer
from waypoint.testing.factories import actor_for, member

MONDAY = dt.date(2026, 3, 2)


def decide(
    world, referral, name, *, now=None, reason="Credible account", legal_basis="Art. 10 ECAT"
):
    return nrm_transition(
        actor=world.actor(world.decider),
        referral=referral,
        name=name,
        step=StepInput(reason=reason, legal_basis=legal_basis),
        now=now,
    )


@pytest.mark.django_db
def test_referral_shares_facts_with_the_authority_and_starts_the_clock():
    world = build_world()
    referral = refer(world, now=at(MONDAY))
    assert referral.state == NrmState.REFERRED
    grant = CaseAccessGrant.objects.get(case=world.case, organisation=world.police)
    assert grant.kind == GrantKind.NRM_REFERRAL and grant.consent is not None
    timer = Timer.objects.get(referral=referral)
    assert timer.kind == TimerKind.PRELIMINARY_DECISION
    # 5 working days from Monday 2 March 2026 (no Maltese holiday that week): Monday 9 March.
    assert timer.due_on == dt.date(2026, 3, 9)
    assert timer.profile == referral.profile
    decider = world.actor(world.decider)
    assert visible_nrm_referrals(decider).filter(pk=referral.pk).exists()
    assert visible_cases(decider).filter(pk=world.case.pk).exists()
    steps = list(
        TransitionRecord.objects.filter(referral=referral).values_list("transition", flat=True)
    )
    assert steps == ["open", "refer"]
    assert AuditEvent.objects.filter(action="nrm.refer", target_id=str(referral.public_id)).exists()


@pytest.mark.django_db
def test_adult_cannot_be_referred_without_consent_and_nothing_changes():
    world = build_world()
    with pytest.raises(InvalidTransition) as refusal:
        nrm_refer(
            actor=world.actor(world.responder),
            case_person=world.victim,
            competent_authority=world.police,
            information="Observed indicators",
        )
    assert "consent" in refusal.value.message
    assert "anonymous notification" in refusal.value.message
    assert not NrmReferral.objects.exists()
    assert not CaseAccessGrant.objects.exists()


@pytest.mark.django_db
def test_child_is_referred_without_consent_under_the_country_rule():
    world = build_world(
        person_values={"first_name": "Sami", "age_band": "9-17", "gender": "Masculine"}
    )
    referral = nrm_refer(
        actor=world.actor(world.responder),
        case_person=world.victim,
        competent_authority=world.police,
        information="Unaccompanied, working in a kitchen",
    )
    assert referral.is_child
    assert referral.consent is None
    assert CaseAccessGrant.objects.get(organisation=world.police).consent is None


@pytest.mark.django_db
def test_whole_decision_path_updates_trafficking_status_and_history():
    world = build_world()
    referral = refer(world, now=at(MONDAY))
    referral = decide(world, referral, "receive", now=at(MONDAY))
    assert referral.assigned_to == world.decider
    referral = decide(
        world, referral, "preliminary_positive", now=at(MONDAY + dt.timedelta(days=2))
    )
    assert referral.state == NrmState.PRESUMED_VICTIM
    world.victim.refresh_from_db()
    assert world.victim.trafficking_status == "PossibleVictimOfTrafficking"
    assert world.victim.trafficking_status_decision_making_org == "Police"
    recovery = Timer.objects.get(referral=referral, kind=TimerKind.RECOVERY_PERIOD)
    # Malta's reflection period: 60 days from the positive preliminary decision.
    assert recovery.due_on == MONDAY + dt.timedelta(days=2 + 60)
    assert referral.recovery_period_ends_on == recovery.due_on
    preliminary = Timer.objects.get(referral=referral, kind=TimerKind.PRELIMINARY_DECISION)
    assert preliminary.status == TimerStatus.DONE and not preliminary.is_breached
    referral = decide(world, referral, "begin_formal", now=at(MONDAY + dt.timedelta(days=10)))
    referral = decide(world, referral, "formal_positive", now=at(MONDAY + dt.timedelta(days=20)))
    assert referral.state == NrmState.IDENTIFIED_VICTIM
    world.victim.refresh_from_db()
    assert world.victim.trafficking_status == "ActualVictimOfTrafficking"
    history = list(
        TraffickingStatusChange.objects.filter(case_person=world.victim).values_list(
            "status", flat=True
        )
    )
    assert history == ["PossibleVictimOfTrafficking", "ActualVictimOfTrafficking"]
    decisions = list(
        NrmDecision.objects.filter(referral=referral).values_list(
            "stage", "outcome", "is_within_target"
        )
    )
    assert decisions == [("preliminary", "positive", True), ("formal", "positive", True)]
    assert NrmDecision.objects.first().reason == "Credible account"


@pytest.mark.django_db
def test_negative_decision_is_reconsidered_on_the_referrers_request():
    world = build_world()
    referral = refer(world)
    decide(world, referral, "receive")
    referral = decide(world, referral, "preliminary_negative")
    world.victim.refresh_from_db()
    assert world.victim.trafficking_status == "NotAVictimOfTrafficking"
    # The decision maker cannot ask for reconsideration of their own decision.
    with pytest.raises(ActionDenied):
        decide(world, referral, "request_preliminary_reconsideration")
    referral = nrm_transition(
        actor=world.actor(world.responder),
        referral=referral,
        name="request_preliminary_reconsideration",
        step=StepInput(reason="New evidence: payslips"),
    )
    assert referral.state == NrmState.PRELIMINARY_RECONSIDERATION
    assert Timer.objects.filter(
        referral=referral, kind=TimerKind.RECONSIDERATION, status="running"
    ).exists()
    referral = decide(world, referral, "reconsider_preliminary_positive")
    assert referral.state == NrmState.PRESUMED_VICTIM
    world.victim.refresh_from_db()
    assert world.victim.trafficking_status == "PossibleVictimOfTrafficking"


@pytest.mark.django_db
def test_reconsideration_is_limited_by_the_profile():
    world = build_world()
    referral = refer(world)
    decide(world, referral, "receive")
    referral = decide(world, referral, "preliminary_negative")
    responder = world.actor(world.responder)
    nrm_transition(
        actor=responder,
        referral=referral,
        name="request_preliminary_reconsideration",
        step=StepInput(reason="New evidence"),
    )
    referral = decide(world, referral, "reconsider_preliminary_negative")
    with pytest.raises(InvalidTransition) as refusal:
        nrm_transition(
            actor=responder,
            referral=referral,
            name="request_preliminary_reconsideration",
            step=StepInput(reason="Again"),
        )
    assert "maximum" in refusal.value.message


@pytest.mark.django_db
def test_decision_needs_reason_and_legal_basis():
    world = build_world()
    referral = refer(world)
    decide(world, referral, "receive")
    with pytest.raises(ValidationFailed) as refusal:
        decide(world, referral, "preliminary_positive", reason="", legal_basis="")
    assert set(refusal.value.fields) == {"reason", "legal_basis"}
    referral.refresh_from_db()
    assert referral.state == NrmState.PRELIMINARY_PENDING
    assert not NrmDecision.objects.exists()


@pytest.mark.django_db
def test_only_the_authority_sent_to_may_decide(org_b):
    world = build_world()
    referral = refer(world)
    other_police = member(
        world.police.__class__.objects.create(name="Other Police", org_type="LawEnforcement"),
        Role.DECISION_MAKER,
    )
    outsider = actor_for(other_police, other_police.memberships.get().organisation)
    before = NrmReferral.objects.get(pk=referral.pk).version
    with pytest.raises(NotVisible):
        nrm_transition(actor=outsider, referral=referral, name="receive")
    stranger = actor_for(member(org_b, Role.CASE_WORKER), org_b)
    with pytest.raises(NotVisible):
        nrm_transition(
            actor=stranger, referral=referral, name="withdraw", step=StepInput(reason="x")
        )
    assert NrmReferral.objects.get(pk=referral.pk).version == before


@pytest.mark.django_db
def test_illegal_transition_says_why_and_changes_nothing():
    world = build_world()
    referral = refer(world)
    with pytest.raises(InvalidTransition) as refusal:
        decide(world, referral, "formal_positive")
    assert "possible from" in refusal.value.message
    assert refusal.value.status_code == 409
    referral.refresh_from_db()
    assert referral.state == NrmState.REFERRED


@pytest.mark.django_db
def test_stale_state_is_refused():
    world = build_world()
    referral = refer(world)
    decide(world, referral, "receive")
    with pytest.raises(InvalidTransition) as refusal:
        nrm_transition(
            actor=world.actor(world.decider),
            referral=referral,
            name="receive",
            expected_state=NrmState.REFERRED,
        )
    assert "Someone else" in refusal.value.message


@pytest.mark.django_db
def test_consent_withdrawal_hides_the_referral_from_the_authority_at_once():
    world = build_world()
    referral = refer(world)
    decider = world.actor(world.decider)
    assert visible_nrm_referrals(decider).exists()
    consent_withdraw(
        actor=world.actor(world.responder), record=referral.consent, reason="Changed mind"
    )
    assert not visible_nrm_referrals(decider).exists()
    assert not visible_cases(decider).exists()
    with pytest.raises(NotVisible):
        decide(world, referral, "receive")
    # The referrer still sees it, and closes it as withdrawn: the grant is revoked for good.
    responder = world.actor(world.responder)
    referral = nrm_transition(
        actor=responder,
        referral=referral,
        name="withdraw",
        step=StepInput(reason="Consent withdrawn"),
    )
    assert referral.state == NrmState.CLOSED and referral.closure_reason == "withdrew"
    assert referral.grant.revoked_at is not None
    assert not Timer.objects.filter(referral=referral, status="running").exists()


@pytest.mark.django_db
def test_close_and_reopen_then_support():
    world = build_world()
    referral = refer(world)
    decide(world, referral, "receive")
    decide(world, referral, "preliminary_positive")
    decide(world, referral, "begin_formal")
    referral = decide(world, referral, "formal_positive")
    # The social welfare department takes the case over (transfer), then supports the person.
    from waypoint.cases.services import case_transfer_accept, case_transfer_request

    supervisor = member(world.ngo, Role.CASE_SUPERVISOR)
    transfer = case_transfer_request(
        actor=actor_for(supervisor, world.ngo),
        case=world.case,
        to_organisation=world.welfare,
        reason="Long-term support",
    )
    welfare_supervisor = member(world.welfare, Role.CASE_SUPERVISOR)
    case_transfer_accept(actor=actor_for(welfare_supervisor, world.welfare), transfer=transfer)
    worker = world.actor(world.case_worker)
    referral = nrm_transition(actor=worker, referral=referral, name="begin_support")
    assert referral.state == NrmState.SUPPORT
    with pytest.raises(ValidationFailed):
        nrm_transition(actor=worker, referral=referral, name="close", step=StepInput(reason="Done"))
    referral = nrm_transition(
        actor=worker,
        referral=referral,
        name="close",
        step=StepInput(reason="Done", closure_reason="completed"),
    )
    assert referral.state == NrmState.CLOSED
    referral = nrm_transition(
        actor=worker, referral=referral, name="reopen", step=StepInput(reason="Needs help again")
    )
    referral = nrm_transition(actor=worker, referral=referral, name="begin_support")
    assert referral.state == NrmState.SUPPORT
