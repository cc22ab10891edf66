"""Suspects (persons with the HTCDS perpetrator context and the complicity of public officials)
and organised-crime groups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.enforcement import (
    manageable_criminal_groups,
    manageable_investigations,
    visible_suspects,
)
from waypoint.audit import services as audit
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ActionDenied, NotVisible, ValidationFailed
from waypoint.enforcement.choices import (
    OfficialAgencyType,
    RoleInProcess,
)
from waypoint.enforcement.models import (
    CriminalGroup,
    CriminalGroupMembership,
    Investigation,
    Suspect,
    SuspectRole,
)
from waypoint.enforcement.services.common import (
    Errors,
    add_error,
    check_choice,
    check_codes,
    check_past_date,
    check_text,
    create_with_reference,
    raise_if,
)
from waypoint.enforcement.services.investigations import manageable_investigation
from waypoint.people.choices import age_band_for
from waypoint.people.models import Person, PersonCitizenship
from waypoint.people.services import IDENTIFYING_FIELDS, validate_person_fields

SUSPECT_FIELDS = frozenset(
    {"identified_on", "arrested_on", "role_details", "is_public_official", "official_agency_type"}
)


def _validate_suspect(
    values: Mapping[str, Any],
    roles: Iterable[str] | None,
    *,
    today: dt.date,
    current: Suspect | None,
) -> tuple[Errors, set[str] | None]:
    errors: Errors = {}
    for name in sorted(set(values) - SUSPECT_FIELDS):
        add_error(errors, name, _("This field does not exist."))
    for name in ("identified_on", "arrested_on"):
        check_past_date(errors, name, values.get(name), today=today)
    check_text(errors, "role_details", values.get("role_details"), 2000)
    check_choice(
        errors,
        "official_agency_type",
        values.get("official_agency_type"),
        OfficialAgencyType.values,
    )
    is_official = values.get(
        "is_public_official", current.is_public_official if current is not None else None
    )
    agency = values.get(
        "official_agency_type", current.official_agency_type if current is not None else ""
    )
    if is_official is not True and agency:
        add_error(
            errors,
            "official_agency_type",
            _("Give the agency only for a suspect who is a public official."),
        )
    if is_official is True and not agency:
        add_error(
            errors, "official_agency_type", _("Say which kind of agency the official serves.")
        )
    cleaned = None
    if roles is not None:
        cleaned = check_codes(errors, "roles", roles, RoleInProcess.values)
    return errors, cleaned


def _set_roles(suspect: Suspect, roles: set[str]) -> None:
    SuspectRole.objects.filter(suspect=suspect).exclude(code__in=roles).delete()
    existing = set(suspect.roles.values_list("code", flat=True))
    SuspectRole.objects.bulk_create(
        [SuspectRole(suspect=suspect, code=code) for code in sorted(roles - existing)]
    )


def _person_values(values: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """Person values as stored: the age band follows the date of birth when one is given."""
    stored = {name: value for name, value in values.items() if name != "citizenship"}
    birthdate = stored.get("birthdate")
    if isinstance(birthdate, dt.date) and not stored.get("age_band"):
        years = (
            today.year
            - birthdate.year
            - ((today.month, today.day) < (birthdate.month, birthdate.day))
        )
        stored["age_band"] = age_band_for(years)
    return stored


def _set_citizenship(person: Person, codes: Iterable[str]) -> None:
    wanted = {code.upper() for code in codes if code}
    PersonCitizenship.objects.filter(person=person).exclude(country__in=wanted).delete()
    existing = set(person.citizenships.values_list("country", flat=True))
    PersonCitizenship.objects.bulk_create(
        [PersonCitizenship(person=person, country=code) for code in sorted(wanted - existing)]
    )


@transaction.atomic
def suspect_add(
    *,
    actor: Actor,
    investigation: Investigation,
    person_values: Mapping[str, Any] | None = None,
    existing_suspect: Suspect | None = None,
    roles: Sequence[str] = (),
    values: Mapping[str, Any] | None = None,
) -> Suspect:
    """Record a suspect: a new person (identifying fields encrypted, validated like every person)
    or the person of a suspect the actor already sees in another investigation."""
    manageable_investigation(actor, investigation)
    if actor.organisation is None:
        raise NotVisible()
    today = timezone.localdate()
    values = dict(values or {})
    values.setdefault("identified_on", today)
    errors, cleaned_roles = _validate_suspect(values, roles, today=today, current=None)
    person_values = dict(person_values or {})
    if existing_suspect is not None:
        if not visible_suspects(actor).filter(pk=existing_suspect.pk).exists():
            raise NotVisible()
        if person_values:
            add_error(errors, "person", _("Give either an existing suspect or new details."))
        person = existing_suspect.person
        if Suspect.objects.filter(investigation=investigation, person=person).exists():
            add_error(errors, "person", _("This person is already a suspect here."))
    else:
        for name, messages in validate_person_fields(person_values, today=today).items():
            errors.setdefault(name, []).extend(messages)
    raise_if(errors, _("The suspect could not be recorded."))
    if existing_suspect is None:
        citizenship = person_values.get("citizenship") or []
        person = Person(
            owner_organisation=actor.organisation,
            created_by=actor.user,
            **{
                name: value
                for name, value in _person_values(person_values, today=today).items()
                if value is not None
            },
        )
        person.save()
        _set_citizenship(person, citizenship)
    suspect = Suspect.objects.create(
        investigation=investigation,
        person=person,
        identified_on=values.get("identified_on"),
        arrested_on=values.get("arrested_on"),
        role_details=values.get("role_details") or None,
        is_public_official=values.get("is_public_official"),
        official_agency_type=values.get("official_agency_type") or "",
        created_by=actor.user,
    )
    _set_roles(suspect, cleaned_roles or set())
    audit.record(
        actor=actor,
        action="enforcement.suspect_add",
        target=suspect,
        subject=investigation,
        details={
            "person": str(person.public_id),
            "existing_person": existing_suspect is not None,
            "person_fields": sorted(
                name for name, value in person_values.items() if value not in ("", None, [])
            ),
            "roles": sorted(cleaned_roles or ()),
            "is_public_official": values.get("is_public_official"),
        },
    )
    return suspect


@transaction.atomic
def suspect_update(
    *,
    actor: Actor,
    suspect: Suspect,
    values: Mapping[str, Any] | None = None,
    person_changes: Mapping[str, Any] | None = None,
    roles: Sequence[str] | None = None,
    expected_version: int | None,
) -> Suspect:
    """Change a suspect's context, roles or personal details (refused if someone else changed the
    suspect since ``expected_version``)."""
    manageable_investigation(actor, suspect.investigation)
    today = timezone.localdate()
    values = dict(values or {})
    person_changes = dict(person_changes or {})
    errors, cleaned_roles = _validate_suspect(values, roles, today=today, current=suspect)
    for name, messages in validate_person_fields(person_changes, today=today).items():
        errors.setdefault(name, []).extend(messages)
    person = Person.objects.select_for_update().get(pk=suspect.person_id)
    if person.is_deidentified and any(person_changes.get(name) for name in IDENTIFYING_FIELDS):
        add_error(errors, "_", _("A de-identified record cannot hold names or contacts."))
    raise_if(errors, _("The suspect could not be saved."))
    for name, value in values.items():
        setattr(suspect, name, (value or None) if name == "role_details" else value)
    save_versioned(suspect, expected_version=expected_version, fields=list(values))
    if person_changes:
        stored = _person_values(person_changes, today=today)
        if "birthdate" in stored and "age_band" not in person_changes:
            stored.setdefault("age_band", "")
        for name, value in stored.items():
            setattr(person, name, value)
        person.save()
        if "citizenship" in person_changes:
            _set_citizenship(person, person_changes["citizenship"] or [])
    if cleaned_roles is not None:
        _set_roles(suspect, cleaned_roles)
    audit.record(
        actor=actor,
        action="enforcement.suspect_update",
        target=suspect,
        subject=suspect.investigation,
        details={
            "fields": sorted(values),
            "person_fields": sorted(person_changes),
            "roles_changed": cleaned_roles is not None,
        },
    )
    return suspect


@transaction.atomic
def criminal_group_create(*, actor: Actor, name: str, description: str = "") -> CriminalGroup:
    """Record an organised-crime group known to the actor's agency."""
    require(actor, Perm.INVESTIGATION_MANAGE)
    if actor.organisation is None or not actor.has_role(Role.INVESTIGATOR):
        raise ActionDenied(_("Only an investigator of a law-enforcement agency records groups."))
    organisation = actor.organisation
    errors: Errors = {}
    if not name.strip():
        add_error(errors, "name", _("Give the group a name or working name."))
    check_text(errors, "name", name, 200)
    check_text(errors, "description", description, 5000)
    raise_if(errors, _("The group could not be recorded."))
    group = create_with_reference(
        lambda reference: CriminalGroup.objects.create(
            reference=reference,
            investigating_agency=organisation,
            name=name.strip(),
            description=description or None,
            created_by=actor.user,
        ),
        "OCG",
    )
    audit.record(actor=actor, action="enforcement.group_create", target=group)
    return group


