"""What follows a completed screening: create or link the person and the case, record the person's
consent to referral, or — for an adult who declines — an anonymous notification that still counts.

The referral itself belongs to the NRM workflow (``waypoint.referrals``); the screening records the
recommended next step and where it stands (``referral_status``), which that workflow reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.cases import visible_cases
from waypoint.access.scopes.screening import visible_screenings
from waypoint.audit import services as audit
from waypoint.cases.choices import PersonRole, TypeOfExploitation
from waypoint.cases.models import Case, CasePerson
from waypoint.cases.services import case_open, case_person_add, victim_context_update
from waypoint.common import countries
from waypoint.common.errors import ActionDenied, NotVisible, ValidationFailed
from waypoint.people.choices import AgeBand, ConsentGivenBy, ConsentPurpose, Gender
from waypoint.people.models import Person
from waypoint.people.services import consent_record, person_create
from waypoint.screening.choices import NextStep, ReferralStatus, ScreeningStatus
from waypoint.screening.models import AnonymousNotification, Screening

NOTIFICATION_FIELDS = frozenset(
    {
        "notified_on",
        "gender",
        "age_band",
        "nationality",
        "exploitation_types",
        "country_of_exploitation",
    }
)


def _locked_completed(actor: Actor, screening: Screening) -> Screening:
    """A completed screening of the actor's organisation that the actor may act on: the person
    who conducted it, or anyone of the organisation who conducts screenings and sees it."""
    require(actor, Perm.SCREENING_CONDUCT)
    if not visible_screenings(actor).filter(pk=screening.pk).exists():
        raise NotVisible()
    locked = Screening.objects.select_for_update().get(pk=screening.pk)
    if actor.organisation is None or locked.organisation_id != actor.organisation.pk:
        raise ActionDenied(_("Only the organisation that made the screening can act on it."))
    if locked.status != ScreeningStatus.SUBMITTED:
        raise ValidationFailed(_("Finish the screening first."))
    return locked


@transaction.atomic
def screening_person_case_create(
    *,
    actor: Actor,
    screening: Screening,
    person_values: Mapping[str, Any] | None = None,
    person: Person | None = None,
) -> Screening:
    """Open a case for the person as a victim and link both to the screening. The person is
    either recorded now from ``person_values`` (identifying values encrypted; the age band and
    interview language carried over) or an existing ``person`` the actor can see. The suspected
    exploitation types become the victim context of the case."""
    locked = _locked_completed(actor, screening)
    if locked.person_id or locked.case_id:
        raise ValidationFailed(_("This screening is already linked to a person or a case."))
    if person is None:
        values = dict(person_values or {})
        values.setdefault("age_band", locked.age_band)
        values.setdefault("is_age_uncertain", locked.is_age_uncertain)
        if locked.interview_language and locked.interview_language != "und":
            values.setdefault("primary_language", locked.interview_language)
        person = person_create(actor=actor, values=values)
        created = ["person", "case"]
    else:
        created = ["case"]
    case = case_open(actor=actor, persons=[(person, PersonRole.VICTIM)])
    if locked.exploitation_types:
        link = CasePerson.objects.get(case=case, person=person, role=PersonRole.VICTIM)
        victim_context_update(
            actor=actor,
            case_person=link,
            values={"is_child_when_exploited": locked.is_child},
            codes={"vic_TypeOfExploitation": locked.exploitation_types},
            expected_version=link.version,
        )
    locked.person = person
    locked.case = case
    locked.save(update_fields=["person", "case", "updated_at"])
    audit.record(
        actor=actor,
        action="screening.link",
        target=locked,
        subject=case,
        details={"created": created, "case": case.reference},
    )
    return locked


@transaction.atomic
def screening_link(
    *, actor: Actor, screening: Screening, case: Case, person: Person | None = None
) -> Screening:
    """Link the screening to an existing case you can see, and to a person: one named (added to
    the case as a victim when not in it yet), or else the case's only victim."""
    locked = _locked_completed(actor, screening)
    if not visible_cases(actor).filter(pk=case.pk).exists():
        raise NotVisible()
    links = CasePerson.objects.filter(case=case)
    if person is None:
        victims = [
            link.person for link in links.filter(role=PersonRole.VICTIM).select_related("person")
        ]
        person = victims[0] if len(victims) == 1 else None
    elif not links.filter(person=person).exists():
        case_person_add(actor=actor, case=case, person=person, role=PersonRole.VICTIM)
    locked.case = case
    locked.person = person
    locked.save(update_fields=["person", "case", "updated_at"])
    audit.record(
        actor=actor,
        action="screening.link",
        target=locked,
        subject=case,
        details={"case": case.reference, "person": str(person.public_id) if person else ""},
    )
    return locked


