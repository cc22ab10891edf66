"""Reminders before a round's deadline and overdue notices, sent by the periodic task."""

import datetime as dt

import pytest

from waypoint.access.actor import Actor
from waypoint.access.roles import Role
from waypoint.action_plans.choices import ActionStatus, ReminderKind
from waypoint.action_plans.services.plans import round_create
from waypoint.action_plans.services.reminders import reminders_send, reporting_users
from waypoint.action_plans.services.reports import ReportData, report_save, reporter_name
from waypoint.action_plans.tasks import send_reporting_reminders
from waypoint.common.errors import ActionDenied
from waypoint.notifications.models import Notification
from waypoint.operations import schedule
from waypoint.testing.factories import actor_for, member


@pytest.fixture
def due_round(coord, plan, today):
    """Due in two days: the 3-day reminder applies (not the 14-day one as well)."""
    return round_create(
        actor=coord,
        plan=plan,
        label="Q-now",
        period_start=today - dt.timedelta(days=60),
        period_end=today - dt.timedelta(days=1),
        deadline=today + dt.timedelta(days=2),
    )


@pytest.fixture
def reporters(org_a, org_b, admin_a, admin_b):
    named = member(org_a, Role.CASE_WORKER, username="named.a")
    reporter_name(actor=actor_for(admin_a, org_a), user=named)
    silent = member(org_a, Role.CASE_WORKER, username="not.named.a")
    return {"admin_a": admin_a, "named": named, "silent": silent, "admin_b": admin_b}


def test_the_task_is_registered_hourly():
    entry = next(
        task
        for task in schedule.PERIODIC_TASKS
        if task.task_path == "waypoint.action_plans.tasks.send_reporting_reminders"
    )
    assert entry.every == dt.timedelta(hours=1)


@pytest.mark.django_db
def test_reporting_users_are_admins_and_named_reporters(org_a, reporters):
    assert {user.username for user in reporting_users(org_a)} == {"admin.a", "named.a"}


@pytest.mark.django_db
def test_task_reminds_each_reporting_person_once_by_notification_and_email(
    action_a, action_b, due_round, reporters, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = send_reporting_reminders.enqueue()
    assert result.return_value == {"notifications": 3, "emails": 3, "organisations": 2}
    notifications = Notification.objects.order_by("recipient__username")
    assert [(n.recipient.username, n.kind) for n in notifications] == [
        ("admin.a", ReminderKind.REMINDER),
        ("admin.b", ReminderKind.REMINDER),
        ("named.a", ReminderKind.REMINDER),
    ]
    first = notifications[0]
    assert first.title == f"Progress reports due on {due_round.deadline.isoformat()}"
    assert "1 progress report for National Action Plan 2025-2027, round Q-now" in first.body
    assert "(in 2 days)" in first.body
    assert first.link == "/action-plans/reporting/"
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "admin.a@example.invalid",
        "admin.b@example.invalid",
        "named.a@example.invalid",
    ]
    assert "Action plan" in mailoutbox[0].body
    assert "/action-plans/reporting/" in mailoutbox[0].body
    # Running again sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        again = send_reporting_reminders.enqueue()
    assert again.return_value["notifications"] == 0
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_organisations_that_reported_are_not_reminded(
    action_a, action_b, due_round, reporters, org_a
):
    report_save(
        actor=actor_for(reporters["admin_a"], org_a),
        reporting_round=due_round,
        action=action_a,
        data=ReportData(status=ActionStatus.ON_TRACK, narrative="Fine.", submit=True),
    )
    result = reminders_send(actor=Actor.system("test"))
    assert result.organisations == 1
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"admin.b"}


@pytest.mark.django_db
def test_overdue_notice_after_the_deadline_and_nothing_before_the_first_lead_time(
    action_a, due_round, reporters, today
):
    early = reminders_send(
        actor=Actor.system("test"), today=due_round.deadline - dt.timedelta(days=20)
    )
    assert early.notifications == 0
    late = reminders_send(
        actor=Actor.system("test"), today=due_round.deadline + dt.timedelta(days=1)
    )
    assert late.notifications == 2
    assert set(Notification.objects.values_list("kind", flat=True)) == {ReminderKind.OVERDUE}
    assert "is missing" in Notification.objects.first().body


@pytest.mark.django_db
def test_only_coordinators_trigger_reminders_by_hand(org_a, action_a, due_round, reporters):
    with pytest.raises(ActionDenied):
        reminders_send(actor=actor_for(reporters["admin_a"], org_a))
    assert Notification.objects.count() == 0
