"""Base models shared by every Waypoint app. No domain rules live here."""

from __future__ import annotations

import uuid

from django.db import models


class BaseModel(models.Model):
    """A record with a public UUID (never an integer key in URLs, payloads or exports) and timestamps."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class VersionedModel(BaseModel):
    """A record edited by several people: ``version`` grows on every change (optimistic concurrency).

    Services compare the version the editor started from with the stored one and refuse a stale
    write (see ``waypoint.common.concurrency``), so two people cannot silently overwrite each other.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
