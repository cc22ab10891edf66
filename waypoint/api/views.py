"""The base class of every API view: authentication, an access declaration, the error shape."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from waypoint.access.checks import require
from waypoint.access.declarations import AccessDeclaration
from waypoint.access.roles import Perm

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "error": inline_serializer(
            name="ErrorDetail",
            fields={
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "fields": serializers.DictField(
                    child=serializers.ListField(child=serializers.CharField())
                ),
            },
        )
    },
)


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    descriptions = {
        400: "The request is not valid; 'fields' names each problem.",
        401: "Not signed in.",
        403: "Signed in, but your role does not allow this (the message says why).",
        404: "Not found, or not visible to you (the two look the same).",
        409: "A conflict: someone changed the record, or the step is not allowed now.",
        413: "The upload is too large.",
    }
    return {
        code: OpenApiResponse(ErrorSerializer, description=descriptions[code]) for code in codes
    }


class ApiView(APIView):
    """Declare ``required_permissions``; every one is checked before the handler runs."""

    required_permissions: tuple[Perm, ...] = ()

    @classmethod
    def access_declaration(cls) -> AccessDeclaration:
        return AccessDeclaration(permissions=tuple(cls.required_permissions))

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        for permission in self.required_permissions:
            require(self.actor, permission)

    @property
    def actor(self) -> Any:
        return self.request.actor  # type: ignore[attr-defined]
