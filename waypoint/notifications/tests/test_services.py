import pytest
from django.core import mail

from waypoint.access.roles import Role
from waypoint.notifications.models import Notification
from waypoint.notifications.services import notify
from waypoint.testing.factories import member


@pytest.mark.django_db(transaction=True)
def test_email_link_starts_with_the_base_url_and_is_sent_once(org_a, org_b, settings):
    settings.WAYPOINT_BASE_URL = "https://waypoint.example.org"
    user = member(org_a, Role.CASE_WORKER)
    member(org_b, Role.CASE_WORKER)
    for _ in range(2):
        notify(
            recipient=user,
            organisation=org_a,
            kind="task_due",
            title="A task is due in case C-TEST0001",
            link="/cases/",
            dedupe_key="task-1",
            send_email=True,
        )
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "https://waypoint.example.org/cases/" in mail.outbox[0].body


@pytest.mark.django_db
def test_inactive_people_get_nothing(org_a):
    user = member(org_a, Role.CASE_WORKER)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert notify(recipient=user, organisation=org_a, kind="x", title="t", send_email=True) is None
    assert Notification.objects.count() == 0 and mail.outbox == []
