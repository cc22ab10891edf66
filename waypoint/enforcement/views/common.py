"""What every criminal-case form page shares: parse, call one service, show errors beside fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render

from waypoint.common.errors import ConcurrencyConflict, InvalidTransition, ValidationFailed
from waypoint.common.forms import apply_domain_errors


def expected_version(request) -> int | None:
    """The version of the record the person started editing (from the hidden form field)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def form_page(
    request,
    form,
    *,
    title: str,
    back: str,
    save: Callable[[dict[str, Any]], str],
    success: str,
    submit: str,
    intro: str = "",
    version: int | None = None,
    context: dict[str, Any] | None = None,
):
    """Render ``form``; on a valid POST call ``save`` (one service call) and redirect to the URL it
    returns. Refusals the person can fix are shown beside the fields; "not found" and "not
    allowed" propagate to the 404 and 403 pages."""
    if request.method == "POST" and form.is_valid():
        try:
            target = save(form.cleaned_data)
        except (ValidationFailed, ConcurrencyConflict, InvalidTransition) as error:
            apply_domain_errors(form, error.fields, error.message)
        else:
            messages.success(request, success)
            return redirect(target)
    return render(
        request,
        "enforcement/form.html",
        {
            "form": form,
            "title": title,
            "intro": intro,
            "back": back,
            "submit": submit,
            "version": version,
            **(context or {}),
        },
    )
