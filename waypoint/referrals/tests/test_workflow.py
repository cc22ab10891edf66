"""The transition tables, exhaustively: every state × every step × every role (pure, no database)."""

import datetime as dt
import itertools
from dataclasses import replace

import pytest

from waypoint.access.roles import Role
from waypoint.common.errors import ActionDenied, InvalidTransition, ValidationFailed
from waypoint.directory import workflow as service_workflow
from waypoint.directory.choices import ServiceReferralStatus
from waypoint.referrals import track_workflow, workflow
from waypoint.referrals.choices import NrmState, TrackKind, TrackState

S = NrmState
TODAY = dt.date(2026, 3, 2)
FR, CW, CS, DM, SP = (
    "first_responder",
    "case_worker",
    "case_supervisor",
    "decision_maker",
    "service_provider",
)
REFERRERS = {FR, CW, CS}
WORKERS = {CW, CS}

# Written out independently of workflow.py (the lifecycle of DOMAIN.md §3 / notes §6b): step ->
# (the states it may be taken from, the roles that may take it).
IN_PROGRESS = {
    S.REFERRED,
    S.PRELIMINARY_PENDING,
    S.PRESUMED_VICTIM,
    S.FORMAL_PENDING,
    S.PRELIMINARY_RECONSIDERATION,
    S.FORMAL_RECONSIDERATION,
}
EXPECTED = {
    "start_screening": ({S.DETECTED, S.REOPENED}, REFERRERS),
    "refer": ({S.DETECTED, S.SCREENING, S.NOT_REFERRED, S.REOPENED}, REFERRERS),
    "not_refer": ({S.DETECTED, S.SCREENING}, REFERRERS),
    "close_no_action": ({S.DETECTED, S.SCREENING, S.NOT_REFERRED}, REFERRERS),
    "receive": ({S.REFERRED}, {DM}),
    "preliminary_positive": ({S.PRELIMINARY_PENDING}, {DM}),
    "preliminary_negative": ({S.PRELIMINARY_PENDING}, {DM}),
    "begin_formal": ({S.PRESUMED_VICTIM}, {DM}),
    "formal_positive": ({S.FORMAL_PENDING}, {DM}),
    "formal_negative": ({S.FORMAL_PENDING}, {DM}),
    "request_preliminary_reconsideration": ({S.NOT_PRESUMED}, REFERRERS | {SP}),
    "request_formal_reconsideration": ({S.NOT_IDENTIFIED}, REFERRERS | {SP}),
    "reconsider_preliminary_positive": ({S.PRELIMINARY_RECONSIDERATION}, {DM}),
    "reconsider_preliminary_negative": ({S.PRELIMINARY_RECONSIDERATION}, {DM}),
    "reconsider_formal_positive": ({S.FORMAL_RECONSIDERATION}, {DM}),
    "reconsider_formal_negative": ({S.FORMAL_RECONSIDERATION}, {DM}),
    "begin_support": ({S.IDENTIFIED_VICTIM, S.REOPENED}, WORKERS),
    "begin_return": ({S.IDENTIFIED_VICTIM, S.SUPPORT, S.REOPENED}, WORKERS),
    "withdraw": (IN_PROGRESS, REFERRERS),
    "close": (
        {
            S.IDENTIFIED_VICTIM,
            S.SUPPORT,
            S.RETURN,
            S.NOT_PRESUMED,
            S.NOT_IDENTIFIED,
            S.NOT_REFERRED,
            S.REOPENED,
        },
        WORKERS,
    ),
    "reopen": ({S.CLOSED}, WORKERS),
}
EXPECTED_TARGETS = {
    "start_screening": S.SCREENING,
    "refer": S.REFERRED,
    "not_refer": S.NOT_REFERRED,
    "close_no_action": S.CLOSED,
    "receive": S.PRELIMINARY_PENDING,
    "preliminary_positive": S.PRESUMED_VICTIM,
    "preliminary_negative": S.NOT_PRESUMED,
    "begin_formal": S.FORMAL_PENDING,
    "formal_positive": S.IDENTIFIED_VICTIM,
    "formal_negative": S.NOT_IDENTIFIED,
    "request_preliminary_reconsideration": S.PRELIMINARY_RECONSIDERATION,
    "request_formal_reconsideration": S.FORMAL_RECONSIDERATION,
    "reconsider_preliminary_positive": S.PRESUMED_VICTIM,
    "reconsider_preliminary_negative": S.NOT_PRESUMED,
    "reconsider_formal_positive": S.IDENTIFIED_VICTIM,
    "reconsider_formal_negative": S.NOT_IDENTIFIED,
    "begin_support": S.SUPPORT,
    "begin_return": S.RETURN,
    "withdraw": S.CLOSED,
    "close": S.CLOSED,
    "reopen": S.REOPENED,
}


