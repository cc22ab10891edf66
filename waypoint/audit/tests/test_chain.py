import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from waypoint.access.actor import Actor
from waypoint.access.roles import Role
from waypoint.audit import services as audit
from waypoint.audit.models import AuditChainHead, AuditEvent
from waypoint.common.errors import DomainError
from waypoint.testing.factories import actor_for, member


def _events(count, org_a):
    user = member(org_a, Role.CASE_WORKER)
    actor = actor_for(user, org_a)
    return [
        audit.record(actor=actor, action="test.event", details={"n": number})
        for number in range(count)
    ]


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _drop_guard():
    if connection.vendor == "postgresql":
        _raw("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update")
    else:
        _raw("DROP TRIGGER IF EXISTS audit_event_no_update")


@pytest.mark.django_db
def test_events_are_chained_in_sequence(org_a):
    events = _events(3, org_a)
    assert [event.sequence for event in events] == [1, 2, 3]
    assert events[0].previous_hash == audit.GENESIS_HASH
    assert events[1].previous_hash == events[0].hash
    assert AuditChainHead.objects.get().hash == events[2].hash
    result = audit.verify_chain()
    assert result.is_intact
    assert result.events_checked == 3


@pytest.mark.django_db
def test_events_cannot_be_changed_through_the_application(org_a):
    event = _events(1, org_a)[0]
    event.action = "test.changed"
    with pytest.raises(DomainError):
        event.save()
    with pytest.raises(DomainError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(DomainError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_the_database_refuses_updates(org_a):
    from django.db import DatabaseError, transaction

    event = _events(1, org_a)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        _raw("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [event.pk])


@pytest.mark.django_db
def test_tampered_content_is_found_and_named(org_a):
    events = _events(5, org_a)
    _drop_guard()
    _raw("UPDATE audit_auditevent SET details = %s WHERE id = %s", ['{"n": 99}', events[2].pk])
    result = audit.verify_chain()
    assert not result.is_intact
    assert result.first_bad_sequence == 3
    assert result.first_bad_event_id == str(events[2].public_id)
    assert "changed" in result.problem
    with pytest.raises(CommandError, match=r"#3"):
        call_command("audit_verify", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_deleted_event_is_found(org_a):
    events = _events(4, org_a)
    _drop_guard()
    if connection.vendor == "postgresql":
        _raw("ALTER TABLE audit_auditevent DISABLE TRIGGER ALL")
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    result = audit.verify_chain()
    assert not result.is_intact
    assert result.first_bad_sequence == 3


@pytest.mark.django_db
def test_truncated_tail_is_found(org_a):
    events = _events(3, org_a)
    _drop_guard()
    if connection.vendor == "postgresql":
        _raw("ALTER TABLE audit_auditevent DISABLE TRIGGER ALL")
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    result = audit.verify_chain()
    assert not result.is_intact
    assert "removed from the end" in result.problem


@pytest.mark.django_db
def test_audit_verify_command_reports_an_intact_chain(org_a):
    _events(2, org_a)
    out = io.StringIO()
    call_command("audit_verify", stdout=out, stderr=io.StringIO())
    assert "2 events verified" in out.getvalue()


@pytest.mark.django_db
def test_audit_event_belongs_to_the_writing_transaction(org_a):
    from django.db import transaction

    actor = Actor.console("test")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(actor=actor, action="test.rolled_back")
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.filter(action="test.rolled_back").exists()
    assert audit.verify_chain().is_intact


def test_actions_must_be_dotted():
    with pytest.raises(ValueError):
        audit.record(actor=Actor.console("t"), action="Bad Action")
