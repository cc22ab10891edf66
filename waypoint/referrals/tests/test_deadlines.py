"""Deadlines: working days and Maltese public holidays, profile versions, and moving the clock past
due dates (reminders once, breaches flagged and counted, periods ending)."""

import datetime as dt

import pytest
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.audit.models import AuditEvent
from waypoint.notifications.models import Notification
from waypoint.referrals import profiles, workdays
from waypoint.referrals.choices import DayKind, NrmState, TimerKind, TimerStatus
from waypoint.referrals.models import CountryProfile, Timer
from waypoint.referrals.selectors import breach_summary, my_work
from waypoint.referrals.services import (
    StepInput,
    country_profile_save,
    nrm_refer,
    nrm_transition,
    timers_sweep,
)
from waypoint.referrals.services.profiles import active_profile, rules_of
from waypoint.referrals.tests.helpers import at, build_world, refer
from waypoint.testing.factories import actor_for, member, person_and_case

MALTA = workdays.WorkingCalendar(country="MT")


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Monday 2 March 2026 + 5 working days: Monday 9 March (no holiday that week).
        (dt.date(2026, 3, 2), 5, dt.date(2026, 3, 9)),
        # Tuesday 17 March + 5: St Joseph (Thu 19 March) is skipped -> Wednesday 25 March.
        (dt.date(2026, 3, 17), 5, dt.date(2026, 3, 25)),
        # Friday 27 March + 5: Freedom Day (Tue 31 March) and Good Friday (3 April) -> Tue 7 April.
        (dt.date(2026, 3, 27), 5, dt.date(2026, 4, 7)),
        # Over Christmas 2025: 24 Dec (Wed) + 2 -> 25th is Christmas, 26th Friday, then Monday 29th.
        (dt.date(2025, 12, 24), 2, dt.date(2025, 12, 29)),
        # Zero working days from a Saturday is the next Monday.
        (dt.date(2026, 3, 7), 0, dt.date(2026, 3, 9)),
    ],
)
def test_working_days_skip_weekends_and_maltese_public_holidays(start, days, expected):
    assert workdays.due_date(start, days, DayKind.WORKING, MALTA) == expected


def test_calendar_days_ignore_holidays():
    assert workdays.due_date(dt.date(2026, 3, 17), 5, DayKind.CALENDAR, MALTA) == dt.date(
        2026, 3, 22
    )


def test_manual_holidays_and_other_weekends_count():
    extra = workdays.WorkingCalendar(country="MT", extra_holidays=frozenset({dt.date(2026, 3, 3)}))
    assert workdays.due_date(dt.date(2026, 3, 2), 1, DayKind.WORKING, extra) == dt.date(2026, 3, 4)
    friday_saturday = workdays.WorkingCalendar(country="MY", subdivision="03", weekend=(5, 6))
    # Thursday 9 April 2026 + 1 working day in Kelantan (weekend Friday and Saturday) is Sunday.
    assert workdays.due_date(dt.date(2026, 4, 9), 1, DayKind.WORKING, friday_saturday) == dt.date(
        2026, 4, 12
    )
    # Thursday 5 March + 1 there: Nuzul Al-Quran is observed on Sunday 8 March -> Monday 9 March.
    assert workdays.due_date(dt.date(2026, 3, 5), 1, DayKind.WORKING, friday_saturday) == dt.date(
        2026, 3, 9
    )


def test_reminder_date_counts_back_in_working_days():
    due = dt.date(2026, 3, 25)  # Wednesday after St Joseph
    assert workdays.reminder_date(
        due, 2, DayKind.WORKING, MALTA, start=dt.date(2026, 3, 17)
    ) == dt.date(2026, 3, 23)


def test_reference_profiles_load_and_round_trip():
    reference = profiles.load_reference()
    malta = profiles.from_reference(reference, "MT")
    assert malta.recovery_reflection_days == 60
    assert malta.shelter_max_days == 180
    assert malta.adult_referral_needs_consent and not malta.child_referral_needs_consent
    malaysia = profiles.from_reference(reference, "MY")
    assert malaysia.interim_protection_order_days == 21
    assert malaysia.protection_order_max_days == 90
    assert malaysia.freedom_of_movement.preconditions == (
        "security_risk_assessment",
        "medical_screening",
        "mental_health_evaluation",
    )
    uk = profiles.from_reference(reference, "UK_EW", country="GB")
    assert uk.preliminary_decision.name == "Reasonable Grounds"
    assert uk.formal_decision.earliest_days_after_preliminary == 30
    for rules in (malta, malaysia, uk):
        assert profiles.from_document(rules.to_document()) == rules


