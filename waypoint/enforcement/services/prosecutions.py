"""Prosecutions: proceedings, defendants, charges, verdicts, sentences, appeals, restitution and
compensation orders and their payments, hearings. Only prosecutors of the prosecuting service write;
investigators of the investigating agency read (see the scopes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm, Role
from waypoint.access.scopes.enforcement import manageable_prosecutions, visible_investigations
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.models import Membership, Organisation, User
from waypoint.audit import services as audit
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ActionDenied, InvalidTransition, NotVisible
from waypoint.enforcement import workflow
from waypoint.enforcement.choices import (
    HearingOutcome,
    HearingType,
    ProsecutionStatus,
)
from waypoint.enforcement.models import (
    Charge,
    Defendant,
    Hearing,
    Investigation,
    Prosecution,
    Statute,
    Suspect,
)
from waypoint.enforcement.services.common import (
    EARLIEST_YEAR,
    Errors,
    add_error,
    check_choice,
    check_not_before,
    check_past_date,
    check_text,
    create_with_reference,
    raise_if,
)

PROSECUTION_FIELDS = frozenset({"court", "court_case_number", "lead_prosecutor", "filed_on"})


def manageable_prosecution(actor: Actor, prosecution: Prosecution) -> Prosecution:
    """The prosecution, if the actor's service brings it (404 otherwise)."""
    require(actor, Perm.PROSECUTION_MANAGE)
    if not manageable_prosecutions(actor).filter(pk=prosecution.pk).exists():
        raise NotVisible()
    return prosecution


def check_court(errors: Errors, name: str, court: Organisation | None) -> None:
    if court is not None and (court.org_type != OrganisationType.JUDICIARY or not court.is_active):
        add_error(errors, name, _("Choose an active court (an organisation of the judiciary)."))


def _check_lead(errors: Errors, organisation: Organisation, user: User | None) -> None:
    if (
        user is not None
        and not Membership.objects.filter(
            user=user, organisation=organisation, role=Role.PROSECUTOR, is_active=True
        ).exists()
    ):
        add_error(errors, "lead_prosecutor", _("Not a prosecutor of this service."))


@transaction.atomic
def prosecution_open(
    *,
    actor: Actor,
    investigation: Investigation,
    filed_on: dt.date,
    court: Organisation | None = None,
    court_case_number: str = "",
    lead_prosecutor: User | None = None,
) -> Prosecution:
    """Bring proceedings on an investigation handed to the actor's prosecution service."""
    require(actor, Perm.PROSECUTION_MANAGE)
    if actor.organisation is None or not actor.has_role(Role.PROSECUTOR):
        raise ActionDenied(_("Only a prosecutor of a prosecution service brings proceedings."))
    organisation = actor.organisation
    if not visible_investigations(actor).filter(pk=investigation.pk).exists():
        raise NotVisible()
    errors: Errors = {}
    check_past_date(errors, "filed_on", filed_on, today=timezone.localdate(), required=True)
    check_not_before(
        errors,
        "filed_on",
        filed_on,
        investigation.opened_on,
        _("Proceedings cannot start before the investigation opened."),
    )
    check_court(errors, "court", court)
    _check_lead(errors, organisation, lead_prosecutor)
    check_text(errors, "court_case_number", court_case_number, 60)
    raise_if(errors, _("The prosecution could not be opened."))
    prosecution = create_with_reference(
        lambda reference: Prosecution.objects.create(
            reference=reference,
            investigation=investigation,
            prosecuting_organisation=organisation,
            court=court,
            court_case_number=court_case_number.strip() or None,
            lead_prosecutor=lead_prosecutor or actor.user,
            filed_on=filed_on,
            created_by=actor.user,
        ),
        "PRS",
    )
    audit.record(
        actor=actor,
        action="enforcement.prosecution_open",
        target=prosecution,
        subject=investigation,
        details={"court": str(court.public_id) if court else ""},
    )
    return prosecution


