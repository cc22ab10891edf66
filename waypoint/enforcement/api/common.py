"""Helpers of the criminal-case API: resolving public ids within what the caller may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from waypoint.common.errors import ValidationFailed


def one(queryset: QuerySet[Any], public_id: Any, field: str) -> Any:
    """The object with ``public_id`` in ``queryset`` (None for None); a field error otherwise."""
    if public_id is None:
        return None
    found = queryset.filter(public_id=public_id).first()
    if found is None:
        raise ValidationFailed(
            _("Some fields are not valid; see 'fields'."),
            fields={field: [_("No record you may choose has this id.")]},
        )
    return found


def many(queryset: QuerySet[Any], public_ids: Iterable[Any], field: str) -> list[Model]:
    wanted = [str(public_id) for public_id in public_ids]
    found = list(queryset.filter(public_id__in=wanted))
    if len({str(item.public_id) for item in found}) != len(set(wanted)):
        raise ValidationFailed(
            _("Some fields are not valid; see 'fields'."),
            fields={field: [_("Some ids are not records you may choose.")]},
        )
    return found


def version_of(data: dict[str, Any]) -> int:
    return int(data.pop("version"))