@transaction.atomic
def screening_consent_record(
    *,
    actor: Actor,
    screening: Screening,
    is_given: bool,
    given_by: str = ConsentGivenBy.PERSON,
    notes: str = "",
) -> Screening:
    """Record the person's consent to (or refusal of) referral, with the interview's language and
    interpreter, and move the screening's referral status accordingly."""
    locked = _locked_completed(actor, screening)
    if locked.person is None:
        raise ValidationFailed(
            _("Record or link the person first: consent belongs to a person."),
            fields={"person": [_("No person is linked to this screening.")]},
        )
    language = locked.interview_language if locked.interview_language != "und" else ""
    record = consent_record(
        actor=actor,
        person=locked.person,
        purpose=ConsentPurpose.REFERRAL,
        is_given=is_given,
        case=locked.case,
        given_by=given_by,
        language=language,
        is_interpreter_present=locked.is_interpreter_present,
        interpreter_name=locked.interpreter_name or "",
        notes=notes,
    )
    locked.consent = record
    if is_given:
        locked.referral_status = ReferralStatus.REFERRAL_CONSENTED
    elif not locked.is_child:
        locked.referral_status = ReferralStatus.REFERRAL_DECLINED
    locked.save(update_fields=["consent", "referral_status", "updated_at"])
    audit.record(
        actor=actor,
        action="screening.consent",
        target=locked,
        subject=locked.case or locked,
        details={"is_given": is_given, "given_by": given_by},
    )
    return locked


def _clean_notification(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {
        name: [_("Unknown field.")] for name in sorted(set(values) - NOTIFICATION_FIELDS)
    }
    cleaned = {name: values.get(name) for name in NOTIFICATION_FIELDS}
    notified_on = cleaned["notified_on"] or timezone.localdate()
    if not isinstance(notified_on, dt.date) or notified_on > timezone.localdate():
        errors["notified_on"] = [_("Enter a date that is not in the future.")]
    cleaned["notified_on"] = notified_on
    for name, allowed in (("gender", Gender.values), ("age_band", AgeBand.values)):
        value = cleaned[name] or ""
        if value and value not in allowed:
            errors[name] = [_("%(value)s is not a known code.") % {"value": value}]
        cleaned[name] = value
    for name in ("nationality", "country_of_exploitation"):
        value = str(cleaned[name] or "").upper()
        if value and not (countries.is_country(value) or value == countries.UNKNOWN):
            errors[name] = [_("Use an ISO 3166 two-letter country code.")]
        cleaned[name] = value
    types = cleaned["exploitation_types"] or []
    unknown = sorted({str(code) for code in types} - set(TypeOfExploitation.values))
    if unknown:
        errors["exploitation_types"] = [
            _("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)}
        ]
    cleaned["exploitation_types"] = sorted({str(code) for code in types})
    return cleaned, errors


@transaction.atomic
def anonymous_notification_create(
    *, actor: Actor, screening: Screening, values: Mapping[str, Any]
) -> AnonymousNotification:
    """Count an adult who declined referral without identifying them: date, organisation,
    sex/gender, age band, nationality, exploitation types, country of exploitation and the
    screening's outcome. No name, note, case or person is stored with it."""
    require(actor, Perm.ANONYMOUS_NOTIFICATION_CREATE)
    locked = _locked_completed(actor, screening)
    if locked.is_child:
        raise ValidationFailed(
            _(
                "A child is safeguarded and referred without needing consent; an anonymous "
                "notification is only for an adult who declines referral."
            )
        )
    if locked.anonymous_notification_id:
        raise ValidationFailed(_("An anonymous notification was already made for this screening."))
    if locked.consent is not None and locked.consent.is_active:
        raise ValidationFailed(
            _("The person consented to referral: refer them instead of notifying anonymously.")
        )
    defaults = {
        "age_band": locked.age_band,
        "exploitation_types": locked.exploitation_types,
    }
    cleaned, errors = _clean_notification({**defaults, **values})
    if errors:
        raise ValidationFailed(_("The notification could not be recorded."), fields=errors)
    notification = AnonymousNotification.objects.create(
        organisation=locked.organisation, outcome=locked.outcome, **cleaned
    )
    locked.anonymous_notification = notification
    locked.referral_status = ReferralStatus.ANONYMOUS_NOTIFICATION
    locked.save(update_fields=["anonymous_notification", "referral_status", "updated_at"])
    audit.record(
        actor=actor,
        action="screening.anonymous_notification",
        target=notification,
        details={
            "fields": sorted(name for name, value in cleaned.items() if value),
            "outcome": locked.outcome,
        },
    )
    return notification


def is_referral_recommended(screening: Screening) -> bool:
    return screening.next_step in (
        NextStep.REFER_AS_PRESUMED_VICTIM,
        NextStep.REFER_FOR_ASSESSMENT,
        NextStep.SAFEGUARDING_REFERRAL,
    )