@transaction.atomic
def prosecution_update(
    *,
    actor: Actor,
    prosecution: Prosecution,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> Prosecution:
    """Change the court, the court case number, the lead prosecutor or the date proceedings began."""
    manageable_prosecution(actor, prosecution)
    errors: Errors = {}
    for name in sorted(set(changes) - PROSECUTION_FIELDS):
        add_error(errors, name, _("This field cannot be changed here."))
    if "filed_on" in changes:
        check_past_date(
            errors, "filed_on", changes["filed_on"], today=timezone.localdate(), required=True
        )
    check_court(errors, "court", changes.get("court"))
    _check_lead(errors, prosecution.prosecuting_organisation, changes.get("lead_prosecutor"))
    check_text(errors, "court_case_number", changes.get("court_case_number"), 60)
    raise_if(errors, _("The prosecution could not be saved."))
    for name, value in changes.items():
        if name == "court_case_number":
            setattr(prosecution, name, (value or "").strip() or None)
        else:
            setattr(prosecution, name, value)
    save_versioned(prosecution, expected_version=expected_version, fields=list(changes))
    audit.record(
        actor=actor,
        action="enforcement.prosecution_update",
        target=prosecution,
        subject=prosecution.investigation,
        details={"fields": sorted(changes)},
    )
    return prosecution


def move_status(prosecution: Prosecution, target: str, *, on: dt.date | None) -> None:
    if not workflow.can_move(prosecution.status, target):
        raise InvalidTransition(
            _("A prosecution that is '%(current)s' cannot become '%(target)s'.")
            % {
                "current": ProsecutionStatus(prosecution.status).label,
                "target": ProsecutionStatus(target).label,
            }
        )
    prosecution.status = target
    if target in workflow.FINAL_STATES:
        prosecution.concluded_on = on or timezone.localdate()


@transaction.atomic
def prosecution_set_status(
    *,
    actor: Actor,
    prosecution: Prosecution,
    status: str,
    concluded_on: dt.date | None = None,
    expected_version: int | None,
) -> Prosecution:
    """Move the proceedings to their next stage (see ``workflow.TRANSITIONS``)."""
    manageable_prosecution(actor, prosecution)
    locked = Prosecution.objects.select_for_update().get(pk=prosecution.pk)
    errors: Errors = {}
    if status not in ProsecutionStatus.values:
        add_error(errors, "status", _("Unknown status."))
    check_past_date(errors, "concluded_on", concluded_on, today=timezone.localdate())
    check_not_before(
        errors,
        "concluded_on",
        concluded_on,
        locked.filed_on,
        _("Proceedings cannot end before they started."),
    )
    raise_if(errors, _("The status could not be changed."))
    previous = locked.status
    move_status(locked, status, on=concluded_on)
    save_versioned(locked, expected_version=expected_version, fields=["status", "concluded_on"])
    audit.record(
        actor=actor,
        action="enforcement.prosecution_status",
        target=locked,
        subject=locked.investigation,
        details={"from": previous, "to": status},
    )
    return locked


@transaction.atomic
def defendant_add(*, actor: Actor, prosecution: Prosecution, suspect: Suspect) -> Defendant:
    """Bring a suspect of the investigation before the court in this prosecution."""
    manageable_prosecution(actor, prosecution)
    errors: Errors = {}
    if suspect.investigation_id != prosecution.investigation_id:
        add_error(errors, "suspect", _("Choose a suspect of this investigation."))
    elif Defendant.objects.filter(prosecution=prosecution, suspect=suspect).exists():
        add_error(errors, "suspect", _("This suspect is already a defendant here."))
    if prosecution.status in workflow.FINAL_STATES:
        add_error(errors, "prosecution", _("The proceedings have ended."))
    raise_if(errors, _("The defendant could not be added."))
    defendant = Defendant.objects.create(prosecution=prosecution, suspect=suspect)
    audit.record(
        actor=actor,
        action="enforcement.defendant_add",
        target=defendant,
        subject=prosecution.investigation,
        details={"suspect": str(suspect.public_id)},
    )
    return defendant


@transaction.atomic
def charge_add(
    *,
    actor: Actor,
    defendant: Defendant,
    statute: Statute,
    charged_on: dt.date,
    counts: int | None = None,
) -> Charge:
    """Charge a defendant under a statute."""
    prosecution = manageable_prosecution(actor, defendant.prosecution)
    errors: Errors = {}
    if not statute.is_active:
        add_error(errors, "statute", _("This statute is no longer in use."))
    check_past_date(errors, "charged_on", charged_on, today=timezone.localdate(), required=True)
    check_not_before(
        errors,
        "charged_on",
        charged_on,
        prosecution.investigation.opened_on,
        _("A charge cannot predate the investigation."),
    )
    if counts is not None and not 1 <= counts <= 999:
        add_error(errors, "counts", _("Enter a number of counts from 1 to 999."))
    raise_if(errors, _("The charge could not be recorded."))
    charge = Charge.objects.create(
        defendant=defendant, statute=statute, charged_on=charged_on, counts=counts
    )
    audit.record(
        actor=actor,
        action="enforcement.charge_add",
        target=charge,
        subject=prosecution.investigation,
        details={"statute": f"{statute.country}:{statute.code}", "counts": counts},
    )
    return charge


@transaction.atomic
def hearing_schedule(
    *,
    actor: Actor,
    prosecution: Prosecution,
    hearing_type: str,
    hearing_date: dt.date,
    hearing_time: dt.time | None = None,
) -> Hearing:
    """Schedule (or record) a hearing; people following the case are reminded before it."""
    manageable_prosecution(actor, prosecution)
    errors: Errors = {}
    if hearing_type not in HearingType.values:
        add_error(errors, "hearing_type", _("Choose the kind of hearing."))
    if hearing_date.year < EARLIEST_YEAR:
        add_error(errors, "hearing_date", _("The date is before 1950."))
    else:
        check_not_before(
            errors,
            "hearing_date",
            hearing_date,
            prosecution.filed_on,
            _("A hearing cannot predate the proceedings."),
        )
    raise_if(errors, _("The hearing could not be scheduled."))
    hearing = Hearing.objects.create(
        prosecution=prosecution,
        hearing_type=hearing_type,
        hearing_date=hearing_date,
        hearing_time=hearing_time,
        created_by=actor.user,
    )
    audit.record(
        actor=actor,
        action="enforcement.hearing_schedule",
        target=hearing,
        subject=prosecution.investigation,
        details={"type": hearing_type, "date": hearing_date.isoformat()},
    )
    return hearing


@transaction.atomic
def hearing_record_outcome(*, actor: Actor, hearing: Hearing, outcome: str) -> Hearing:
    """Say whether the hearing was held, adjourned or cancelled."""
    prosecution = manageable_prosecution(actor, hearing.prosecution)
    errors: Errors = {}
    check_choice(errors, "outcome", outcome, HearingOutcome.values)
    if not outcome:
        add_error(errors, "outcome", _("Choose what happened."))
    if outcome == HearingOutcome.HELD and hearing.hearing_date > timezone.localdate():
        add_error(errors, "outcome", _("A hearing in the future cannot have been held."))
    raise_if(errors, _("The hearing could not be updated."))
    hearing.outcome = outcome
    hearing.save(update_fields=["outcome", "updated_at"])
    audit.record(
        actor=actor,
        action="enforcement.hearing_outcome",
        target=hearing,
        subject=prosecution.investigation,
        details={"outcome": outcome},
    )
    return hearing
