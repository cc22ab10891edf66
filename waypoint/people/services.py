"""Writes for persons and consent."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.cases import visible_persons
from waypoint.accounts.models import Organisation
from waypoint.audit import services as audit
from waypoint.common import countries
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import NotVisible, ValidationFailed
from waypoint.common.fields import blind_index
from waypoint.people.choices import (
    AgeBand,
    ConsentGivenBy,
    ConsentPurpose,
    Gender,
    HighestLevelOfEducation,
    MaritalStatus,
    age_band_for,
)
from waypoint.people.models import ConsentRecord, Person, PersonCitizenship

IDENTIFYING_FIELDS = (
    "salutation",
    "first_name",
    "middle_name",
    "second_name",
    "title",
    "birthdate",
    "identity_number",
    "email",
    "home_phone",
    "mobile_phone",
    "mailing_street",
    "mailing_city",
    "mailing_state",
    "mailing_postal_code",
    "mailing_latitude",
    "mailing_longitude",
)
CODED_FIELDS = (
    "mailing_country",
    "gender",
    "age_band",
    "is_age_uncertain",
    "is_deceased",
    "marital_status",
    "number_of_children",
    "primary_language",
    "secondary_language",
    "highest_level_of_education",
)
EDITABLE_FIELDS = frozenset(IDENTIFYING_FIELDS + CODED_FIELDS)
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_MAX_TEXT = 500


def _check_choice(
    errors: dict[str, list[str]], name: str, value: Any, allowed: Iterable[str]
) -> None:
    if value not in ("", None) and value not in set(allowed):
        errors.setdefault(name, []).append(_("%(value)s is not a known code.") % {"value": value})


def validate_person_fields(
    values: Mapping[str, Any], *, today: dt.date | None = None
) -> dict[str, list[str]]:
    """Field errors for person values, in plain language (empty when all is well)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    unknown = set(values) - EDITABLE_FIELDS - {"citizenship"}
    for name in sorted(unknown):
        errors[name] = [_("This field does not exist.")]
    for name in IDENTIFYING_FIELDS:
        value = values.get(name)
        if isinstance(value, str) and len(value) > _MAX_TEXT:
            errors.setdefault(name, []).append(
                _("At most %(count)s characters.") % {"count": _MAX_TEXT}
            )
    birthdate = values.get("birthdate")
    if birthdate is not None and not isinstance(birthdate, dt.date):
        errors.setdefault("birthdate", []).append(_("Enter a date as YYYY-MM-DD."))
    elif isinstance(birthdate, dt.date):
        if birthdate > today:
            errors.setdefault("birthdate", []).append(_("The date of birth is in the future."))
        elif birthdate.year < today.year - 120:
            errors.setdefault("birthdate", []).append(
                _("The date of birth is more than 120 years ago.")
            )
    _check_choice(errors, "gender", values.get("gender"), Gender.values)
    _check_choice(errors, "age_band", values.get("age_band"), AgeBand.values)
    _check_choice(errors, "marital_status", values.get("marital_status"), MaritalStatus.values)
    _check_choice(
        errors,
        "highest_level_of_education",
        values.get("highest_level_of_education"),
        HighestLevelOfEducation.values,
    )
    country = values.get("mailing_country")
    if country and not countries.is_country(country):
        errors.setdefault("mailing_country", []).append(
            _("Use an ISO 3166 two-letter country code.")
        )
    for code in values.get("citizenship") or []:
        if not (countries.is_country(code) or code == countries.UNKNOWN):
            errors.setdefault("citizenship", []).append(
                _("%(value)s is not an ISO 3166 two-letter country code.") % {"value": code}
            )
    for name in ("primary_language", "secondary_language"):
        value = values.get(name)
        if value and not _LANGUAGE.match(str(value)):
            errors.setdefault(name, []).append(
                _("Use an ISO 639 language code such as 'en' or 'ara'.")
            )
    children = values.get("number_of_children")
    if children is not None and (not isinstance(children, int) or children < 0 or children > 30):
        errors.setdefault("number_of_children", []).append(_("Enter a whole number from 0 to 30."))
    return errors


def _derive_age(values: dict[str, Any], *, today: dt.date) -> None:
    """The age band follows the date of birth when one is given (at registration)."""
    birthdate = values.get("birthdate")
    if isinstance(birthdate, dt.date) and not values.get("age_band"):
        years = (
            today.year
            - birthdate.year
            - ((today.month, today.day) < (birthdate.month, birthdate.day))
        )
        values["age_band"] = age_band_for(years)


def _set_citizenship(person: Person, codes: Iterable[str]) -> None:
    wanted = {code.upper() for code in codes if code}
    PersonCitizenship.objects.filter(person=person).exclude(country__in=wanted).delete()
    existing = set(
        PersonCitizenship.objects.filter(person=person).values_list("country", flat=True)
    )
    PersonCitizenship.objects.bulk_create(
        [PersonCitizenship(person=person, country=code) for code in sorted(wanted - existing)]
    )


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    values: Mapping[str, Any],
    is_deidentified: bool = False,
    today: dt.date | None = None,
) -> Person:
    """Record a person for the actor's organisation. Identifying values are encrypted at rest."""
    require(actor, Perm.PERSON_CREATE)
    if actor.organisation is None:
        raise NotVisible()
    today = today or timezone.localdate()
    values = dict(values)
    errors = validate_person_fields(values, today=today)
    if is_deidentified and any(values.get(name) for name in IDENTIFYING_FIELDS):
        errors["_"] = [_("A de-identified record cannot hold names, dates of birth or contacts.")]
    if errors:
        raise ValidationFailed(_("The person could not be recorded."), fields=errors)
    _derive_age(values, today=today)
    citizenship = values.pop("citizenship", None) or []
    person = Person(
        owner_organisation=actor.organisation,
        created_by=actor.user,
        is_deidentified=is_deidentified,
        **{name: value for name, value in values.items() if value is not None},
    )
    person.save()
    _set_citizenship(person, citizenship)
    audit.record(
        actor=actor,
        action="person.create",
        target=person,
        details={
            "fields": sorted(name for name, value in values.items() if value not in ("", None))
        },
    )
    return person


