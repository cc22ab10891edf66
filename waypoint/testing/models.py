"""A sample record with encrypted fields and blind indexes, used to test the shared machinery
(encryption, blind indexes, key rotation, optimistic concurrency) independently of any domain app."""

from __future__ import annotations

from django.db import models

from waypoint.common.fields import BlindIndexField, EncryptedDateField, EncryptedTextField
from waypoint.common.models import VersionedModel


class SecretSample(VersionedModel):
    label = models.CharField(max_length=50, default="")
    full_name = EncryptedTextField()
    birthdate = EncryptedDateField()
    identity_number = EncryptedTextField()
    identity_index = BlindIndexField(sources=("identity_number",), purpose="sample.identity")
    name_birthdate_index = BlindIndexField(
        sources=("full_name", "birthdate"), purpose="sample.name_birthdate"
    )
    stored_file = models.CharField(max_length=64, blank=True, default="")

    encrypted_file_field = "stored_file"

    def file_context(self) -> str:
        return f"testing.secretsample:{self.public_id}"
