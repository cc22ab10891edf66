"""Writes for the services a provider offers: describing them and keeping capacity current."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible, require
from waypoint.access.roles import Perm
from waypoint.access.scopes.directory import manageable_services
from waypoint.audit import services as audit
from waypoint.cases.choices import TypeOfExploitation
from waypoint.common import countries
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import NotVisible, ValidationFailed
from waypoint.directory.choices import ServiceCodeField, ServiceType
from waypoint.directory.models import Service, ServiceCode
from waypoint.people.choices import Gender

TEXT_FIELDS = {
    "name": 200,
    "description": 2000,
    "area": 120,
    "contact_phone": 40,
    "contact_email": 254,
    "hours": 200,
}
EDITABLE_FIELDS = frozenset(
    {
        *TEXT_FIELDS,
        "service_type",
        "country",
        "is_open_all_hours",
        "accepts_urgent",
        "min_age",
        "max_age",
        "capacity_total",
        "is_active",
    }
)
CODE_CHOICES: dict[str, set[str] | None] = {
    ServiceCodeField.LANGUAGE: None,  # any ISO 639 code
    ServiceCodeField.SEX: set(Gender.values),
    ServiceCodeField.EXPLOITATION_TYPE: set(TypeOfExploitation.values),
}
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def _validate(
    values: Mapping[str, Any], codes: Mapping[str, Iterable[str]]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in sorted(set(values) - EDITABLE_FIELDS):
        errors[name] = [_("This field cannot be set here.")]
    for name, limit in TEXT_FIELDS.items():
        value = values.get(name)
        if value is not None and not isinstance(value, str):
            errors[name] = [_("Must be text.")]
        elif isinstance(value, str) and len(value) > limit:
            errors[name] = [_("At most %(count)s characters.") % {"count": limit}]
    if "name" in values and not (values.get("name") or "").strip():
        errors["name"] = [_("Give the service a name.")]
    if "service_type" in values and values["service_type"] not in ServiceType.values:
        errors["service_type"] = [_("Choose a type of service.")]
    if values.get("country") and not countries.is_country(values["country"]):
        errors["country"] = [_("Use an ISO 3166 two-letter country code.")]
    if values.get("contact_email"):
        try:
            validate_email(values["contact_email"])
        except ValidationError:
            errors["contact_email"] = [_("Enter a valid e-mail address.")]
    for name in ("min_age", "max_age"):
        value = values.get(name)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120
        ):
            errors[name] = [_("An age in whole years from 0 to 120.")]
    low, high = values.get("min_age"), values.get("max_age")
    if isinstance(low, int) and isinstance(high, int) and high < low:
        errors["max_age"] = [_("The oldest age is below the youngest.")]
    total = values.get("capacity_total")
    if total is not None and (
        isinstance(total, bool) or not isinstance(total, int) or not 0 <= total <= 10000
    ):
        errors["capacity_total"] = [
            _("A number of places from 0 to 10000 (leave empty if not counted).")
        ]
    for field, items in codes.items():
        if field not in CODE_CHOICES:
            errors[field] = [_("Unknown property.")]
            continue
        allowed = CODE_CHOICES[field]
        for item in items:
            if allowed is None and not _LANGUAGE.match(item):
                errors.setdefault(field, []).append(
                    _("%(code)s is not an ISO 639 language code such as 'en' or 'ara'.")
                    % {"code": item}
                )
            elif allowed is not None and item not in allowed:
                errors.setdefault(field, []).append(
                    _("%(code)s is not a known code.") % {"code": item}
                )
    return errors


def _set_codes(service: Service, codes: Mapping[str, Iterable[str]]) -> None:
    for field, items in codes.items():
        wanted = {item for item in items if item}
        ServiceCode.objects.filter(service=service, field=field).exclude(code__in=wanted).delete()
        existing = set(
            ServiceCode.objects.filter(service=service, field=field).values_list("code", flat=True)
        )
        ServiceCode.objects.bulk_create(
            [
                ServiceCode(service=service, field=field, code=code)
                for code in sorted(wanted - existing)
            ]
        )


@transaction.atomic
def service_create(
    *, actor: Actor, values: Mapping[str, Any], codes: Mapping[str, Iterable[str]] | None = None
) -> Service:
    """Describe a service the actor's organisation offers (its org admins and service providers)."""
    require(actor, Perm.SERVICE_MANAGE)
    if actor.organisation is None:
        raise NotVisible()
    codes = codes or {}
    values = dict(values)
    errors = _validate(values, codes)
    for required in ("name", "service_type"):
        if not values.get(required):
            errors.setdefault(required, [_("Required.")])
    if errors:
        raise ValidationFailed(_("The service could not be saved."), fields=errors)
    total = values.pop("capacity_total", None)
    values.setdefault("country", actor.organisation.country)
    try:
        with transaction.atomic():
            service = Service.objects.create(
                organisation=actor.organisation,
                capacity_total=total,
                capacity_available=total,
                updated_by=actor.user,
                **values,
            )
    except IntegrityError as error:
        raise ValidationFailed(
            _("Your organisation already has a service with this name."),
            fields={"name": [_("Choose another name.")]},
        ) from error
    _set_codes(service, codes)
    audit.record(
        actor=actor,
        action="directory.service_create",
        target=service,
        details={"type": service.service_type, "places": total},
    )
    return service


