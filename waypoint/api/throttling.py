"""API throttles backed by the shared database counters (waypoint.access.ratelimit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from waypoint.access import ratelimit

_PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


def _parse(rate: str) -> tuple[int, dt.timedelta]:
    count, _slash, period = rate.partition("/")
    return int(count), dt.timedelta(seconds=_PERIODS[period])


class _DatabaseThrottle(BaseThrottle):
    scope = ""

    def ident(self, request: Request) -> str:
        raise NotImplementedError

    def scope_for(self, view: Any) -> str:
        return self.scope

    def allow_request(self, request: Request, view: Any) -> bool:
        configured: Any = settings.REST_FRAMEWORK
        rates: dict[str, str] = configured["DEFAULT_THROTTLE_RATES"]
        scope = self.scope_for(view)
        if scope not in rates:
            return True
        limit, window = _parse(rates[scope])
        self.window = window
        return ratelimit.hit(
            ratelimit.key_for(f"api-{scope}", self.ident(request)), limit=limit, window=window
        )

    def wait(self) -> float | None:
        return float(self.window.total_seconds()) if hasattr(self, "window") else None


class UserThrottle(_DatabaseThrottle):
    """Per signed-in person (token or session): all API use."""

    scope = "user"

    def ident(self, request: Request) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user-{user.pk}"
        return f"ip-{self.get_ident(request)}"


class ScopedThrottle(UserThrottle):
    """Views name a stricter scope with ``throttle_scope`` (e.g. ``exports``)."""

    scope = "none"

    def scope_for(self, view: Any) -> str:
        return str(getattr(view, "throttle_scope", "") or self.scope)