def test_invalid_profile_document_names_every_problem():
    document = profiles.from_reference(profiles.load_reference(), "MT").to_document()
    document["preliminary_decision"]["limit"]["days"] = -1
    document["deciding_organisation_types"] = ["Pirates"]
    document["holidays"]["extra"] = [{"date": "not a date"}]
    with pytest.raises(profiles.ProfileInvalid) as invalid:
        profiles.from_document(document)
    assert {
        "preliminary_decision.limit.days",
        "deciding_organisation_types",
        "holidays.extra[0]",
    } <= set(invalid.value.fields)


@pytest.mark.django_db
def test_changing_the_profile_never_moves_running_deadlines(org_b):
    world = build_world()
    monday = dt.date(2026, 3, 2)
    first = refer(world, now=at(monday))
    timer = Timer.objects.get(referral=first)
    assert timer.due_on == dt.date(2026, 3, 9)
    admin = actor_for(member(org_b, Role.SYSTEM_ADMIN), org_b)
    document = active_profile().rules
    document["preliminary_decision"]["limit"] = {"days": 10, "day_kind": "working"}
    old = active_profile()
    new = country_profile_save(
        actor=admin,
        document=document,
        effective_from=timezone.localdate(),
        based_on_version=old.version,
        change_note="Longer target",
    )
    assert new.version == old.version + 1 and active_profile() == new
    timer.refresh_from_db()
    assert timer.due_on == dt.date(2026, 3, 9) and timer.profile == old
    # A referral made after the change uses the new version.
    person, case = person_and_case(
        world.ngo, opener=world.responder, values={"first_name": "Lina", "age_band": "9-17"}
    )
    second = nrm_refer(
        actor=world.actor(world.responder),
        case_person=case.case_persons.get(),
        competent_authority=world.police,
        information="Child found working",
    )
    later = Timer.objects.get(referral=second)
    today = timezone.localdate()
    assert later.profile == new
    assert later.due_on == workdays.due_date(today, 10, DayKind.WORKING, MALTA)
    assert AuditEvent.objects.filter(action="nrm.profile_save").exists()


@pytest.mark.django_db
def test_profile_save_refuses_stale_versions_and_back_dating(org_b):
    admin = actor_for(member(org_b, Role.SYSTEM_ADMIN), org_b)
    build_world()
    current = active_profile()
    from waypoint.common.errors import ConcurrencyConflict, ValidationFailed

    with pytest.raises(ValidationFailed) as refusal:
        country_profile_save(
            actor=admin,
            document=current.rules,
            effective_from=timezone.localdate() - dt.timedelta(days=1),
            based_on_version=current.version,
        )
    assert "effective_from" in refusal.value.fields
    country_profile_save(
        actor=admin,
        document=current.rules,
        effective_from=timezone.localdate(),
        based_on_version=current.version,
    )
    with pytest.raises(ConcurrencyConflict):
        country_profile_save(
            actor=admin,
            document=current.rules,
            effective_from=timezone.localdate(),
            based_on_version=current.version,
        )
    worker = actor_for(member(org_b, Role.CASE_WORKER), org_b)
    from waypoint.common.errors import ActionDenied

    before = CountryProfile.objects.count()
    with pytest.raises(ActionDenied):
        country_profile_save(
            actor=worker,
            document=current.rules,
            effective_from=timezone.localdate(),
            based_on_version=None,
        )
    assert CountryProfile.objects.count() == before


@pytest.mark.django_db
def test_moving_the_clock_sends_reminders_once_and_flags_breaches_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    world = build_world()
    monday = dt.date(2026, 3, 2)
    referral = refer(world, now=at(monday))
    timer = Timer.objects.get(referral=referral)
    assert timer.remind_on == dt.date(2026, 3, 5)  # two working days before Monday 9 March
    with django_capture_on_commit_callbacks(execute=True):
        assert timers_sweep(today=dt.date(2026, 3, 4)).reminded == 0
        assert timers_sweep(today=dt.date(2026, 3, 5)).reminded == 1
        assert timers_sweep(today=dt.date(2026, 3, 6)).reminded == 0
    reminders = Notification.objects.filter(kind="nrm.timer_reminder")
    assert [n.recipient for n in reminders] == [world.decider]
    assert referral.reference in reminders[0].title and "Amal" not in reminders[0].title
    with django_capture_on_commit_callbacks(execute=True):
        assert timers_sweep(today=dt.date(2026, 3, 9)).breached == 0  # due today: not late yet
        result = timers_sweep(today=dt.date(2026, 3, 10))
        assert result.breached == 1
        assert timers_sweep(today=dt.date(2026, 3, 11)).breached == 0
    timer.refresh_from_db()
    assert timer.is_breached and timer.breached_on == dt.date(2026, 3, 10)
    breach_notes = Notification.objects.filter(kind="nrm.timer_breach")
    assert {n.recipient for n in breach_notes} == {world.decider, world.responder}
    # Each is filed under the organisation its recipient works for in the case (the referrer's
    # under the referring organisation, not the competent authority's).
    for note in breach_notes:
        assert note.recipient.memberships.filter(
            organisation=note.organisation, is_active=True
        ).exists()
    assert {n.organisation for n in breach_notes} == {
        referral.competent_authority,
        referral.referring_organisation,
    }
    assert all("Amal" not in message.body + message.subject for message in mailoutbox)
    assert len(mailoutbox) == reminders.count() + breach_notes.count() == 3
    assert AuditEvent.objects.filter(action="nrm.timer_breach").count() == 1
    # The late decision still counts as a breach, and as outside the target.
    referral = nrm_transition(
        actor=world.actor(world.decider),
        referral=referral,
        name="receive",
        now=at(dt.date(2026, 3, 12)),
    )
    referral = nrm_transition(
        actor=world.actor(world.decider),
        referral=referral,
        name="preliminary_positive",
        step=StepInput(reason="Credible", legal_basis="Art. 10"),
        now=at(dt.date(2026, 3, 12)),
    )
    decision = referral.decisions.get()
    assert decision.is_within_target is False
    timer.refresh_from_db()
    assert timer.status == TimerStatus.DONE and timer.is_breached


