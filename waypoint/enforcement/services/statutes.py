"""Statutes: each country's offence provisions, kept by system administrators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.enforcement import manageable_statutes
from waypoint.audit import services as audit
from waypoint.common import countries
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import NotVisible
from waypoint.enforcement.models import Statute
from waypoint.enforcement.services.common import Errors, add_error, raise_if
from waypoint.enforcement.statute_data import SEEDED_STATUTES

STATUTE_FIELDS = frozenset(
    {
        "country",
        "instrument",
        "code",
        "short_title",
        "is_trafficking_offence",
        "is_title_verified",
        "is_active",
    }
)


def _validate(values: Mapping[str, Any], *, statute: Statute | None) -> Errors:
    errors: Errors = {}
    for name in sorted(set(values) - STATUTE_FIELDS):
        add_error(errors, name, _("This field does not exist."))
    merged = {
        "country": statute.country if statute else "",
        "instrument": statute.instrument if statute else "",
        "code": statute.code if statute else "",
        "short_title": statute.short_title if statute else "",
        **values,
    }
    country = str(merged["country"] or "").upper()
    if not countries.is_country(country):
        add_error(errors, "country", _("Use an ISO 3166 two-letter country code."))
    for name, limit in (("instrument", 120), ("code", 20), ("short_title", 200)):
        text = str(merged[name] or "").strip()
        if not text:
            add_error(errors, name, _("Required."))
        elif len(text) > limit:
            add_error(errors, name, _("At most %(count)s characters.") % {"count": limit})
    duplicate = Statute.objects.filter(
        country=country,
        instrument=str(merged["instrument"]).strip(),
        code=str(merged["code"]).strip(),
    )
    if statute is not None:
        duplicate = duplicate.exclude(pk=statute.pk)
    if duplicate.exists():
        add_error(errors, "code", _("This law already has this article or section."))
    return errors


@transaction.atomic
def statute_create(*, actor: Actor, values: Mapping[str, Any]) -> Statute:
    """Add an offence provision to a country's list (system administrators)."""
    require(actor, Perm.STATUTE_MANAGE)
    raise_if(_validate(values, statute=None), _("The statute could not be saved."))
    statute = Statute.objects.create(
        country=str(values["country"]).upper(),
        instrument=str(values["instrument"]).strip(),
        code=str(values["code"]).strip(),
        short_title=str(values["short_title"]).strip(),
        is_trafficking_offence=bool(values.get("is_trafficking_offence", True)),
        is_title_verified=bool(values.get("is_title_verified", False)),
        is_active=bool(values.get("is_active", True)),
    )
    audit.record(
        actor=actor,
        action="enforcement.statute_create",
        target=statute,
        details={"country": statute.country, "code": statute.code},
    )
    return statute


@transaction.atomic
def statute_update(
    *, actor: Actor, statute: Statute, changes: Mapping[str, Any], expected_version: int | None
) -> Statute:
    """Correct or retire a statute; charges already brought under it keep pointing to it."""
    require(actor, Perm.STATUTE_MANAGE)
    if not manageable_statutes(actor).filter(pk=statute.pk).exists():
        raise NotVisible()
    raise_if(_validate(changes, statute=statute), _("The statute could not be saved."))
    for name, value in changes.items():
        if name == "country":
            setattr(statute, name, str(value).upper())
        else:
            setattr(statute, name, value.strip() if isinstance(value, str) else value)
    save_versioned(statute, expected_version=expected_version, fields=list(changes))
    audit.record(
        actor=actor,
        action="enforcement.statute_update",
        target=statute,
        details={"fields": sorted(changes)},
    )
    return statute


def statutes_ensure_seeded(*, actor: Actor) -> list[Statute]:
    """Add any seeded statute that is missing (the data migration seeds them; a restored or
    emptied installation may lack them). Returns the statutes added."""
    added = []
    for country, instrument, code, title, is_trafficking in SEEDED_STATUTES:
        if not Statute.objects.filter(country=country, instrument=instrument, code=code).exists():
            added.append(
                statute_create(
                    actor=actor,
                    values={
                        "country": country,
                        "instrument": instrument,
                        "code": code,
                        "short_title": title,
                        "is_trafficking_offence": is_trafficking,
                    },
                )
            )
    return added
