"""Helpers shared by the API views of national coordination."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from waypoint.api.pagination import PageNumberPagination
from waypoint.common.errors import NotVisible, ValidationFailed


def today():
    return timezone.localdate()


def paginated(view, request, queryset, serializer_class, **context):
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True, context=context).data)


def resolve(getter: Callable[..., Any], value: Any, field: str, **kwargs: Any) -> Any:
    """A referenced record by public id; an unknown or invisible one is a field error (400)."""
    if value is None:
        return None
    try:
        return getter(public_id=value, **kwargs)
    except NotVisible as error:
        raise ValidationFailed(
            _("Some references are not valid."),
            fields={field: [_("Unknown id %(id)s.") % {"id": value}]},
        ) from error


def resolve_many(getter: Callable[..., Any], values: list[Any], field: str, **kwargs: Any) -> list:
    return [resolve(getter, value, field, **kwargs) for value in values]


class PlanOrganisationRef(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()


class AttachmentOutput(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    filename = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    created_at = serializers.DateTimeField()


class AttachmentInput(serializers.Serializer):
    file = serializers.FileField()


# Input of a change to some fields: each field is optional except the version the editor started
# from, so an update without it is refused with 400, not a server error. (A comment, not a
# docstring: drf-spectacular would publish a docstring as each input's description.)
class PartialUpdate:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, partial=True, **kwargs)  # type: ignore[call-arg]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)  # type: ignore[misc]
        if "version" not in attrs:
            raise serializers.ValidationError(
                {"version": [_("Send the version you started from.")]}
            )
        return attrs


def version_field():
    return serializers.IntegerField(
        help_text="The version you started from; a stale version is refused with 409."
    )
