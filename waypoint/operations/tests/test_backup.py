import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection

from config.env import DataKey
from waypoint.audit.services import verify_chain
from waypoint.common import files
from waypoint.operations import backup
from waypoint.testing.models import SecretSample


def _snapshot():
    quote = connection.ops.quote_name
    data = {}
    with connection.cursor() as cursor:
        for table, columns in backup._tables():
            cursor.execute(
                f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)} ORDER BY 1"
            )
            data[table] = cursor.fetchall()
    documents = {name: files.raw_read(name) for name in files.all_names()}
    return data, documents


def _empty_installation():
    from django.db import transaction

    tables = [table for table, _columns in backup._tables()]
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(
            no_style(), tables, reset_sequences=True, allow_cascade=True
        ):
            cursor.execute(statement)
    for name in files.all_names():
        files.delete(name)


REFERENCE_LOADERS = (
    "waypoint.screening.migrations.0002_ilo_ec_2009",
    "waypoint.referrals.migrations.0002_load_country_profiles",
)


def _fresh_installation():
    """An empty database as `migrate` leaves it: no records, only the reference data migrations load."""
    import importlib

    from django.apps import apps as django_apps
    from django.db import transaction

    _empty_installation()
    with transaction.atomic():
        for module in REFERENCE_LOADERS:
            importlib.import_module(module).load(django_apps, None)


def _populate():
    _fresh_installation()
    call_command("load_demo", "--quiet-logins", stdout=io.StringIO())
    sample = SecretSample.objects.create(
        full_name="Restored Person", birthdate=dt.date(1999, 9, 9), identity_number="RB-1"
    )
    sample.stored_file = files.store(b"%PDF-1.4 restored document", context=sample.file_context())
    sample.save()
    return sample


@pytest.mark.django_db(transaction=True)
def test_backup_round_trip_restores_every_record_and_document(tmp_path):
    sample = _populate()
    before = _snapshot()
    path = tmp_path / "waypoint.backup"
    call_command("backup", "--output", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    raw = path.read_bytes()
    assert b"Restored Person" not in raw and b"responder.ngo1" not in raw
    _fresh_installation()
    assert SecretSample.objects.count() == 0
    call_command("restore", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    after_data, after_documents = _snapshot()
    before_data, before_documents = before
    # The restore itself appends one audit event; everything else is identical.
    assert after_documents == before_documents
    for table, rows in before_data.items():
        if table in ("audit_auditevent", "audit_auditchainhead"):
            continue
        assert after_data[table] == rows, table
    assert (
        after_data["audit_auditevent"][: len(before_data["audit_auditevent"])]
        == before_data["audit_auditevent"]
    )
    restored = SecretSample.objects.get(pk=sample.pk)
    assert restored.full_name == "Restored Person"
    assert (
        files.read(restored.stored_file, context=restored.file_context())
        == b"%PDF-1.4 restored document"
    )
    assert verify_chain().is_intact


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_non_empty_installation(tmp_path):
    _populate()
    path = tmp_path / "b"
    call_command("backup", "--output", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(path), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_tampered_or_truncated_backup_is_refused_and_writes_nothing(tmp_path):
    _populate()
    path = tmp_path / "b"
    call_command("backup", "--output", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    blob = bytearray(path.read_bytes())
    _empty_installation()
    tampered = tmp_path / "tampered"
    blob_copy = bytearray(blob)
    blob_copy[len(blob_copy) // 2] ^= 0x01
    tampered.write_bytes(bytes(blob_copy))
    with pytest.raises(CommandError, match="changed or is damaged"):
        call_command("restore", str(tampered), stdout=io.StringIO(), stderr=io.StringIO())
    truncated = tmp_path / "truncated"
    truncated.write_bytes(bytes(blob[: len(blob) - 100]))
    with pytest.raises(CommandError, match="truncated|damaged"):
        call_command("restore", str(truncated), stdout=io.StringIO(), stderr=io.StringIO())
    assert SecretSample.objects.count() == 0
    assert files.all_names() == []


@pytest.mark.django_db(transaction=True)
def test_restore_needs_the_original_data_key(tmp_path, settings):
    _populate()
    path = tmp_path / "b"
    call_command("backup", "--output", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    _empty_installation()
    settings.WAYPOINT_DATA_KEYS = (DataKey(key_id="other", key=b"\x09" * 32),)
    with pytest.raises(CommandError, match="data key 't1'"):
        call_command("restore", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_not_a_backup(tmp_path):
    path = tmp_path / "x"
    path.write_bytes(b"hello")
    with (
        pytest.raises(backup.BackupError, match="not a Waypoint backup"),
        path.open("rb") as handle,
    ):
        backup.read_manifest(handle)