@transaction.atomic
def criminal_group_update(
    *, actor: Actor, group: CriminalGroup, changes: Mapping[str, Any], expected_version: int | None
) -> CriminalGroup:
    require(actor, Perm.INVESTIGATION_MANAGE)
    if not manageable_criminal_groups(actor).filter(pk=group.pk).exists():
        raise NotVisible()
    errors: Errors = {}
    for name in sorted(set(changes) - {"name", "description"}):
        add_error(errors, name, _("This field cannot be changed here."))
    if "name" in changes and not str(changes["name"] or "").strip():
        add_error(errors, "name", _("Give the group a name or working name."))
    check_text(errors, "name", changes.get("name"), 200)
    check_text(errors, "description", changes.get("description"), 5000)
    raise_if(errors, _("The group could not be saved."))
    for name, text in changes.items():
        setattr(group, name, (text or "").strip() or None)
    save_versioned(group, expected_version=expected_version, fields=list(changes))
    audit.record(
        actor=actor,
        action="enforcement.group_update",
        target=group,
        details={"fields": sorted(changes)},
    )
    return group


@transaction.atomic
def criminal_group_add_member(
    *, actor: Actor, group: CriminalGroup, suspect: Suspect
) -> CriminalGroupMembership:
    """Link a suspect of one of the agency's investigations to the group."""
    require(actor, Perm.INVESTIGATION_MANAGE)
    if not manageable_criminal_groups(actor).filter(pk=group.pk).exists():
        raise NotVisible()
    if not manageable_investigations(actor).filter(pk=suspect.investigation_id).exists():
        raise NotVisible()
    if CriminalGroupMembership.objects.filter(group=group, suspect=suspect).exists():
        raise ValidationFailed(
            _("This suspect is already a member."),
            fields={"suspect": [_("This suspect is already a member.")]},
        )
    membership = CriminalGroupMembership.objects.create(
        group=group, suspect=suspect, added_by=actor.user
    )
    audit.record(
        actor=actor,
        action="enforcement.group_add_member",
        target=membership,
        subject=group,
        details={"suspect": str(suspect.public_id)},
    )
    return membership


@transaction.atomic
def criminal_group_remove_member(*, actor: Actor, group: CriminalGroup, suspect: Suspect) -> None:
    require(actor, Perm.INVESTIGATION_MANAGE)
    if not manageable_criminal_groups(actor).filter(pk=group.pk).exists():
        raise NotVisible()
    membership = CriminalGroupMembership.objects.filter(group=group, suspect=suspect).first()
    if membership is None:
        raise NotVisible()
    audit.record(
        actor=actor,
        action="enforcement.group_remove_member",
        target=membership,
        subject=group,
        details={"suspect": str(suspect.public_id)},
    )
    membership.delete()
