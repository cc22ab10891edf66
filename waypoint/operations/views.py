"""The home page, the About page (licences and attributions) and the health check."""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from waypoint.access.declarations import public_view, signed_in
from waypoint.access.roles import ROLE_DESCRIPTIONS
from waypoint.access.session import active_memberships
from waypoint.operations import home_panels


@signed_in
def home(request):
    """Where everyone lands: what they can do today, by role."""
    actor = request.actor
    memberships = [
        {"organisation": organisation, "role": role, "description": ROLE_DESCRIPTIONS[role]}
        for organisation, role in active_memberships(request.user)
        if actor.organisation is not None and organisation.pk == actor.organisation.pk
    ]
    return render(
        request,
        "home.html",
        {"memberships": memberships, "panels": home_panels.panels_for(request)},
    )


@public_view
def about(request):
    return render(request, "about.html")


@public_view
def healthz(request):
    """For the reverse proxy and monitoring: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
