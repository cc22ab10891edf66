from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class IsAuthenticatedActor(BasePermission):
    """Signed in (token or session) and acting for an organisation; views check the rest."""

    message = "Sign in, or send a personal API token."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
