"""Beyond status codes: searches, exports, statistics, document downloads, notifications and
e-mails never carry the owning organisation's people to anyone outside the case.

Every check has a positive control (someone who may see the record does find it), so none of them
can pass because the record was never there.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.access.world import OTHER, OWN, SECRET_DOCUMENT, SECRET_VALUES
from waypoint.access.roles import Perm, Role
from waypoint.accounts.models import Membership
from waypoint.common.errors import ActionDenied
from waypoint.notifications.models import Notification

IDENTITY = str(SECRET_VALUES["identity_number"])
FIRST = str(SECRET_VALUES["first_name"])
SECOND = str(SECRET_VALUES["second_name"])
BIRTHDATE = SECRET_VALUES["birthdate"].isoformat()  # type: ignore[attr-defined]
SEARCHES = (
    {"identity_number": IDENTITY},
    {"first_name": FIRST, "second_name": SECOND, "birthdate": BIRTHDATE},
)


def _hits(world) -> list[str]:
    """What identifies the owning organisation's case in a result (never in a search's own URL)."""
    return world.references


def _other_side(world):
    return [who for who in world.people if who.side == OTHER]


def _found(body: str, world, searched: tuple[str, ...] = ()) -> list[str]:
    """The case's ids in ``body``, except what was searched for (a search form shows its terms)."""
    return [hit for hit in _hits(world) if hit in body and hit not in searched]


@pytest.mark.django_db
def test_searching_for_the_person_finds_nothing_in_another_organisation(access_world):
    world = access_world
    owner = world.who(f"{Role.CASE_WORKER.value}@{OWN}")
    for params in SEARCHES:
        assert _found(owner.client(api=False).get("/cases/", params).content.decode(), world)
        assert owner.client(api=True).get("/api/v1/cases/", params).json()["count"] == 1
        assert owner.client(api=True).get("/api/v1/persons/", params).json()["count"] == 1
    for who in [*_other_side(world), world.who("anonymous")]:
        for params in (*SEARCHES, {"search": world.records["case"].reference}):
            for path in ("/cases/", "/persons/", "/api/v1/cases/", "/api/v1/persons/"):
                response = who.client(api=path.startswith("/api/")).get(path, params)
                body = response.content.decode()
                assert _found(body, world, tuple(params.values())) == [], (who.key, path)
                assert response.status_code in (200, 302, 401, 403), (who.key, path)
                if response.status_code == 200 and path.startswith("/api/"):
                    assert response.json()["count"] == 0, (who.key, path, params)


@pytest.mark.django_db
def test_exports_of_another_organisation_hold_none_of_the_owning_organisations_records(
    access_world,
):
    from waypoint.exchange.services.exports import export_download, export_request, export_run

    world = access_world

    def export(key: str) -> str:
        actor = world.actor(key)
        job = export_request(
            actor=actor,
            file_format="csv",
            is_identifying=actor.can(Perm.DATA_EXPORT_IDENTIFYING),
        )
        job = export_run(actor=actor, job=job)
        return b"".join(export_download(actor=actor, job=job)).decode()

    # Positive control: the owning organisation's supervisor exports the person by name.
    owned = export(f"{Role.CASE_SUPERVISOR.value}@{OWN}")
    assert IDENTITY in owned
    assert FIRST in owned
    exported = []
    for who in _other_side(world):
        if not world.actor(who.key).can(Perm.DATA_EXPORT):
            continue
        try:
            content = export(who.key)
        except ActionDenied:
            continue  # an analyst's role sees statistics only and may not export records
        exported.append(who.key)
        for secret in (*world.secrets, *_hits(world)):
            assert secret not in content, (who.key, secret)
    assert len(exported) >= 2, exported


