"""Opening, editing, assigning, transferring, closing and reopening cases; persons in cases and their
HTCDS context; sharing a case with another organisation."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.cases import can_work_on, visible_cases, visible_persons
from waypoint.accounts.models import Membership, Organisation, User
from waypoint.audit import services as audit
from waypoint.cases.choices import (
    CLOSED_STATUSES,
    MULTI_VALUED_FIELDS,
    CaseStatus,
    ClosureReason,
    PersonRole,
    ReasonForIncomingReferral,
    ReferralDirection,
    RelationshipToTrafficker,
    TraffickingStatus,
    TraffickingStatusDecisionMakingOrg,
)
from waypoint.cases.models import (
    Case,
    CasePerson,
    CasePersonCode,
    CaseReferralDetail,
    TraffickingStatusChange,
)
from waypoint.common import countries
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ActionDenied, NotVisible, ValidationFailed
from waypoint.people.models import Person

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CASE_ROLES_FOR_ASSIGNMENT = (Role.CASE_WORKER, Role.CASE_SUPERVISOR, Role.FIRST_RESPONDER)


def _new_reference() -> str:
    return "C-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _index in range(8))


def _visible_case(actor: Actor, case: Case) -> None:
    if not visible_cases(actor).filter(pk=case.pk).exists():
        raise NotVisible()


def require_case_work(actor: Actor, case: Case, perm: Perm = Perm.CASE_EDIT) -> None:
    """The actor may change ``case``: it is visible, their organisation works it, and their role
    holds ``perm`` — or they are the first responder who opened it (they keep recording what they
    observed)."""
    _visible_case(actor, case)
    if not can_work_on(actor, case):
        raise ActionDenied(_("This case is shared with your organisation for reading only."))
    if actor.can(perm):
        return
    is_opener = actor.user is not None and case.created_by_id == actor.user.pk
    if is_opener and actor.can(Perm.CASE_CREATE) and perm in (Perm.CASE_EDIT, Perm.PERSON_EDIT):
        return
    require(actor, perm)


def _validate_date(errors: dict[str, list[str]], name: str, value: Any, *, today: dt.date) -> None:
    if value is None:
        return
    if not isinstance(value, dt.date):
        errors.setdefault(name, []).append(_("Enter a date as YYYY-MM-DD."))
    elif value > today:
        errors.setdefault(name, []).append(_("The date is in the future."))
    elif value.year < 1950:
        errors.setdefault(name, []).append(_("The date is before 1950."))


def _check_case_owner(organisation: Organisation, user: User | None) -> None:
    if user is None:
        return
    if not Membership.objects.filter(
        user=user, organisation=organisation, is_active=True, role__in=CASE_ROLES_FOR_ASSIGNMENT
    ).exists():
        raise ValidationFailed(
            _(
                "The case can only be assigned to a case worker, supervisor or first responder of %(organisation)s."
            )
            % {"organisation": organisation.name},
            fields={"case_owner": [_("Not a case worker of this organisation.")]},
        )


@transaction.atomic
def case_open(
    *,
    actor: Actor,
    persons: Sequence[tuple[Person, str]] = (),
    opened_on: dt.date | None = None,
    summary: str = "",
    case_owner: User | None = None,
    is_deidentified: bool = False,
) -> Case:
    """Open a case for the actor's organisation with its persons (each with a role)."""
    require(actor, Perm.CASE_CREATE)
    if actor.organisation is None:
        raise NotVisible()
    today = timezone.localdate()
    opened_on = opened_on or today
    errors: dict[str, list[str]] = {}
    _validate_date(errors, "opened_on", opened_on, today=today)
    if len(summary) > 5000:
        errors["summary"] = [_("At most 5000 characters.")]
    visible = visible_persons(actor)
    for index, (person, role) in enumerate(persons):
        if role not in PersonRole.values:
            errors.setdefault(f"persons[{index}].role", []).append(_("Unknown role in the case."))
        if not visible.filter(pk=person.pk).exists():
            errors.setdefault(f"persons[{index}]", []).append(
                _("This person is not visible to you.")
            )
    if errors:
        raise ValidationFailed(_("The case could not be opened."), fields=errors)
    owner = case_owner if case_owner is not None else actor.user
    if case_owner is not None:
        _check_case_owner(actor.organisation, case_owner)
    case = None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    reference=_new_reference(),
                    owner_organisation=actor.organisation,
                    case_owner=owner,
                    created_by=actor.user,
                    opened_on=opened_on,
                    summary=summary or None,
                    is_deidentified=is_deidentified,
                )
            break
        except IntegrityError:
            continue
    if case is None:
        raise ValidationFailed(_("No free case reference could be found; try again."))
    for person, role in persons:
        CasePerson.objects.create(case=case, person=person, role=role, registered_on=opened_on)
    audit.record(
        actor=actor,
        action="case.open",
        target=case,
        details={"persons": len(persons), "roles": sorted({role for _p, role in persons})},
    )
    return case


