import base64
import datetime as dt

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from config.env import DataKey
from waypoint.common import crypto, files
from waypoint.common.fields import lookup_values
from waypoint.testing.models import SecretSample

NAME = "Amira Example-Testperson"
NUMBER = "ZX-99887766"


def _keys(*ids_and_bytes):
    return tuple(DataKey(key_id=key_id, key=bytes([byte]) * 32) for key_id, byte in ids_and_bytes)


def test_seal_and_open_round_trip():
    token = crypto.seal(b"secret", context="a.b")
    assert token.startswith("wp1:t1:")
    assert b"secret" not in token.encode()
    assert crypto.open_sealed(token, context="a.b") == b"secret"


def test_value_cannot_move_to_another_column():
    token = crypto.seal(b"secret", context="people.person.first_name")
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(token, context="people.person.second_name")


def test_tampered_value_is_detected():
    token = crypto.seal(b"secret", context="a.b")
    prefix, key_id, payload = token.split(":")
    raw = bytearray(base64.urlsafe_b64decode(payload))
    raw[-1] ^= 1
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(
            f"{prefix}:{key_id}:{base64.urlsafe_b64encode(bytes(raw)).decode()}", context="a.b"
        )


def test_old_keys_still_decrypt_new_key_encrypts(settings):
    settings.WAYPOINT_DATA_KEYS = _keys(("old", 5))
    old_token = crypto.seal(b"kept", context="c")
    settings.WAYPOINT_DATA_KEYS = _keys(("new", 6), ("old", 5))
    assert crypto.open_sealed(old_token, context="c") == b"kept"
    assert crypto.token_key_id(crypto.seal(b"x", context="c")) == "new"
    settings.WAYPOINT_DATA_KEYS = _keys(("new", 6))
    with pytest.raises(crypto.DecryptionError, match="No configured data key"):
        crypto.open_sealed(old_token, context="c")


def test_blind_index_is_keyed_and_normalised():
    first = crypto.blind_index("  Amira  EXAMPLE ", purpose="p")
    assert first == crypto.blind_index("amira example", purpose="p")
    assert first != crypto.blind_index("amira example", purpose="other")
    assert "amira" not in first


@pytest.mark.django_db
def test_raw_database_row_holds_no_plaintext():
    sample = SecretSample.objects.create(
        full_name=NAME, birthdate=dt.date(1990, 5, 17), identity_number=NUMBER
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM testing_secretsample WHERE id = %s", [sample.pk])
        row = cursor.fetchone()
    raw = " ".join(str(value) for value in row)
    for plaintext in (NAME, "Amira", NUMBER, "99887766", "1990-05-17", "1990"):
        assert plaintext not in raw
    reloaded = SecretSample.objects.get(pk=sample.pk)
    assert reloaded.full_name == NAME
    assert reloaded.birthdate == dt.date(1990, 5, 17)


@pytest.mark.django_db
def test_exact_lookups_go_through_blind_indexes():
    sample = SecretSample.objects.create(
        full_name=NAME, birthdate=dt.date(1990, 5, 17), identity_number=NUMBER
    )
    SecretSample.objects.create(
        full_name="Someone Else", birthdate=dt.date(1990, 5, 17), identity_number="1"
    )
    found = SecretSample.objects.filter(
        identity_index__in=lookup_values(NUMBER, purpose="sample.identity")
    )
    assert list(found) == [sample]
    by_name = SecretSample.objects.filter(
        name_birthdate_index__in=lookup_values(
            "amira example-testperson", dt.date(1990, 5, 17), purpose="sample.name_birthdate"
        )
    )
    assert list(by_name) == [sample]


@pytest.mark.django_db
def test_searching_an_encrypted_column_is_refused():
    with pytest.raises(FieldError, match="encrypted"):
        list(SecretSample.objects.filter(full_name=NAME))
    with pytest.raises(FieldError, match="encrypted"):
        list(SecretSample.objects.filter(full_name__icontains="Amira"))
    assert SecretSample.objects.filter(full_name__isnull=True).count() == 0


@pytest.mark.django_db
def test_empty_values_are_not_recorded_and_have_no_index():
    sample = SecretSample.objects.create(full_name="", identity_number=None)
    sample.refresh_from_db()
    assert sample.full_name is None
    assert sample.identity_index == ""


def test_documents_are_encrypted_on_disk(settings, tmp_path):
    name = files.store(b"%PDF-1.4 passport scan of Amira", context="doc:1")
    on_disk = next((tmp_path / "documents").glob("*/*")).read_bytes()
    assert b"Amira" not in on_disk
    assert files.read(name, context="doc:1") == b"%PDF-1.4 passport scan of Amira"
    with pytest.raises(crypto.DecryptionError):
        files.read(name, context="doc:2")
    files.delete(name)
    assert not files.exists(name)


def test_document_names_cannot_escape_the_store():
    with pytest.raises(ValueError):
        files.read("../../etc/passwd", context="x")
