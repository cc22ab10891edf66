"""Errors of the screening area (the API and pages map them like every DomainError)."""

from __future__ import annotations

from waypoint.common.errors import DomainError


class ProfileUnavailable(DomainError):
    """The profile exists in the instrument version, but its grades have not been entered, so it
    cannot be read. 422: the request is well formed, the instrument cannot answer it."""

    status_code = 422
    code = "profile_unavailable"