@transaction.atomic
def case_update(
    *, actor: Actor, case: Case, changes: Mapping[str, Any], expected_version: int | None
) -> Case:
    """Change the case's summary, registration date or status (Active / Follow up)."""
    require_case_work(actor, case)
    allowed = {"summary", "opened_on", "status"}
    errors: dict[str, list[str]] = {
        name: [_("This field cannot be changed here.")] for name in set(changes) - allowed
    }
    today = timezone.localdate()
    if "opened_on" in changes:
        _validate_date(errors, "opened_on", changes["opened_on"], today=today)
        if (
            case.closed_on
            and isinstance(changes["opened_on"], dt.date)
            and changes["opened_on"] > case.closed_on
        ):
            errors.setdefault("opened_on", []).append(_("The case cannot open after it closed."))
    if "status" in changes and changes["status"] not in (CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP):
        errors["status"] = [_("Use 'Close case' to close it.")]
    if "status" in changes and case.is_closed:
        errors["status"] = [_("Reopen the case first.")]
    if "summary" in changes and len(changes["summary"] or "") > 5000:
        errors["summary"] = [_("At most 5000 characters.")]
    if errors:
        raise ValidationFailed(_("The case could not be saved."), fields=errors)
    for name, value in changes.items():
        setattr(case, name, value if value != "" else (None if name == "summary" else value))
    save_versioned(case, expected_version=expected_version, fields=list(changes))
    audit.record(
        actor=actor, action="case.update", target=case, details={"fields": sorted(changes)}
    )
    return case


@transaction.atomic
def case_assign(*, actor: Actor, case: Case, user: User | None) -> Case:
    """Make ``user`` responsible for the case (``cas_CaseOwner``); only within the owning organisation."""
    require(actor, Perm.CASE_ASSIGN)
    _visible_case(actor, case)
    if actor.organisation is None or case.owner_organisation_id != actor.organisation.pk:
        raise ActionDenied(_("Only the organisation that owns the case assigns it."))
    _check_case_owner(case.owner_organisation, user)
    previous = case.case_owner
    Case.objects.filter(pk=case.pk).update(case_owner=user, updated_at=timezone.now())
    case.case_owner = user
    audit.record(
        actor=actor,
        action="case.assign",
        target=case,
        details={
            "to": str(user.public_id) if user else "",
            "from": str(previous.public_id) if previous else "",
        },
    )
    if user is not None and (actor.user is None or user.pk != actor.user.pk):
        from waypoint.notifications.services import notify

        notify(
            recipient=user,
            organisation=case.owner_organisation,
            kind="case.assigned",
            title=_("Case %(reference)s was assigned to you") % {"reference": case.reference},
            link=reverse("cases:detail", args=[case.public_id]),
            send_email=True,
        )
    return case


def _validate_codes(
    codes: Mapping[str, Iterable[str]], errors: dict[str, list[str]], role: str
) -> dict[str, set[str]]:
    cleaned: dict[str, set[str]] = {}
    for field, values in codes.items():
        choices = MULTI_VALUED_FIELDS.get(field)
        if choices is None:
            errors.setdefault(field, []).append(_("Unknown field."))
            continue
        is_perpetrator_field = field.startswith("per_")
        if is_perpetrator_field != (role == PersonRole.PERPETRATOR):
            errors.setdefault(field, []).append(
                _("This field belongs to the %(context)s context.")
                % {"context": _("perpetrator") if is_perpetrator_field else _("victim")}
            )
            continue
        wanted = {value for value in values if value}
        bad = sorted(wanted - set(choices.values))
        if bad:
            errors.setdefault(field, []).append(
                _("Unknown codes: %(codes)s.") % {"codes": ", ".join(bad)}
            )
            continue
        cleaned[field] = wanted
    return cleaned


VICTIM_VALUE_FIELDS = {
    "trafficking_status": TraffickingStatus.values,
    "trafficking_status_decision_making_org": TraffickingStatusDecisionMakingOrg.values,
    "relationship_to_trafficker": RelationshipToTrafficker.values,
}
PLAIN_CONTEXT_FIELDS = {
    "age_when_trafficked",
    "is_child_when_exploited",
    "country_of_recruitment",
    "country_of_exploitation",
    "location_of_recruitment",
    "location_of_exploitation",
    "perpetrator_role_details",
    "perpetrator_organisation",
    "registered_on",
    "registration_year_from",
    "registration_year_to",
}


