"""Prosecutions: proceedings, defendants, charges, verdicts, sentences, appeals, restitution and
compensation orders and their payments, hearings. Only prosecutors of the prosecuting service write;
investigators of the investigating agency read (see the scopes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max, Sum
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
from waypoint.common.errors import ActionDenied, InvalidTransition, NotVisible, ValidationFailed
from waypoint.enforcement import workflow
from waypoint.enforcement.choices import (
    GUILTY_OUTCOMES,
    AppealOutcome,
    Appellant,
    CompensationKind,
    HearingOutcome,
    HearingType,
    ProsecutionStatus,
    SentenceMeasure,
    VerdictOutcome,
)
from waypoint.enforcement.models import (
    Appeal,
    Charge,
    CompensationOrder,
    CompensationPayment,
    Defendant,
    Hearing,
    Investigation,
    Prosecution,
    Sentence,
    Statute,
    Suspect,
    Verdict,
    VictimParticipation,
)
from waypoint.enforcement.services.common import (
    EARLIEST_YEAR,
    Errors,
    add_error,
    check_amount,
    check_choice,
    check_codes,
    check_currency,
    check_not_before,
    check_past_date,
    check_text,
    create_with_reference,
    raise_if,
)

PROSECUTION_FIELDS = frozenset({"court", "court_case_number", "lead_prosecutor", "filed_on"})
MAX_MONTHS = 20000
CENT = Decimal("0.01")  # life imprisonment is recorded as 1200 months or more by some sources


def manageable_prosecution(actor: Actor, prosecution: Prosecution) -> Prosecution:
    """The prosecution, if the actor's service brings it (404 otherwise)."""
    require(actor, Perm.PROSECUTION_MANAGE)
    if not manageable_prosecutions(actor).filter(pk=prosecution.pk).exists():
        raise NotVisible()
    return prosecution


def _check_court(errors: Errors, name: str, court: Organisation | None) -> None:
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
    _check_court(errors, "court", court)
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
    _check_court(errors, "court", changes.get("court"))
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


def _move(prosecution: Prosecution, target: str, *, on: dt.date | None) -> None:
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
    _move(locked, status, on=concluded_on)
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
def verdict_record(*, actor: Actor, charge: Charge, outcome: str, decided_on: dt.date) -> Verdict:
    """Record the court's decision on one charge (once: an appeal records any later change)."""
    prosecution = manageable_prosecution(actor, charge.defendant.prosecution)
    errors: Errors = {}
    if outcome not in VerdictOutcome.values:
        add_error(errors, "outcome", _("Choose the outcome."))
    check_past_date(errors, "decided_on", decided_on, today=timezone.localdate(), required=True)
    check_not_before(
        errors,
        "decided_on",
        decided_on,
        charge.charged_on,
        _("A verdict cannot predate the charge."),
    )
    if Verdict.objects.filter(charge=charge).exists():
        add_error(
            errors, "outcome", _("A verdict is already recorded; record an appeal to change it.")
        )
    raise_if(errors, _("The verdict could not be recorded."))
    verdict = Verdict.objects.create(
        charge=charge, outcome=outcome, decided_on=decided_on, recorded_by=actor.user
    )
    audit.record(
        actor=actor,
        action="enforcement.verdict_record",
        target=verdict,
        subject=prosecution.investigation,
        details={"outcome": outcome, "charge": str(charge.public_id)},
    )
    return verdict


def is_convicted(defendant: Defendant) -> bool:
    """Guilty on a charge (trial or plea) or an acquittal overturned on appeal, and no conviction
    overturned since."""
    guilty = Verdict.objects.filter(charge__defendant=defendant, outcome__in=GUILTY_OUTCOMES)
    overturned = defendant.appeals.filter(outcome=AppealOutcome.ACQUITTAL_OVERTURNED)
    quashed = defendant.appeals.filter(outcome=AppealOutcome.CONVICTION_OVERTURNED)
    return (guilty.exists() or overturned.exists()) and not quashed.exists()