@pytest.mark.django_db
def test_the_recovery_period_ends_and_the_formal_stage_opens_by_itself():
    world = build_world()
    monday = dt.date(2026, 3, 2)
    referral = refer(world, now=at(monday))
    decider = world.actor(world.decider)
    nrm_transition(actor=decider, referral=referral, name="receive", now=at(monday))
    referral = nrm_transition(
        actor=decider,
        referral=referral,
        name="preliminary_positive",
        step=StepInput(reason="Credible", legal_basis="Art. 10"),
        now=at(monday),
    )
    ends = referral.recovery_period_ends_on
    assert ends == monday + dt.timedelta(days=60)
    assert timers_sweep(today=ends).formal_started == 0
    result = timers_sweep(today=ends + dt.timedelta(days=1))
    assert result.ended == 1 and result.formal_started == 1
    referral.refresh_from_db()
    assert referral.state == NrmState.FORMAL_PENDING
    formal = Timer.objects.get(referral=referral, kind=TimerKind.FORMAL_DECISION)
    assert formal.starts_on == ends + dt.timedelta(days=1)
    assert formal.due_on == formal.starts_on + dt.timedelta(
        days=rules_of(referral.profile).formal_decision.limit.days
    )
    assert referral.steps.last().actor is None  # the system made the step


@pytest.mark.django_db
def test_my_work_and_the_coordinators_breach_counts(org_b):
    world = build_world()
    monday = dt.date(2026, 3, 2)
    referral = refer(world, now=at(monday))
    decider = world.actor(world.decider)
    work = my_work(actor=decider, today=monday)
    assert [timer.referral for timer in work.due] == [referral]
    waiting = my_work(actor=world.actor(world.responder), today=monday)
    assert waiting.waiting_referrals == [referral]
    timers_sweep(today=dt.date(2026, 3, 20))
    late = my_work(actor=decider, today=dt.date(2026, 3, 20))
    assert [timer.referral for timer in late.overdue] == [referral] and not late.due
    organisation = my_work(actor=decider, scope="organisation", today=dt.date(2026, 3, 20))
    assert len(organisation.overdue) == 1
    # Other organisations' people see none of it.
    stranger = actor_for(member(org_b, Role.DECISION_MAKER), org_b)
    assert not my_work(actor=stranger, scope="organisation", today=dt.date(2026, 3, 20)).overdue
    coordinator = actor_for(member(org_b, Role.COORDINATOR), org_b)
    summary = breach_summary(actor=coordinator)
    assert summary.total == 1
    assert summary.rows == [
        {
            "kind": "preliminary_decision",
            "stage": "Preliminary decision due",
            "organisation": "Harbour Police",
            "month": dt.date(2026, 3, 1),
            "count": 1,
        }
    ]
    assert breach_summary(actor=decider).total == 0


@pytest.mark.django_db
def test_clocks_of_a_referral_whose_consent_was_withdrawn_never_become_breaches():
    from waypoint.people.services import consent_withdraw

    world = build_world()
    referral = refer(world, now=at(dt.date(2026, 3, 2)))
    consent_withdraw(
        actor=world.actor(world.responder), record=referral.consent, reason="Changed mind"
    )
    result = timers_sweep(today=dt.date(2026, 3, 20))
    assert result.breached == 0
    timer = Timer.objects.get(referral=referral)
    assert timer.status == TimerStatus.CANCELLED and not timer.is_breached
    notice = Notification.objects.get(kind="nrm.sharing_ended")
    assert notice.recipient == world.responder and referral.reference in notice.title
    timers_sweep(today=dt.date(2026, 3, 21))
    assert Notification.objects.filter(kind="nrm.sharing_ended").count() == 1
    assert AuditEvent.objects.filter(action="nrm.timer_cancel").count() == 1