def validate_context(
    case_person: CasePerson, values: Mapping[str, Any], codes: Mapping[str, Iterable[str]]
) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Field errors for a person-in-case context update, and the cleaned codes."""
    errors: dict[str, list[str]] = {}
    for name in set(values) - set(VICTIM_VALUE_FIELDS) - PLAIN_CONTEXT_FIELDS:
        errors[name] = [_("Unknown field.")]
    for name, allowed in VICTIM_VALUE_FIELDS.items():
        value = values.get(name)
        if value and value not in allowed:
            errors[name] = [_("%(value)s is not a known code.") % {"value": value}]
    age = values.get("age_when_trafficked")
    if age is not None and (not isinstance(age, int) or not 0 <= age <= 120):
        errors["age_when_trafficked"] = [_("Enter an age in whole years from 0 to 120.")]
    for name in ("country_of_recruitment", "country_of_exploitation"):
        value = values.get(name)
        if value and not (countries.is_country(value) or value == countries.UNKNOWN):
            errors[name] = [_("Use an ISO 3166 two-letter country code.")]
    _validate_date(errors, "registered_on", values.get("registered_on"), today=timezone.localdate())
    year_from, year_to = values.get("registration_year_from"), values.get("registration_year_to")
    if year_from and year_to and year_to < year_from:
        errors["registration_year_to"] = [_("The band ends before it starts.")]
    if values.get("trafficking_status") and not (
        values.get("trafficking_status_decision_making_org")
        or case_person.trafficking_status_decision_making_org
    ):
        errors["trafficking_status_decision_making_org"] = [
            _("Say which kind of organisation decided the trafficking status.")
        ]
    cleaned = _validate_codes(codes, errors, case_person.role)
    return errors, cleaned


def _apply_codes(case_person: CasePerson, cleaned: Mapping[str, set[str]]) -> None:
    for field, wanted in cleaned.items():
        CasePersonCode.objects.filter(case_person=case_person, field=field).exclude(
            code__in=wanted
        ).delete()
        existing = set(
            CasePersonCode.objects.filter(case_person=case_person, field=field).values_list(
                "code", flat=True
            )
        )
        CasePersonCode.objects.bulk_create(
            [
                CasePersonCode(case_person=case_person, field=field, code=code)
                for code in sorted(wanted - existing)
            ]
        )


@transaction.atomic
def case_person_add(
    *,
    actor: Actor,
    case: Case,
    person: Person,
    role: str,
    registered_on: dt.date | None = None,
) -> CasePerson:
    """Add a person to a case in a role (victim, perpetrator, contact, other)."""
    require_case_work(actor, case)
    if not visible_persons(actor).filter(pk=person.pk).exists():
        raise NotVisible()
    errors: dict[str, list[str]] = {}
    if role not in PersonRole.values:
        errors["role"] = [_("Unknown role in the case.")]
    _validate_date(errors, "registered_on", registered_on, today=timezone.localdate())
    if CasePerson.objects.filter(case=case, person=person, role=role).exists():
        errors["person"] = [_("This person is already in the case in this role.")]
    if errors:
        raise ValidationFailed(_("The person could not be added."), fields=errors)
    link = CasePerson.objects.create(
        case=case, person=person, role=role, registered_on=registered_on or timezone.localdate()
    )
    audit.record(
        actor=actor, action="case.person_add", target=link, subject=case, details={"role": role}
    )
    return link


@transaction.atomic
def victim_context_update(
    *,
    actor: Actor,
    case_person: CasePerson,
    values: Mapping[str, Any],
    codes: Mapping[str, Iterable[str]],
    expected_version: int | None,
) -> CasePerson:
    """Record the HTCDS victim or perpetrator context of a person in a case.

    Multi-valued fields (``codes``) replace the stored set for each field given. A change of
    trafficking status is kept in its history.
    """
    case = case_person.case
    require_case_work(actor, case)
    errors, cleaned = validate_context(case_person, values, codes)
    if errors:
        raise ValidationFailed(_("The details could not be saved."), fields=errors)
    previous_status = case_person.trafficking_status
    for name, value in values.items():
        setattr(case_person, name, value)
    for name in ("location_of_recruitment", "location_of_exploitation"):
        location = values.get(name)
        country_field = name.replace("location_of", "country_of")
        if isinstance(location, Organisation) and not values.get(country_field):
            setattr(case_person, country_field, location.country)
            values = {**values, country_field: location.country}
    save_versioned(case_person, expected_version=expected_version, fields=list(values))
    _apply_codes(case_person, cleaned)
    if "trafficking_status" in values and values["trafficking_status"] != previous_status:
        TraffickingStatusChange.objects.create(
            case_person=case_person,
            status=values["trafficking_status"] or "",
            decision_making_org=case_person.trafficking_status_decision_making_org,
            changed_at=timezone.now(),
            changed_by=actor.user,
        )
    audit.record(
        actor=actor,
        action="case.context_update",
        target=case_person,
        subject=case,
        details={"fields": sorted(values), "code_fields": sorted(cleaned)},
    )
    return case_person


@transaction.atomic
def referral_detail_add(
    *,
    actor: Actor,
    case: Case,
    direction: str,
    organisation: Organisation | None,
    referral_date: dt.date | None,
    reason: str = "",
    primary_case_worker: str = "",
    details: str = "",
) -> CaseReferralDetail:
    """Record an incoming or outgoing referral of the case (HTCDS referral details)."""
    require_case_work(actor, case)
    errors: dict[str, list[str]] = {}
    if direction not in ReferralDirection.values:
        errors["direction"] = [_("Incoming or outgoing.")]
    if reason and reason not in ReasonForIncomingReferral.values:
        errors["reason"] = [_("%(value)s is not a known code.") % {"value": reason}]
    _validate_date(errors, "referral_date", referral_date, today=timezone.localdate())
    if errors:
        raise ValidationFailed(_("The referral details could not be saved."), fields=errors)
    detail = CaseReferralDetail.objects.create(
        case=case,
        direction=direction,
        organisation=organisation,
        referral_date=referral_date,
        reason=reason,
        primary_case_worker=primary_case_worker or None,
        details=details or None,
    )
    audit.record(
        actor=actor,
        action="case.referral_detail_add",
        target=detail,
        subject=case,
        details={"direction": direction},
    )
    return detail


@transaction.atomic
def case_close(
    *,
    actor: Actor,
    case: Case,
    closure_reason: str,
    details: str = "",
    closed_on: dt.date | None = None,
    status: str = CaseStatus.CLOSED,
    expected_version: int | None,
) -> Case:
    """Close a case with a reason (``Closed`` or ``ClosedReferred``)."""
    require_case_work(actor, case, Perm.CASE_CLOSE)
    errors: dict[str, list[str]] = {}
    if case.is_closed:
        errors["status"] = [_("The case is already closed.")]
    if closure_reason not in ClosureReason.values:
        errors["closure_reason"] = [_("Choose why the case is closing.")]
    if status not in CLOSED_STATUSES:
        errors["status"] = [_("Closed or closed (referred).")]
    closed_on = closed_on or timezone.localdate()
    _validate_date(errors, "closed_on", closed_on, today=timezone.localdate())
    if closed_on < case.opened_on:
        errors["closed_on"] = [_("A case cannot close before it was opened.")]
    if errors:
        raise ValidationFailed(_("The case could not be closed."), fields=errors)
    case.status = status
    case.closure_reason = closure_reason
    case.closure_details = details or None
    case.closed_on = closed_on
    save_versioned(
        case,
        expected_version=expected_version,
        fields=["status", "closure_reason", "closure_details", "closed_on"],
    )
    audit.record(
        actor=actor,
        action="case.close",
        target=case,
        details={"reason": closure_reason, "status": status},
    )
    return case


@transaction.atomic
def case_reopen(*, actor: Actor, case: Case, reason: str, expected_version: int | None) -> Case:
    """Reopen a closed case (the closure stays in the history)."""
    require_case_work(actor, case, Perm.CASE_CLOSE)
    if not case.is_closed:
        raise ValidationFailed(_("The case is open."), fields={"status": [_("The case is open.")]})
    if not reason.strip():
        raise ValidationFailed(
            _("Say why the case is reopened."), fields={"reason": [_("Required.")]}
        )
    case.status = CaseStatus.ACTIVE
    case.closure_reason = ""
    case.closure_details = None
    case.closed_on = None
    case.reopened_count += 1
    save_versioned(
        case,
        expected_version=expected_version,
        fields=["status", "closure_reason", "closure_details", "closed_on", "reopened_count"],
    )
    audit.record(actor=actor, action="case.reopen", target=case, reason=reason[:300])
    return case
