"""The deployment's country profile: reading the active version, saving a new one, loading the
reference file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.audit import services as audit
from waypoint.common.errors import ConcurrencyConflict, ValidationFailed
from waypoint.referrals import profiles
from waypoint.referrals.models import CountryProfile
from waypoint.referrals.workdays import WorkingCalendar


def deployment_country() -> str:
    return str(getattr(settings, "WAYPOINT_COUNTRY", "MT")).upper()


def active_profile(*, country: str | None = None, on: dt.date | None = None) -> CountryProfile:
    """The profile version in force for the deployment's country on ``on`` (today by default)."""
    country = (country or deployment_country()).upper()
    on = on or timezone.localdate()
    found = (
        CountryProfile.objects.filter(country=country, effective_from__lte=on)
        .order_by("-effective_from", "-version")
        .first()
    )
    if found is None:
        raise ValidationFailed(
            _(
                "No country profile is in force for %(country)s. A system administrator must set "
                "one up under Country settings before referrals can be made."
            )
            % {"country": country}
        )
    return found


def rules_of(profile: CountryProfile) -> profiles.CountryRules:
    return profiles.from_document(profile.rules)


def calendar_of(rules: profiles.CountryRules) -> WorkingCalendar:
    return WorkingCalendar(
        country=rules.holidays.country or rules.country,
        subdivision=rules.holidays.subdivision,
        weekend=tuple(rules.holidays.weekend),
        extra_holidays=frozenset(day for day, _name in rules.holidays.extra),
    )


def _changed_sections(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))


@transaction.atomic
def country_profile_save(
    *,
    actor: Actor,
    document: Mapping[str, Any],
    effective_from: dt.date,
    based_on_version: int | None,
    change_note: str = "",
    source: str = "edited",
) -> CountryProfile:
    """Save a new version of the deployment's profile, in force from ``effective_from``.

    Nothing already started moves: every running timer keeps the due date and version it was
    computed with. Two administrators editing at once cannot both win (``based_on_version``).
    """
    require(actor, Perm.COUNTRY_PROFILE_MANAGE)
    try:
        rules = profiles.from_document(document)
    except profiles.ProfileInvalid as invalid:
        raise ValidationFailed(
            _("The country profile could not be saved."), fields=invalid.fields
        ) from invalid
    errors: dict[str, list[str]] = {}
    if rules.country != deployment_country():
        errors["country"] = [
            _("This installation serves %(country)s; its profile must be for that country.")
            % {"country": deployment_country()}
        ]
    if effective_from < timezone.localdate():
        errors["effective_from"] = [_("A new version takes effect today or later, never earlier.")]
    if len(change_note) > 300:
        errors["change_note"] = [_("At most 300 characters.")]
    if errors:
        raise ValidationFailed(_("The country profile could not be saved."), fields=errors)
    # Lock the country's versions so concurrent saves queue, then compare.
    existing = list(
        CountryProfile.objects.select_for_update()
        .filter(country=rules.country)
        .order_by("-version")
    )
    latest = existing[0] if existing else None
    if latest is not None and based_on_version is not None and latest.version != based_on_version:
        raise ConcurrencyConflict(
            _(
                "Someone saved version %(version)s of the profile after you opened it. Nothing was "
                "saved: reload to see their changes."
            )
            % {"version": latest.version}
        )
    next_version = (latest.version if latest else 0) + 1
    stored = rules.to_document()
    profile = CountryProfile.objects.create(
        country=rules.country,
        version=next_version,
        effective_from=effective_from,
        rules=stored,
        source=source,
        change_note=change_note,
        created_by=actor.user,
    )
    audit.record(
        actor=actor,
        action="nrm.profile_save",
        target=profile,
        details={
            "country": rules.country,
            "version": next_version,
            "effective_from": effective_from.isoformat(),
            "sections": _changed_sections(latest.rules if latest else {}, stored),
        },
    )
    return profile


@transaction.atomic
def country_profile_load_reference(
    *,
    actor: Actor,
    key: str,
    effective_from: dt.date | None = None,
    reference: Mapping[str, Any] | None = None,
) -> CountryProfile:
    """Save the reference file's profile ``key`` as a new version of the deployment's profile."""
    require(actor, Perm.COUNTRY_PROFILE_MANAGE)
    data = reference if reference is not None else profiles.load_reference()
    try:
        rules = profiles.from_reference(data, key, country=deployment_country())
    except profiles.ProfileInvalid as invalid:
        raise ValidationFailed(_("Unknown reference profile."), fields=invalid.fields) from invalid
    latest = CountryProfile.objects.filter(country=rules.country).aggregate(Max("version"))
    return country_profile_save(
        actor=actor,
        document=rules.to_document(),
        effective_from=effective_from or timezone.localdate(),
        based_on_version=latest["version__max"],
        change_note=f"Loaded from the reference profile {key}.",
        source=f"reference:{key}",
    )
