import pytest

from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ConcurrencyConflict
from waypoint.testing.models import SecretSample


@pytest.mark.django_db
def test_stale_edit_is_refused_and_changes_nothing():
    sample = SecretSample.objects.create(label="original", full_name="A")
    first = SecretSample.objects.get(pk=sample.pk)
    second = SecretSample.objects.get(pk=sample.pk)
    first.label = "first editor"
    save_versioned(first, expected_version=1, fields=["label"])
    second.label = "second editor"
    with pytest.raises(ConcurrencyConflict):
        save_versioned(second, expected_version=1, fields=["label"])
    stored = SecretSample.objects.get(pk=sample.pk)
    assert stored.label == "first editor"
    assert stored.version == 2


@pytest.mark.django_db
def test_encrypted_fields_are_sealed_on_versioned_save():
    sample = SecretSample.objects.create(full_name="Before")
    sample.full_name = "After"
    save_versioned(sample, expected_version=sample.version, fields=["full_name"])
    assert SecretSample.objects.get(pk=sample.pk).full_name == "After"