def facts(role, **changes):
    """Facts under which every precondition holds, for one role."""
    base = workflow.Facts(
        roles=frozenset({Role(role)}),
        today=TODAY,
        is_case_side=True,
        is_competent_authority=True,
        competent_authority_name="Harbour Police",
        is_support_provider=True,
        has_referral_consent=True,
        was_identified=True,
    )
    return replace(base, **changes)


INPUT = {"reason": "Because", "legal_basis": "Art. 10", "closure_reason": "completed"}


def test_the_table_is_the_documented_lifecycle():
    assert set(workflow.BY_NAME) == set(EXPECTED)
    for name, (sources, roles) in EXPECTED.items():
        step = workflow.BY_NAME[name]
        assert set(step.sources) == sources, name
        assert {str(role) for role in step.roles} == roles, name
        assert step.target == EXPECTED_TARGETS[name], name


def test_every_state_can_be_left_or_is_closed():
    for state in NrmState:
        assert workflow.targets_of(state), f"{state} is a dead end"


ALL_ROLES = sorted(str(role) for role in Role)


@pytest.mark.parametrize(
    ("state", "name"), list(itertools.product(list(NrmState), sorted(EXPECTED)))
)
def test_every_state_step_and_role(state, name):
    sources, roles = EXPECTED[name]
    for role in ALL_ROLES:
        if state not in sources:
            with pytest.raises(InvalidTransition) as refusal:
                workflow.check(state, name, facts(role), **INPUT)
            assert "possible from" in refusal.value.message
        elif role not in roles:
            with pytest.raises(ActionDenied) as refusal:
                workflow.check(state, name, facts(role), **INPUT)
            assert "Roles that may" in refusal.value.message
        else:
            step = workflow.check(state, name, facts(role), **INPUT)
            assert step.target == EXPECTED_TARGETS[name]
            assert step in workflow.available(state, facts(role))


# What makes each precondition fail.
BREAKERS = {
    "case_side": {"is_case_side": False, "is_support_provider": False},
    "consent": {"has_referral_consent": False},
    "authority_chosen": {"competent_authority_problem": "Choose the competent authority."},
    "competent_authority": {"is_competent_authority": False},
    "authority_or_period_over": {"is_competent_authority": False},
    "earliest_formal": {"earliest_formal_decision_on": TODAY + dt.timedelta(days=1)},
    "reconsideration": {"reconsideration_available": False},
    "was_identified": {"was_identified": False},
}


@pytest.mark.parametrize(
    ("name", "code"),
    [(step.name, pre.code) for step in workflow.TRANSITIONS for pre in step.preconditions],
)
def test_every_precondition_refuses_with_its_reason(name, code):
    step = workflow.BY_NAME[name]
    state = sorted(step.sources)[0]
    role = sorted(str(role) for role in step.roles)[0]
    with pytest.raises(InvalidTransition) as refusal:
        workflow.check(state, name, facts(role, **BREAKERS[code]), **INPUT)
    assert refusal.value.message
    assert step not in workflow.available(state, facts(role, **BREAKERS[code]))


