"""Erasure requests (requested → approved by a second person → carried out) and retention runs."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.cases import visible_persons
from waypoint.access.scopes.retention import visible_erasure_requests
from waypoint.audit import services as audit
from waypoint.cases.choices import CLOSED_STATUSES
from waypoint.cases.models import Case, Document
from waypoint.common import countries
from waypoint.common.errors import NotVisible, ValidationFailed
from waypoint.people.models import Person
from waypoint.retention import erasure
from waypoint.retention.choices import ErasureStatus, RecordType
from waypoint.retention.models import ErasureRequest, RetentionRun, RetentionSchedule


@transaction.atomic
def erasure_request_create(*, actor: Actor, person: Person, reason: str) -> ErasureRequest:
    """Ask for a person's identifying data to be erased (e.g. the person asked, GDPR art. 17)."""
    require(actor, Perm.ERASURE_REQUEST)
    if actor.organisation is None or not visible_persons(actor).filter(pk=person.pk).exists():
        raise NotVisible()
    if not reason.strip():
        raise ValidationFailed(
            _("Say why the data must be erased."), fields={"reason": [_("Required.")]}
        )
    if person.is_deidentified:
        raise ValidationFailed(_("This person's identifying data has already been erased."))
    if ErasureRequest.objects.filter(person=person, status=ErasureStatus.REQUESTED).exists():
        raise ValidationFailed(
            _("An erasure request for this person is already waiting for approval.")
        )
    request = ErasureRequest.objects.create(
        person=person,
        person_reference=str(person.public_id),
        reason=reason.strip(),
        requested_by=actor.user,
        requested_for=actor.organisation,
    )
    audit.record(actor=actor, action="retention.erasure_request", target=request, subject=person)
    return request


@transaction.atomic
def erasure_request_decide(
    *, actor: Actor, request: ErasureRequest, approve: bool, note: str = ""
) -> ErasureRequest:
    """A second person (data protection officer / auditor) approves or rejects; approval erases at once."""
    require(actor, Perm.ERASURE_APPROVE)
    if not visible_erasure_requests(actor).filter(pk=request.pk).exists():
        raise NotVisible()
    locked = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != ErasureStatus.REQUESTED:
        raise ValidationFailed(_("This request has already been decided."))
    if actor.user is not None and locked.requested_by_id == actor.user.pk:
        raise ValidationFailed(
            _("The person who asked for the erasure cannot approve it: a second person must.")
        )
    if not approve and not note.strip():
        raise ValidationFailed(
            _("Say why the request is rejected."), fields={"note": [_("Required.")]}
        )
    locked.decided_by = actor.user
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip() or None
    if not approve:
        locked.status = ErasureStatus.REJECTED
        locked.save(
            update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
        )
        audit.record(actor=actor, action="retention.erasure_reject", target=locked)
        return locked
    report = erasure.ErasureReport()
    if locked.person is not None:
        erasure.erase_person(locked.person, report)
    locked.status = ErasureStatus.EXECUTED
    locked.executed_at = timezone.now()
    locked.report = report.as_dict()
    locked.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "executed_at",
            "report",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action="retention.erasure_execute",
        target_type="people.person",
        target_id=locked.person_reference,
        details=report.as_dict(),
    )
    return locked


@transaction.atomic
def retention_schedule_save(
    *, actor: Actor, country: str, record_type: str, keep_months: int, legal_basis: str = ""
) -> RetentionSchedule:
    """Set how long a kind of record is kept after its case closes (replaces the active schedule)."""
    require(actor, Perm.RETENTION_MANAGE)
    errors: dict[str, list[str]] = {}
    if not countries.is_country(country):
        errors["country"] = [_("Use an ISO 3166 two-letter country code.")]
    if record_type not in RecordType.values:
        errors["record_type"] = [_("Unknown kind of record.")]
    if not 1 <= keep_months <= 1200:
        errors["keep_months"] = [_("Enter a number of months from 1 to 1200.")]
    if errors:
        raise ValidationFailed(_("The schedule could not be saved."), fields=errors)
    RetentionSchedule.objects.filter(
        country=country, record_type=record_type, is_active=True
    ).update(is_active=False)
    schedule = RetentionSchedule.objects.create(
        country=country,
        record_type=record_type,
        keep_months=keep_months,
        legal_basis=legal_basis,
        changed_by=actor.user,
    )
    audit.record(
        actor=actor,
        action="retention.schedule_save",
        target=schedule,
        details={"country": country, "record_type": record_type, "keep_months": keep_months},
    )
    return schedule


def _months_before(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = min(today.day, 28)
    return dt.date(year, month + 1, day)


@transaction.atomic
def retention_apply(*, actor: Actor, today: dt.date | None = None) -> RetentionRun:
    """Apply the deployment country's active schedules to cases closed long enough ago."""
    today = today or timezone.localdate()
    report = erasure.ErasureReport()
    cases_touched: dict[str, int] = {}
    for schedule in RetentionSchedule.objects.filter(
        country=settings.WAYPOINT_COUNTRY, is_active=True
    ):
        cutoff = _months_before(today, schedule.keep_months)
        due = Case.objects.filter(status__in=list(CLOSED_STATUSES), closed_on__lte=cutoff)
        if schedule.record_type == RecordType.CASE_DOCUMENTS:
            erasure.delete_documents(Document.objects.filter(case__in=due), report)
            cases_touched[schedule.record_type] = due.count()
        elif schedule.record_type == RecordType.CASE_NOTES:
            for case in due.filter(Q(notes__isnull=False) | Q(is_deidentified=False)).distinct():
                erasure.erase_case_free_text(case, report)
            cases_touched[schedule.record_type] = due.count()
        elif schedule.record_type == RecordType.CASE_IDENTIFYING:
            # A person is erased only when every case they are in is closed and past the cutoff.
            persons = Person.objects.filter(
                case_links__case__in=due, is_deidentified=False
            ).distinct()
            erased = 0
            for person in persons:
                open_or_recent = person.case_links.exclude(case__in=due).exists()
                if not open_or_recent:
                    erasure.erase_person(person, report)
                    erased += 1
            cases_touched[schedule.record_type] = erased
    run = RetentionRun.objects.create(
        ran_at=timezone.now(), report={**report.as_dict(), "applied": cases_touched}
    )
    audit.record(actor=actor, action="retention.apply", target=run, details=run.report)
    return run