def service_get_manageable(*, actor: Actor, public_id: object) -> Service:
    return get_visible(manageable_services(actor), public_id=public_id)


@transaction.atomic
def service_update(
    *,
    actor: Actor,
    service: Service,
    values: Mapping[str, Any],
    codes: Mapping[str, Iterable[str]] | None = None,
    expected_version: int | None,
) -> Service:
    """Change a service's description, eligibility or number of places.

    Changing the number of places keeps the places already taken: free = new total − taken.
    """
    require(actor, Perm.SERVICE_MANAGE)
    if not manageable_services(actor).filter(pk=service.pk).exists():
        raise NotVisible()
    codes = codes or {}
    values = dict(values)
    errors = _validate(values, codes)
    locked = Service.objects.select_for_update().get(pk=service.pk)
    if "capacity_total" in values:
        total = values["capacity_total"]
        taken = (
            (locked.capacity_total or 0) - (locked.capacity_available or 0)
            if locked.has_capacity
            else 0
        )
        if total is not None and total < taken:
            errors["capacity_total"] = [
                _("%(taken)s places are taken: the total cannot be lower.") % {"taken": taken}
            ]
        values["capacity_available"] = None if total is None else total - taken
    if errors:
        raise ValidationFailed(_("The service could not be saved."), fields=errors)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.updated_by = actor.user
    try:
        with transaction.atomic():
            save_versioned(
                locked, expected_version=expected_version, fields=[*values, "updated_by"]
            )
    except IntegrityError as error:
        raise ValidationFailed(
            _("Your organisation already has a service with this name."),
            fields={"name": [_("Choose another name.")]},
        ) from error
    _set_codes(locked, codes)
    audit.record(
        actor=actor,
        action="directory.service_update",
        target=locked,
        details={"fields": sorted(values), "code_fields": sorted(codes)},
    )
    return locked


@transaction.atomic
def service_availability_set(*, actor: Actor, service: Service, available: int) -> Service:
    """Say how many places are free right now (people placed outside Waypoint take places too)."""
    require(actor, Perm.SERVICE_MANAGE)
    if not manageable_services(actor).filter(pk=service.pk).exists():
        raise NotVisible()
    locked = Service.objects.select_for_update().get(pk=service.pk)
    if not locked.has_capacity:
        raise ValidationFailed(
            _("This service does not count places; set a number of places first."),
            fields={"capacity_available": [_("Set the number of places first.")]},
        )
    if not 0 <= available <= (locked.capacity_total or 0):
        raise ValidationFailed(
            _("The number of free places is not possible."),
            fields={
                "capacity_available": [_("From 0 to %(total)s.") % {"total": locked.capacity_total}]
            },
        )
    previous = locked.capacity_available
    Service.objects.filter(pk=locked.pk).update(
        capacity_available=available, version=F("version") + 1, updated_by=actor.user
    )
    locked.refresh_from_db()
    audit.record(
        actor=actor,
        action="directory.availability_set",
        target=locked,
        details={"from": previous, "to": available},
    )
    return locked


def take_place(service: Service) -> bool:
    """Take one free place atomically: a conditional UPDATE, so concurrent requests can never
    overbook (the database decides; no read-then-write)."""
    return (
        Service.objects.filter(pk=service.pk, capacity_available__gt=0).update(
            capacity_available=F("capacity_available") - 1
        )
        == 1
    )


def release_place(service: Service) -> bool:
    """Give a place back (never above the total)."""
    return (
        Service.objects.filter(pk=service.pk, capacity_available__lt=F("capacity_total")).update(
            capacity_available=F("capacity_available") + 1
        )
        == 1
    )
