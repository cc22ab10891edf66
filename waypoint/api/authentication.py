"""API authentication: personal tokens (``Authorization: Token <token>``) and browser sessions.

Both set ``request.actor``: the person acting for the organisation named in the
``X-Waypoint-Organisation`` header (an organisation id), or for their first organisation.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from waypoint.access import ratelimit
from waypoint.access.session import build_actor, client_ip
from waypoint.accounts.services import api_token_authenticate

ORGANISATION_HEADER = "X-Waypoint-Organisation"


def _attach_actor(request: Request, user: Any, via: str) -> None:
    django_request = request._request  # noqa: SLF001  the actor belongs on the Django request too
    previous = getattr(django_request, "actor", None)
    actor = build_actor(
        user,
        organisation_public_id=request.headers.get(ORGANISATION_HEADER)
        or (str(previous.organisation.public_id) if previous and previous.organisation else None),
        via=via,
        request_id=previous.request_id if previous else "",
        ip_address=client_ip(django_request),
    )
    setattr(django_request, "actor", actor)  # noqa: B010  HttpRequest declares no actor
    request.actor = actor  # type: ignore[attr-defined]


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the header as 'Authorization: Token <token>'."
            )
        try:
            raw = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed("The token is not valid.") from error
        token = api_token_authenticate(raw)
        if token is None:
            # Guessing tokens is limited per address; a valid token costs no extra query.
            address = client_ip(request._request) or "unknown"  # noqa: SLF001
            limit, seconds = settings.WAYPOINT_RATE_LIMITS["token_failure_ip"]
            key = ratelimit.key_for("token_failure_ip", address)
            if not ratelimit.hit(key, limit=limit, window=datetime.timedelta(seconds=seconds)):
                raise exceptions.Throttled(
                    wait=seconds, detail="Too many invalid tokens from this address."
                )
            raise exceptions.AuthenticationFailed("The token is not valid or has been revoked.")
        _attach_actor(request, token.user, "api")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class SessionAuthentication(authentication.SessionAuthentication):
    """Browser sessions (with CSRF) for the browsable API and pages calling the API."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None:
            _attach_actor(request, result[0], "api")
        return result


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "waypoint.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Personal API token, sent as `Token <token>`.",
        }


class SessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "waypoint.api.authentication.SessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