@pytest.mark.django_db
def test_statistics_carry_no_identifying_data_or_record_ids(access_world):
    from waypoint.reporting import registry

    world = access_world
    specs = registry.all_specs()
    assert specs
    for key in (f"{Role.ANALYST.value}@{OTHER}", f"{Role.COORDINATOR.value}@{OTHER}"):
        client = world.who(key).client(api=True)
        assert client.get("/api/v1/statistics/").status_code == 200
        for spec in specs:
            response = client.get(f"/api/v1/statistics/{spec.table_id}/")
            assert response.status_code in (200, 403), (key, spec.table_id)
            body = response.content.decode()
            for secret in (*world.secrets, *_hits(world)):
                assert secret not in body, (key, spec.table_id, secret)


@pytest.mark.django_db
def test_a_document_is_not_found_outside_the_case(access_world):
    world = access_world
    document = world.records["document"]
    page = reverse("cases:document_download", args=[document.public_id])
    api = f"/api/v1/documents/{document.public_id}/content/"
    owner = world.who(f"{Role.CASE_WORKER.value}@{OWN}")
    downloaded = owner.client(api=False).get(page)
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == SECRET_DOCUMENT
    outsiders = [*_other_side(world)]
    outsiders += [who for who in world.people if who.is_law_enforcement]
    for who in outsiders:
        for path, is_api in ((page, False), (api, True)):
            response = who.client(api=is_api).get(path)
            assert response.status_code in (403, 404), (who.key, path)
            if who.side == OTHER and world.actor(who.key).can(Perm.DOCUMENT_VIEW):
                assert response.status_code == 404, (who.key, path)
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            assert b"Zorblina" not in content
            assert b"XQ7741239" not in content


def _run_periodic_work(world, django_capture_on_commit_callbacks) -> None:
    """Reminders, the NRM deadline sweep and a transfer, with their e-mails really sent."""
    from django.utils import timezone

    from waypoint.cases.reminders import send_task_reminders
    from waypoint.cases.services import case_transfer_cancel, case_transfer_request
    from waypoint.referrals.services.timers import timers_sweep

    supervisor = world.actor(f"{Role.CASE_SUPERVISOR.value}@{OWN}")
    with django_capture_on_commit_callbacks(execute=True):
        today = timezone.localdate()
        send_task_reminders(today=today)
        timers_sweep(today=today)
        case_transfer_cancel(actor=supervisor, transfer=world.records["transfer"])
        case_transfer_request(
            actor=supervisor,
            case=world.records["case"],
            to_organisation=world.organisations["ngo2"],
            reason="Closer to her family",
        )


@pytest.mark.django_db
def test_notifications_and_emails_name_nobody_and_reach_only_their_organisation(
    access_world, mailoutbox, django_capture_on_commit_callbacks
):
    world = access_world
    mailoutbox.clear()
    before = Notification.objects.count()
    _run_periodic_work(world, django_capture_on_commit_callbacks)
    created = Notification.objects.count() - before
    assert created >= 2, "the fixture's reminder and transfer must notify someone"
    assert len(mail.outbox) >= 1, "the task reminder is e-mailed"
    case_id = str(world.records["case"].public_id)
    reminder = Notification.objects.get(dedupe_key__contains=str(world.records["task"].public_id))
    assert case_id in reminder.link
    for notification in Notification.objects.select_related("recipient", "organisation"):
        text = " ".join((notification.title, notification.body, notification.link))
        for secret in world.secrets:
            assert secret not in text, (notification.kind, secret)
        assert Membership.objects.filter(
            user=notification.recipient, organisation=notification.organisation, is_active=True
        ).exists(), notification.kind
        if case_id in text:
            assert notification.organisation == world.records["case"].owner_organisation
    addresses = {
        membership.user.email: membership.organisation_id
        for membership in Membership.objects.filter(is_active=True).select_related("user")
    }
    for message in mail.outbox:
        text = " ".join((message.subject, message.body))
        for secret in world.secrets:
            assert secret not in text, (message.subject, secret)
        for address in message.to:
            assert address in addresses, address
