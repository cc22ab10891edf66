"""Access declarations for pages: every view says who may reach it, and a test checks they all do.

- ``@requires(Perm.X, ...)``: signed in, acting for an organisation, and holding every listed
  permission; otherwise a 403 page that says which roles may.
- ``@signed_in``: any signed-in person (the view itself narrows what they see through scopes).
- ``@public_view``: reachable without signing in (login, password reset, health check).

Class-based views use :class:`RequiresMixin` with ``required_permissions``; API views declare the
same through ``waypoint.api.views.ApiView``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse

from waypoint.access.checks import require
from waypoint.access.roles import Perm

ATTRIBUTE = "waypoint_access"
V = TypeVar("V", bound=Callable[..., Any])


@dataclass(frozen=True)
class AccessDeclaration:
    permissions: tuple[Perm, ...] = ()
    public: bool = False

    def describe(self) -> str:
        if self.public:
            return "public"
        if not self.permissions:
            return "signed in"
        return " + ".join(self.permissions)


def requires(*permissions: Perm) -> Callable[[V], V]:
    def decorate(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            for permission in permissions:
                require(request.actor, permission)  # type: ignore[attr-defined]
            response: HttpResponse = view(request, *args, **kwargs)
            return response

        setattr(wrapped, ATTRIBUTE, AccessDeclaration(permissions=tuple(permissions)))
        return wrapped  # type: ignore[return-value]

    return decorate


def signed_in(view: V) -> V:
    setattr(view, ATTRIBUTE, AccessDeclaration())
    return view


def public_view(view: V) -> V:
    view = login_not_required(view)
    setattr(view, ATTRIBUTE, AccessDeclaration(public=True))
    return view


class RequiresMixin:
    """For class-based views: ``required_permissions = (Perm.X,)``; empty means any signed-in person."""

    required_permissions: tuple[Perm, ...] = ()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        for permission in self.required_permissions:
            require(request.actor, permission)  # type: ignore[attr-defined]
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]

    @classmethod
    def access_declaration(cls) -> AccessDeclaration:
        return AccessDeclaration(permissions=tuple(cls.required_permissions))


def declaration_of(callback: Any) -> AccessDeclaration | None:
    """The access declaration of a resolved URL callback (function, class-based or API view)."""
    declared = getattr(callback, ATTRIBUTE, None)
    if isinstance(declared, AccessDeclaration):
        return declared
    for attribute in ("view_class", "cls"):
        view_class = getattr(callback, attribute, None)
        if view_class is None:
            continue
        declaration = getattr(view_class, "access_declaration", None)
        if callable(declaration):
            result = declaration()
            if isinstance(result, AccessDeclaration):
                return result
        declared = getattr(view_class, ATTRIBUTE, None)
        if isinstance(declared, AccessDeclaration):
            return declared
    return None
