import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection

from config.env import DataKey
from waypoint.audit.models import AuditEvent
from waypoint.common import files
from waypoint.common.fields import lookup_values
from waypoint.testing.models import SecretSample


def _keys(*ids_and_bytes):
    return tuple(DataKey(key_id=key_id, key=bytes([byte]) * 32) for key_id, byte in ids_and_bytes)


def _raw_values():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT full_name, birthdate, identity_number, identity_index FROM testing_secretsample"
        )
        return cursor.fetchall()


@pytest.mark.django_db
def test_rotation_reseals_every_value_index_and_document(settings):
    settings.WAYPOINT_DATA_KEYS = _keys(("old", 7))
    samples = []
    for number in range(3):
        sample = SecretSample.objects.create(
            full_name=f"Person {number}",
            birthdate=dt.date(2000, 1, number + 1),
            identity_number=f"ID{number}",
        )
        sample.stored_file = files.store(
            f"document {number}".encode(), context=sample.file_context()
        )
        sample.save()
        samples.append(sample)
    settings.WAYPOINT_DATA_KEYS = _keys(("new", 8), ("old", 7))
    out = io.StringIO()
    call_command("rotate_data_key", stdout=out, stderr=io.StringIO())
    assert "3 rewritten" in out.getvalue()
    for row in _raw_values():
        assert all(
            str(value).split(":")[1 if str(value).startswith("wp1") else 0] == "new"
            for value in row
        )
    # The old key can now be removed: everything still reads, lookups still match.
    settings.WAYPOINT_DATA_KEYS = _keys(("new", 8))
    for sample in samples:
        reloaded = SecretSample.objects.get(pk=sample.pk)
        assert reloaded.full_name == sample.full_name
        assert (
            files.read(reloaded.stored_file, context=reloaded.file_context())
            == sample.full_name.replace("Person", "document").encode()
        )
    assert (
        SecretSample.objects.filter(
            identity_index__in=lookup_values("ID1", purpose="sample.identity")
        ).count()
        == 1
    )
    assert AuditEvent.objects.filter(action="operations.rotate_data_key").count() == 1
    # Running it again rewrites nothing.
    out = io.StringIO()
    call_command("rotate_data_key", stdout=out, stderr=io.StringIO())
    assert "0 rewritten" in out.getvalue()


@pytest.mark.django_db
def test_lookups_work_during_a_rotation(settings):
    settings.WAYPOINT_DATA_KEYS = _keys(("old", 7))
    SecretSample.objects.create(identity_number="ABC123")
    settings.WAYPOINT_DATA_KEYS = _keys(("new", 8), ("old", 7))
    assert (
        SecretSample.objects.filter(
            identity_index__in=lookup_values("abc123", purpose="sample.identity")
        ).count()
        == 1
    )
