"""Builds ``request.actor`` once per request, enforces two-factor authentication for privileged
roles, and turns domain errors raised by views into plain pages (403 says why; 404 says nothing)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from waypoint.access.actor import Actor
from waypoint.access.session import build_actor, client_ip
from waypoint.common.errors import ActionDenied, ConcurrencyConflict, DomainError, NotVisible

SESSION_ORGANISATION_KEY = "waypoint_organisation"
_MFA_EXEMPT_PREFIXES = ("/static/", "/i18n/", "/healthz", "/favicon")
_MFA_EXEMPT_NAMES = ("accounts:mfa_setup", "accounts:mfa_verify", "accounts:logout")


SESSION_LOGIN_AT_KEY = "waypoint_login_at"


def _session_revoked(request: HttpRequest) -> bool:
    """A session that began before the person's ``sessions_valid_after`` is over."""
    valid_after = getattr(request.user, "sessions_valid_after", None)
    if valid_after is None or not hasattr(request, "session"):
        return False
    started = request.session.get(SESSION_LOGIN_AT_KEY, 0)
    return bool(started < valid_after.timestamp())


class ActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        ip_address = client_ip(request)
        user = request.user
        if user.is_authenticated and _session_revoked(request):
            logout(request)
            return HttpResponseRedirect(reverse("accounts:login"))
        if user.is_authenticated:
            actor = build_actor(
                user,  # type: ignore[arg-type]
                organisation_public_id=request.session.get(SESSION_ORGANISATION_KEY),
                via="web",
                request_id=request_id,
                ip_address=ip_address,
            )
        else:
            actor = Actor(
                user=None,
                organisation=None,
                roles=frozenset(),
                via="anonymous",
                request_id=request_id,
                ip_address=ip_address,
            )
        request.actor = actor  # type: ignore[attr-defined]
        redirect = self._mfa_redirect(request, actor)
        if redirect is not None:
            return redirect
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response

    def _mfa_redirect(self, request: HttpRequest, actor: Actor) -> HttpResponse | None:
        """Privileged roles reach nothing but the two-factor pages until they have verified."""
        if actor.user is None or not actor.requires_mfa:
            return None
        if request.user.is_verified():  # type: ignore[union-attr]
            return None
        path = request.path
        if path.startswith(_MFA_EXEMPT_PREFIXES):
            return None
        if any(path == reverse(name) for name in _MFA_EXEMPT_NAMES):
            return None
        if path.startswith("/api/"):
            if request.headers.get("Authorization", "").startswith("Token "):
                return None
            return JsonResponse(
                {
                    "error": {
                        "code": "mfa_required",
                        "message": "Your role requires two-factor authentication. Complete it in "
                        "the browser first, or use a personal API token.",
                        "fields": {},
                    }
                },
                status=403,
            )
        from django_otp import devices_for_user

        has_device = any(devices_for_user(actor.user, confirmed=True))
        target = "accounts:mfa_verify" if has_device else "accounts:mfa_setup"
        return HttpResponseRedirect(f"{reverse(target)}?next={path}")

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None  # the API's exception handler renders its own error shape
        if isinstance(exception, NotVisible):
            return render(request, "errors/404.html", status=404)
        if isinstance(exception, ActionDenied):
            return render(request, "errors/403.html", {"reason": exception.message}, status=403)
        if isinstance(exception, ConcurrencyConflict):
            return render(request, "errors/409.html", {"reason": exception.message}, status=409)
        if isinstance(exception, DomainError):
            return render(request, "errors/400.html", {"reason": exception.message}, status=400)
        return None
