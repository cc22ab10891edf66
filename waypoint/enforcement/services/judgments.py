"""Judgments: verdicts, sentences, appeals, restitution and compensation orders and payments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.accounts.models import Organisation
from waypoint.audit import services as audit
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import ValidationFailed
from waypoint.enforcement.choices import (
    GUILTY_OUTCOMES,
    AppealOutcome,
    Appellant,
    CompensationKind,
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
    Prosecution,
    Sentence,
    Verdict,
    VictimParticipation,
)
from waypoint.enforcement.services.common import (
    MAX_MONTHS,
    Errors,
    add_error,
    check_amount,
    check_codes,
    check_currency,
    check_not_before,
    check_past_date,
    check_text,
    raise_if,
)
from waypoint.enforcement.services.prosecutions import (
    check_court,
    manageable_prosecution,
    move_status,
)

CENT = Decimal("0.01")  # life imprisonment is recorded as 1200 months or more by some sources


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
    check_court(errors, "court", court)
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
        move_status(prosecution, ProsecutionStatus.APPEAL, on=None)
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
