"""Optimistic concurrency for records edited by several people."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db.models import F, Field
from django.utils.translation import gettext as _

from waypoint.common.errors import ConcurrencyConflict
from waypoint.common.models import VersionedModel

M = TypeVar("M", bound=VersionedModel)


def save_versioned(instance: M, *, expected_version: int | None, fields: Iterable[str]) -> M:
    """Write ``fields`` only if the stored version is still ``expected_version``; bump it.

    The compare-and-set happens in one UPDATE, so it is safe under concurrent requests on SQLite and
    PostgreSQL alike. ``expected_version=None`` means the caller is a system process that already
    holds the row lock.
    """
    names = sorted(set(fields) | {"updated_at"})
    manager = type(instance)._default_manager
    queryset = manager.filter(pk=instance.pk)
    if expected_version is not None:
        queryset = queryset.filter(version=expected_version)
    values: dict[str, object] = {}
    for name in names:
        field = instance._meta.get_field(name)
        if not isinstance(field, Field):
            raise TypeError(f"{name} is not a concrete field")
        if name == "updated_at":
            field.pre_save(instance, add=False)
        values[field.attname] = getattr(instance, field.attname)
    updated = queryset.update(version=F("version") + 1, **values)
    if updated != 1:
        raise ConcurrencyConflict(
            _(
                "Someone else changed this record after you opened it. Nothing was saved: "
                "reload the page to see their changes, then make yours again."
            )
        )
    instance.version = manager.filter(pk=instance.pk).values_list("version", flat=True).get()
    return instance