def test_child_referral_needs_no_consent_under_the_default_rule():
    child = facts(FR, is_child=True, has_referral_consent=False)
    assert workflow.check(S.DETECTED, "refer", child).target == S.REFERRED
    strict = replace(child, child_referral_needs_consent=True)
    with pytest.raises(InvalidTransition):
        workflow.check(S.DETECTED, "refer", strict)


def test_adult_needs_consent_only_where_the_country_says_so():
    adult = facts(FR, has_referral_consent=False)
    with pytest.raises(InvalidTransition) as refusal:
        workflow.check(S.DETECTED, "refer", adult)
    assert "anonymous notification" in refusal.value.message
    assert workflow.check(S.DETECTED, "refer", replace(adult, adult_referral_needs_consent=False))


def test_reconsideration_by_whom_and_how_often():
    support_only = facts(FR, reconsideration_requesters=frozenset({"support_provider"}))
    with pytest.raises(InvalidTransition):
        workflow.check(
            S.NOT_PRESUMED, "request_preliminary_reconsideration", support_only, reason="x"
        )
    provider = facts(SP, is_case_side=False)
    assert workflow.check(
        S.NOT_PRESUMED, "request_preliminary_reconsideration", provider, reason="x"
    )
    outsider_provider = facts(SP, is_case_side=False, is_support_provider=False)
    with pytest.raises(InvalidTransition):
        workflow.check(
            S.NOT_PRESUMED, "request_preliminary_reconsideration", outsider_provider, reason="x"
        )
    used_up = facts(FR, reconsiderations_so_far=1, max_reconsiderations=1)
    with pytest.raises(InvalidTransition) as refusal:
        workflow.check(S.NOT_IDENTIFIED, "request_formal_reconsideration", used_up, reason="x")
    assert "maximum" in refusal.value.message


def test_the_system_only_opens_the_formal_stage_after_the_recovery_period():
    system = workflow.Facts(
        roles=frozenset(), today=TODAY, is_system=True, recovery_period_ends_on=TODAY
    )
    with pytest.raises(InvalidTransition):
        workflow.check(S.PRESUMED_VICTIM, "begin_formal", system)
    later = replace(system, today=TODAY + dt.timedelta(days=1))
    assert workflow.check(S.PRESUMED_VICTIM, "begin_formal", later).target == S.FORMAL_PENDING
    for name in sorted(set(EXPECTED) - {"begin_formal"}):
        for state in EXPECTED[name][0]:
            with pytest.raises(ActionDenied):
                workflow.check(state, name, later, **INPUT)


def test_missing_reason_legal_basis_and_closure_reason_are_named():
    with pytest.raises(ValidationFailed) as refusal:
        workflow.check(S.PRELIMINARY_PENDING, "preliminary_positive", facts(DM))
    assert set(refusal.value.fields) == {"reason", "legal_basis"}
    with pytest.raises(ValidationFailed) as refusal:
        workflow.check(S.SUPPORT, "close", facts(CW), reason="Done", closure_reason="no_action")
    assert set(refusal.value.fields) == {"closure_reason"}


def test_unknown_step_is_refused():
    with pytest.raises(InvalidTransition):
        workflow.check(S.DETECTED, "teleport", facts(FR))


def test_decisions_set_the_htcds_trafficking_status():
    statuses = {
        step.name: step.trafficking_status for step in workflow.TRANSITIONS if step.decision
    }
    assert statuses["preliminary_positive"] == "PossibleVictimOfTrafficking"
    assert statuses["formal_positive"] == "ActualVictimOfTrafficking"
    assert (
        statuses["preliminary_negative"] == statuses["formal_negative"] == "NotAVictimOfTrafficking"
    )


# Tracks ----------------------------------------------------------------------------------------

TRACK_STATES = [track_workflow.OPEN, *TrackState.values]


def track_facts(role, **changes):
    base = track_workflow.TrackFacts(
        roles=frozenset({Role(role)}),
        today=TODAY,
        is_case_side=True,
        is_provider=True,
        is_child=True,
        freedom_of_movement_available=True,
        required_conditions=("security_risk_assessment",),
        conditions_done=frozenset({"security_risk_assessment"}),
        interim_order_days=21,
        full_order_days=90,
        valid_until=TODAY + dt.timedelta(days=365),
    )
    return replace(base, **changes)


