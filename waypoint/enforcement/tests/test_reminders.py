"""Hearing reminders: once per hearing, in the app and by e-mail, with no identifying data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.enforcement import reminders, services
from waypoint.enforcement.models import Hearing
from waypoint.notifications.models import Notification
from waypoint.operations import schedule
from waypoint.testing.factories import member

DAY = dt.timedelta(days=1)


@pytest.fixture
def prosecution(investigation, inv_a, pros_a, prosecution_a, court):
    services.investigation_hand_over(
        actor=inv_a, investigation=investigation, organisation=prosecution_a
    )
    prosecution = services.prosecution_open(
        actor=pros_a,
        investigation=investigation,
        filed_on=timezone.localdate() - 10 * DAY,
        court=court,
        court_case_number="SECRET-CASE-NUMBER-99",
    )
    member(prosecution_a, Role.PROSECUTOR, username="colleague")  # not the lead: not reminded
    return prosecution


@pytest.mark.django_db
def test_hearings_in_the_next_days_are_reminded_once(
    prosecution,
    pros_a,
    investigator_a,
    prosecutor_a,
    investigator_b,
    mailoutbox_clear,
    django_capture_on_commit_callbacks,
):
    today = timezone.localdate()
    soon = services.hearing_schedule(
        actor=pros_a, prosecution=prosecution, hearing_type="trial", hearing_date=today + 2 * DAY
    )
    services.hearing_schedule(
        actor=pros_a,
        prosecution=prosecution,
        hearing_type="sentencing",
        hearing_date=today + 20 * DAY,
    )
    held = services.hearing_schedule(
        actor=pros_a, prosecution=prosecution, hearing_type="preliminary", hearing_date=today
    )
    services.hearing_record_outcome(actor=pros_a, hearing=held, outcome="cancelled")
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders.send_hearing_reminders(today=today)
    assert sent == 2  # the lead prosecutor and the lead investigator, for the trial only
    due = Notification.objects.filter(kind="enforcement.hearing_due")
    recipients = set(due.values_list("recipient__username", flat=True))
    assert recipients == {prosecutor_a.username, investigator_a.username}
    notification = due.first()
    assert prosecution.reference in notification.title and "Trial" in notification.title
    assert notification.link.endswith("#hearings")
    assert len(mailoutbox_clear) == 2
    for text in [n.title + n.body for n in Notification.objects.all()] + [
        m.subject + m.body for m in mailoutbox_clear
    ]:
        for secret in ("Victor", "Suspectson", "Olga", "SECRET-CASE-NUMBER-99"):
            assert secret not in text
    soon.refresh_from_db()
    assert soon.reminded_on == today
    # Running again (the next hour, the next day) sends nothing more.
    assert reminders.send_hearing_reminders(today=today) == 0
    assert reminders.send_hearing_reminders(today=today + DAY) == 0
    assert due.count() == 2


@pytest.mark.django_db
def test_without_a_lead_every_prosecutor_of_the_service_is_reminded(prosecution, pros_a):
    from waypoint.enforcement.models import Prosecution

    Prosecution.objects.filter(pk=prosecution.pk).update(lead_prosecutor=None)
    services.hearing_schedule(
        actor=pros_a,
        prosecution=prosecution,
        hearing_type="trial",
        hearing_date=timezone.localdate(),
    )
    reminders.send_hearing_reminders(today=timezone.localdate())
    prosecutors = set(
        Notification.objects.filter(kind="enforcement.hearing_due").values_list(
            "recipient__username", flat=True
        )
    )
    assert prosecutors == {"pros-a", "colleague", "inv-a"}  # and the lead investigator


@pytest.mark.django_db
def test_the_reminder_task_is_registered_and_runs(prosecution, pros_a):
    assert any(
        task.task_path == "waypoint.enforcement.tasks.send_hearing_reminders"
        for task in schedule.PERIODIC_TASKS
    )
    services.hearing_schedule(
        actor=pros_a,
        prosecution=prosecution,
        hearing_type="trial",
        hearing_date=timezone.localdate() + DAY,
    )
    from waypoint.enforcement.tasks import send_hearing_reminders

    result = send_hearing_reminders.enqueue()
    assert result.return_value == 2
    assert Hearing.objects.get().reminded_on == timezone.localdate()