@transaction.atomic
def sentence_record(
    *,
    actor: Actor,
    defendant: Defendant,
    sentenced_on: dt.date,
    imprisonment_months: int | None = None,
    is_suspended: bool | None = None,
    fine_amount: Decimal | str | None = None,
    fine_currency: str = "",
    probation_months: int | None = None,
    other_measures: Sequence[str] = (),
    other_details: str = "",
    appeal: Appeal | None = None,
) -> Sentence:
    """Record the sentence of a convicted defendant (at first instance, or imposed on appeal)."""
    prosecution = manageable_prosecution(actor, defendant.prosecution)
    errors: Errors = {}
    if not is_convicted(defendant):
        add_error(errors, "defendant", _("Only a convicted defendant is sentenced."))
    check_past_date(errors, "sentenced_on", sentenced_on, today=timezone.localdate(), required=True)
    last_verdict = Verdict.objects.filter(charge__defendant=defendant).aggregate(
        last=Max("decided_on")
    )["last"]
    check_not_before(
        errors, "sentenced_on", sentenced_on, last_verdict, _("A sentence follows the verdict.")
    )
    for name, value in (
        ("imprisonment_months", imprisonment_months),
        ("probation_months", probation_months),
    ):
        if value is not None and not 0 <= value <= MAX_MONTHS:
            add_error(errors, name, _("Enter a number of months from 0 to 20000."))
    if is_suspended and not imprisonment_months:
        add_error(errors, "is_suspended", _("Only a prison term can be suspended."))
    amount = check_amount(errors, "fine_amount", fine_amount, required=False)
    if amount is not None:
        check_currency(errors, "fine_currency", fine_currency)
    measures = check_codes(errors, "other_measures", other_measures, SentenceMeasure.values)
    check_text(errors, "other_details", other_details, 2000)
    if imprisonment_months is None and amount is None and not probation_months and not measures:
        add_error(errors, "imprisonment_months", _("Record at least one part of the sentence."))
    if appeal is not None and appeal.defendant_id != defendant.pk:
        add_error(errors, "appeal", _("This appeal concerns another defendant."))
    raise_if(errors, _("The sentence could not be recorded."))
    sentence = Sentence.objects.create(
        defendant=defendant,
        appeal=appeal,
        sentenced_on=sentenced_on,
        imprisonment_months=imprisonment_months,
        is_suspended=is_suspended,
        fine_amount=amount,
        fine_currency=fine_currency if amount is not None else "",
        probation_months=probation_months,
        other_measures=sorted(measures),
        other_details=other_details or None,
        recorded_by=actor.user,
    )
    audit.record(
        actor=actor,
        action="enforcement.sentence_record",
        target=sentence,
        subject=prosecution.investigation,
        details={
            "defendant": str(defendant.public_id),
            "on_appeal": appeal is not None,
            "parts": sorted(
                name
                for name, value in (
                    ("imprisonment", imprisonment_months),
                    ("fine", amount),
                    ("probation", probation_months),
                    ("other", measures or None),
                )
                if value is not None
            ),
        },
    )
    return sentence


@transaction.atomic
def appeal_file(
    *,
    actor: Actor,
    defendant: Defendant,
    appellant: str,
    filed_on: dt.date,
    court: Organisation | None = None,
) -> Appeal:
    """Record an appeal against the judgment; the proceedings move on to appeal."""
    manageable_prosecution(actor, defendant.prosecution)
    prosecution = Prosecution.objects.select_for_update().get(pk=defendant.prosecution_id)
    errors: Errors = {}
    if appellant not in Appellant.values:
        add_error(errors, "appellant", _("Say who appeals."))
    check_past_date(errors, "filed_on", filed_on, today=timezone.localdate(), required=True)
    last_verdict = Verdict.objects.filter(charge__defendant=defendant).aggregate(
        last=Max("decided_on")
    )["last"]
    if last_verdict is None:
        add_error(errors, "defendant", _("There is no judgment to appeal yet."))
    check_not_before(
        errors, "filed_on", filed_on, last_verdict, _("An appeal follows the judgment.")
    )
    _check_court(errors, "court", court)
    if prosecution.status not in (ProsecutionStatus.JUDGMENT, ProsecutionStatus.APPEAL):
        add_error(
            errors,
            "prosecution",
            _("Record the judgment (status 'Judgment given') before an appeal."),
        )
    raise_if(errors, _("The appeal could not be recorded."))
    appeal = Appeal.objects.create(
        defendant=defendant,
        appellant=appellant,
        filed_on=filed_on,
        court=court,
        recorded_by=actor.user,
    )
    if prosecution.status != ProsecutionStatus.APPEAL:
        _move(prosecution, ProsecutionStatus.APPEAL, on=None)
        save_versioned(prosecution, expected_version=None, fields=["status"])
    audit.record(
        actor=actor,
        action="enforcement.appeal_file",
        target=appeal,
        subject=prosecution.investigation,
        details={"appellant": appellant, "defendant": str(defendant.public_id)},
    )
    return appeal