@pytest.mark.parametrize(("kind", "state"), list(itertools.product(list(TrackKind), TRACK_STATES)))
def test_every_track_state_step_and_role(kind, state):
    for role, step in itertools.product(ALL_ROLES, track_workflow.table(kind)):
        if state not in step.sources:
            with pytest.raises(InvalidTransition):
                track_workflow.check(kind, state, step.name, track_facts(role), reason="x")
        elif Role(role) not in step.roles:
            with pytest.raises(ActionDenied):
                track_workflow.check(kind, state, step.name, track_facts(role), reason="x")
        else:
            assert (
                track_workflow.check(kind, state, step.name, track_facts(role), reason="x").target
                == step.target
            )


def test_every_track_kind_can_be_opened_and_ended():
    for kind in TrackKind:
        steps = track_workflow.table(kind)
        assert any(track_workflow.OPEN in step.sources for step in steps), kind
        finals = track_workflow.FINAL_STATES[kind]
        assert finals <= {str(step.target) for step in steps}, kind


def test_freedom_of_movement_needs_every_precondition():
    missing = track_facts(
        CW,
        required_conditions=(
            "security_risk_assessment",
            "medical_screening",
            "mental_health_evaluation",
        ),
    )
    with pytest.raises(InvalidTransition) as refusal:
        track_workflow.check("freedom_of_movement", "assessing", "request", missing)
    assert "medical screening" in refusal.value.message
    unavailable = track_facts(CW, freedom_of_movement_available=False)
    with pytest.raises(InvalidTransition):
        track_workflow.check("freedom_of_movement", track_workflow.OPEN, "open", unavailable)


def test_protection_order_lengths_come_from_the_profile_or_a_date():
    no_length = track_facts(CW, interim_order_days=None, valid_until=None)
    with pytest.raises(InvalidTransition):
        track_workflow.check("protection_order", "applied", "grant_interim", no_length)
    assert track_workflow.check(
        "protection_order",
        "applied",
        "grant_interim",
        replace(no_length, valid_until=TODAY + dt.timedelta(days=10)),
    )


def test_guardian_is_for_children_and_shelter_steps_are_the_shelters():
    with pytest.raises(InvalidTransition):
        track_workflow.check(
            "guardianship", track_workflow.OPEN, "request", track_facts(CW, is_child=False)
        )
    with pytest.raises(InvalidTransition):
        track_workflow.check(
            "shelter_placement", "requested", "place", track_facts(SP, is_provider=False)
        )


# Referrals to services ------------------------------------------------------------------------


@pytest.mark.parametrize("status", ServiceReferralStatus.values)
def test_every_service_referral_status_step_role_and_party(status):
    for role, provider, referrer in itertools.product(ALL_ROLES, [True, False], [True, False]):
        _check_service_step(status, role, provider, referrer)


def _check_service_step(status, role, provider, referrer):
    expected = {
        "accept": ({"pending"}, {SP}, "provider"),
        "decline": ({"pending"}, {SP}, "provider"),
        "complete": ({"accepted"}, {SP, FR, CW, CS}, "either"),
        "cancel": ({"pending", "accepted"}, {FR, CW, CS}, "referrer"),
    }
    facts_ = service_workflow.ReferralFacts(
        roles=frozenset({Role(role)}), is_provider=provider, is_referrer=referrer
    )
    for name, (sources, roles, party) in expected.items():
        party_ok = {
            "provider": provider and role == SP,
            "referrer": referrer and role in REFERRERS,
            "either": (provider and role == SP) or (referrer and role in REFERRERS),
        }[party]

        def call(name=name):
            return service_workflow.check(status, name, facts_, reason="x", decline_reason="other")  # noqa: E731

        if status not in sources:
            with pytest.raises(InvalidTransition):
                call()
        elif role not in roles or not party_ok:
            with pytest.raises(ActionDenied):
                call()
        else:
            assert call().name == name