@transaction.atomic
def person_update(
    *, actor: Actor, person: Person, changes: Mapping[str, Any], expected_version: int | None
) -> Person:
    """Change a person's details; refused if someone else changed them since ``expected_version``."""
    require(actor, Perm.PERSON_EDIT)
    if not visible_persons(actor).filter(pk=person.pk).exists():
        raise NotVisible()
    changes = dict(changes)
    errors = validate_person_fields(changes)
    if person.is_deidentified and any(changes.get(name) for name in IDENTIFYING_FIELDS):
        errors["_"] = [_("A de-identified record cannot hold names, dates of birth or contacts.")]
    if errors:
        raise ValidationFailed(_("The person could not be saved."), fields=errors)
    citizenship = changes.pop("citizenship", None)
    if "birthdate" in changes and "age_band" not in changes:
        derived: dict[str, Any] = {"birthdate": changes["birthdate"], "age_band": ""}
        _derive_age(derived, today=timezone.localdate())
        changes["age_band"] = derived["age_band"]
    for name, value in changes.items():
        setattr(person, name, value)
    fields = list(changes) + ["identity_number_index", "name_birthdate_index"]
    for index_name in ("identity_number_index", "name_birthdate_index"):
        setattr(person, index_name, blind_index(Person, index_name).compute(person))
    save_versioned(person, expected_version=expected_version, fields=fields)
    if citizenship is not None:
        _set_citizenship(person, citizenship)
    audit.record(
        actor=actor,
        action="person.update",
        target=person,
        details={
            "fields": sorted(list(changes) + (["citizenship"] if citizenship is not None else []))
        },
    )
    return person


@transaction.atomic
def person_mark_same_individual(*, actor: Actor, person: Person, same_as: Person) -> Person:
    """Record that two person records are the same individual (they then count once)."""
    require(actor, Perm.PERSON_EDIT)
    visible = visible_persons(actor)
    if not visible.filter(pk=person.pk).exists() or not visible.filter(pk=same_as.pk).exists():
        raise NotVisible()
    canonical = same_as.same_individual_as or same_as
    if canonical.pk == person.pk:
        raise ValidationFailed(_("A record cannot be the same individual as itself."))
    Person.objects.filter(same_individual_as=person).update(same_individual_as=canonical)
    Person.objects.filter(pk=person.pk).update(same_individual_as=canonical)
    person.refresh_from_db()
    audit.record(
        actor=actor,
        action="person.mark_same_individual",
        target=person,
        details={"same_as": str(canonical.public_id)},
    )
    return person


@transaction.atomic
def consent_record(
    *,
    actor: Actor,
    person: Person,
    purpose: str,
    is_given: bool,
    case: Any = None,
    shared_with: Organisation | None = None,
    given_by: str = ConsentGivenBy.PERSON,
    language: str = "",
    is_interpreter_present: bool = False,
    interpreter_name: str = "",
    notes: str = "",
) -> ConsentRecord:
    """Record consent (or a refusal) with its circumstances. History is kept: nothing is overwritten."""
    require(actor, Perm.CONSENT_RECORD)
    if actor.organisation is None or not visible_persons(actor).filter(pk=person.pk).exists():
        raise NotVisible()
    errors: dict[str, list[str]] = {}
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = [_("Unknown purpose.")]
    if purpose == ConsentPurpose.SHARING and shared_with is None:
        errors["shared_with"] = [_("Name the organisation the data may be shared with.")]
    if given_by not in ConsentGivenBy.values:
        errors["given_by"] = [_("Unknown value.")]
    if language and not _LANGUAGE.match(language):
        errors["language"] = [_("Use an ISO 639 language code such as 'en' or 'ara'.")]
    if is_interpreter_present and not interpreter_name.strip():
        errors["interpreter_name"] = [_("Name the interpreter or cultural mediator.")]
    if errors:
        raise ValidationFailed(_("The consent could not be recorded."), fields=errors)
    record = ConsentRecord.objects.create(
        person=person,
        case=case,
        purpose=purpose,
        shared_with=shared_with if purpose == ConsentPurpose.SHARING else None,
        is_given=is_given,
        given_by=given_by,
        language=language,
        is_interpreter_present=is_interpreter_present,
        interpreter_name=interpreter_name or None,
        notes=notes or None,
        recorded_by=actor.user,
        recorded_for=actor.organisation,
        recorded_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="consent.record",
        target=record,
        subject=case or person,
        details={"purpose": purpose, "is_given": is_given, "given_by": given_by},
    )
    return record


@transaction.atomic
def consent_withdraw(*, actor: Actor, record: ConsentRecord, reason: str = "") -> ConsentRecord:
    """Withdraw a consent at once: every access grant made under it stops working immediately
    (the case scopes only honour grants whose consent is still active)."""
    require(actor, Perm.CONSENT_RECORD)
    if not visible_persons(actor).filter(pk=record.person_id).exists():
        raise NotVisible()
    locked = ConsentRecord.objects.select_for_update().get(pk=record.pk)
    if not locked.is_active:
        raise ValidationFailed(_("This consent is not active, so it cannot be withdrawn."))
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = actor.user
    locked.withdrawal_reason = reason or None
    locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="consent.withdraw",
        target=locked,
        subject=locked.case or locked.person,
        details={"purpose": locked.purpose},
    )
    return locked