@transaction.atomic
def appeal_decide(*, actor: Actor, appeal: Appeal, outcome: str, decided_on: dt.date) -> Appeal:
    """Record the appeal court's decision."""
    prosecution = manageable_prosecution(actor, appeal.defendant.prosecution)
    locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
    errors: Errors = {}
    if locked.outcome != AppealOutcome.PENDING:
        add_error(errors, "outcome", _("This appeal is already decided."))
    if outcome not in AppealOutcome.values or outcome == AppealOutcome.PENDING:
        add_error(errors, "outcome", _("Choose the decision."))
    check_past_date(errors, "decided_on", decided_on, today=timezone.localdate(), required=True)
    check_not_before(
        errors, "decided_on", decided_on, locked.filed_on, _("A decision follows the appeal.")
    )
    raise_if(errors, _("The decision could not be recorded."))
    locked.outcome = outcome
    locked.decided_on = decided_on
    locked.save(update_fields=["outcome", "decided_on", "updated_at"])
    audit.record(
        actor=actor,
        action="enforcement.appeal_decide",
        target=locked,
        subject=prosecution.investigation,
        details={"outcome": outcome},
    )
    return locked


@transaction.atomic
def compensation_order_add(
    *,
    actor: Actor,
    defendant: Defendant,
    kind: str,
    amount: Decimal | str,
    currency: str,
    ordered_on: dt.date,
    beneficiary: VictimParticipation | None = None,
) -> CompensationOrder:
    """Record restitution or compensation ordered against a convicted defendant, optionally for one
    victim (named only by their witness code)."""
    prosecution = manageable_prosecution(actor, defendant.prosecution)
    errors: Errors = {}
    if kind not in CompensationKind.values:
        add_error(errors, "kind", _("Restitution or compensation."))
    checked = check_amount(errors, "amount", amount)
    check_currency(errors, "currency", currency)
    check_past_date(errors, "ordered_on", ordered_on, today=timezone.localdate(), required=True)
    if not is_convicted(defendant):
        add_error(errors, "defendant", _("An order follows a conviction."))
    if beneficiary is not None and (
        beneficiary.investigation_id != prosecution.investigation_id
        or beneficiary.ended_at is not None
    ):
        add_error(errors, "beneficiary", _("Choose a witness of this criminal case."))
    raise_if(errors, _("The order could not be recorded."))
    if checked is None:
        raise ValidationFailed(_("The order could not be recorded."))
    order = CompensationOrder.objects.create(
        defendant=defendant,
        kind=kind,
        amount=checked,
        currency=currency,
        ordered_on=ordered_on,
        beneficiary=beneficiary,
        recorded_by=actor.user,
    )
    audit.record(
        actor=actor,
        action="enforcement.order_add",
        target=order,
        subject=prosecution.investigation,
        details={"kind": kind, "currency": currency, "has_beneficiary": beneficiary is not None},
    )
    return order


@transaction.atomic
def compensation_payment_add(
    *, actor: Actor, order: CompensationOrder, amount: Decimal | str, paid_on: dt.date
) -> CompensationPayment:
    """Record a payment made under an order; payments never exceed the amount ordered."""
    prosecution = manageable_prosecution(actor, order.defendant.prosecution)
    locked = CompensationOrder.objects.select_for_update().get(pk=order.pk)
    errors: Errors = {}
    checked = check_amount(errors, "amount", amount)
    check_past_date(errors, "paid_on", paid_on, today=timezone.localdate(), required=True)
    check_not_before(
        errors, "paid_on", paid_on, locked.ordered_on, _("A payment follows the order.")
    )
    paid = Decimal(locked.payments.aggregate(total=Sum("amount"))["total"] or 0).quantize(CENT)
    if checked is not None and paid + checked > locked.amount:
        add_error(
            errors,
            "amount",
            _("Payments would exceed the %(amount)s %(currency)s ordered (%(paid)s paid so far).")
            % {"amount": locked.amount, "currency": locked.currency, "paid": paid},
        )
    raise_if(errors, _("The payment could not be recorded."))
    if checked is None:
        raise ValidationFailed(_("The payment could not be recorded."))
    payment = CompensationPayment.objects.create(
        order=locked, amount=checked, paid_on=paid_on, recorded_by=actor.user
    )
    audit.record(
        actor=actor,
        action="enforcement.payment_add",
        target=payment,
        subject=prosecution.investigation,
        details={"order": str(locked.public_id), "currency": locked.currency},
    )
    return payment


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
