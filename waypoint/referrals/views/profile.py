"""Country settings: the profile in force, its versions, and a new version (system administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.declarations import requires, signed_in
from waypoint.access.roles import Perm
from waypoint.common.errors import DomainError
from waypoint.referrals import selectors, services
from waypoint.referrals.profile_forms import CountryProfileForm, initial_from
from waypoint.referrals.services.profiles import rules_of


@signed_in
def profile_detail(request):
    """The NRM rules in force in this country (public to every signed-in person)."""
    profile = services.active_profile()
    return render(
        request,
        "referrals/profile.html",
        {
            "profile": profile,
            "rules": rules_of(profile),
            "versions": selectors.profile_versions()[:50],
        },
    )


@requires(Perm.COUNTRY_PROFILE_MANAGE)
def profile_edit(request):
    """Save a new version of the country profile, in force from a date."""
    current = services.active_profile()
    latest = selectors.profile_versions().order_by("-version").first()
    initial = initial_from(rules_of(latest or current), version=latest.version if latest else None)
    initial["effective_from"] = timezone.localdate()
    form = CountryProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                profile = services.country_profile_save(
                    actor=request.actor,
                    document=form.to_document(),
                    effective_from=form.cleaned_data["effective_from"],
                    based_on_version=form.cleaned_data.get("based_on_version"),
                    change_note=form.cleaned_data["change_note"],
                )
            except DomainError as error:
                status = error.status_code
                for path, errors in error.fields.items():
                    field = path if path in form.fields else CountryProfileForm.field_for(path)
                    if field in ("country", "based_on_version"):
                        field = None  # hidden fields: show the error above the form
                    for text in errors:
                        form.add_error(field, text)
                if not error.fields:
                    form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Version %(version)s saved, in force from %(date)s.")
                    % {"version": profile.version, "date": profile.effective_from.isoformat()},
                )
                return redirect("referrals:profile")
    return render(
        request,
        "referrals/profile_form.html",
        {"form": form, "current": current, "limits": _limit_rows(form)},
        status=status,
    )


def _limit_rows(form):
    from waypoint.referrals.profile_forms import LIMITS

    return [(form[f"{prefix}_days"], form[f"{prefix}_day_kind"]) for prefix in LIMITS]
