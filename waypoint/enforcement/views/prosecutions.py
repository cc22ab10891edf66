"""Pages of prosecutions: proceedings, defendants, charges, verdicts, sentences, appeals, orders,
payments and hearings. Prosecutors of the prosecuting service write; investigators read."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm, Role
from waypoint.enforcement import forms, selectors, services, workflow
from waypoint.enforcement.views.common import expected_version, form_page


def _prosecution_url(prosecution, anchor=""):
    return reverse("enforcement:prosecution", args=[prosecution.public_id]) + anchor


def _prosecution_form(request, data=None, initial=None):
    return forms.ProsecutionForm(
        data,
        initial=initial,
        courts=selectors.courts(actor=request.actor),
        prosecutors=selectors.colleagues_with_role(actor=request.actor, role=Role.PROSECUTOR),
    )


@requires(Perm.PROSECUTION_MANAGE)
def prosecution_create(request, public_id):
    investigation = selectors.investigation_get(actor=request.actor, public_id=public_id)
    form = _prosecution_form(
        request, request.POST or None, initial={"filed_on": timezone.localdate()}
    )

    def save(data):
        prosecution = services.prosecution_open(
            actor=request.actor,
            investigation=investigation,
            filed_on=data["filed_on"],
            court=data["court"],
            court_case_number=data["court_case_number"],
            lead_prosecutor=data["lead_prosecutor"],
        )
        return _prosecution_url(prosecution)

    return form_page(
        request,
        form,
        title=_("Bring proceedings on %(reference)s") % {"reference": investigation.reference},
        back=reverse("enforcement:detail", args=[investigation.public_id]),
        save=save,
        success=_("Prosecution opened."),
        submit=_("Open prosecution"),
    )


@requires(Perm.PROSECUTION_VIEW)
def prosecution_detail(request, public_id):
    actor = request.actor
    prosecution = selectors.prosecution_get(actor=actor, public_id=public_id)
    defendants = selectors.prosecution_defendants(actor=actor, prosecution=prosecution)
    return render(
        request,
        "enforcement/prosecution.html",
        {
            "prosecution": prosecution,
            "defendants": defendants,
            "hearings": prosecution.hearings.all(),
            "can_manage": selectors.can_manage_prosecution(actor, prosecution),
            "next_states": workflow.next_states(prosecution.status),
            "sentence_summary": selectors.sentence_summary,
        },
    )


@requires(Perm.PROSECUTION_MANAGE)
def prosecution_edit(request, public_id):
    prosecution = selectors.prosecution_get(actor=request.actor, public_id=public_id)
    form = _prosecution_form(
        request,
        request.POST or None,
        initial={
            "filed_on": prosecution.filed_on,
            "court": prosecution.court,
            "court_case_number": prosecution.court_case_number or "",
            "lead_prosecutor": prosecution.lead_prosecutor,
        },
    )

    def save(data):
        services.prosecution_update(
            actor=request.actor,
            prosecution=prosecution,
            changes={
                name: data[name]
                for name in ("court", "court_case_number", "lead_prosecutor", "filed_on")
            },
            expected_version=expected_version(request),
        )
        return _prosecution_url(prosecution)

    return form_page(
        request,
        form,
        title=_("Edit prosecution %(reference)s") % {"reference": prosecution.reference},
        back=_prosecution_url(prosecution),
        save=save,
        success=_("Prosecution saved."),
        submit=_("Save"),
        version=prosecution.version,
    )


@requires(Perm.PROSECUTION_MANAGE)
def prosecution_status(request, public_id):
    prosecution = selectors.prosecution_get(actor=request.actor, public_id=public_id)
    form = forms.StatusForm(request.POST or None, states=workflow.next_states(prosecution.status))

    def save(data):
        services.prosecution_set_status(
            actor=request.actor,
            prosecution=prosecution,
            status=data["status"],
            concluded_on=data["concluded_on"],
            expected_version=expected_version(request),
        )
        return _prosecution_url(prosecution)

    return form_page(
        request,
        form,
        title=_("Change the status of %(reference)s") % {"reference": prosecution.reference},
        intro=_("Now: %(status)s.") % {"status": prosecution.get_status_display()},
        back=_prosecution_url(prosecution),
        save=save,
        success=_("Status changed."),
        submit=_("Change status"),
        version=prosecution.version,
    )


@requires(Perm.PROSECUTION_MANAGE)
def defendant_add(request, public_id):
    prosecution = selectors.prosecution_get(actor=request.actor, public_id=public_id)
    suspects = selectors.suspects_of(
        actor=request.actor, investigation=prosecution.investigation
    ).exclude(defendants__prosecution=prosecution)
    form = forms.DefendantForm(request.POST or None, suspects=suspects)

    def save(data):
        services.defendant_add(
            actor=request.actor, prosecution=prosecution, suspect=data["suspect"]
        )
        return _prosecution_url(prosecution, "#defendants")

    return form_page(
        request,
        form,
        title=_("Add a defendant"),
        back=_prosecution_url(prosecution),
        save=save,
        success=_("Defendant added."),
        submit=_("Add defendant"),
    )


@requires(Perm.PROSECUTION_MANAGE)
def charge_add(request, public_id):
    defendant = selectors.defendant_get(actor=request.actor, public_id=public_id)
    form = forms.ChargeForm(
        request.POST or None,
        initial={"charged_on": timezone.localdate()},
        statutes=selectors.statute_list(actor=request.actor),
    )

    def save(data):
        services.charge_add(
            actor=request.actor,
            defendant=defendant,
            statute=data["statute"],
            charged_on=data["charged_on"],
            counts=data["counts"],
        )
        return _prosecution_url(defendant.prosecution, "#defendants")

    return form_page(
        request,
        form,
        title=_("Charge %(name)s") % {"name": defendant.suspect.person.display_name},
        back=_prosecution_url(defendant.prosecution),
        save=save,
        success=_("Charge recorded."),
        submit=_("Record charge"),
    )


@requires(Perm.PROSECUTION_MANAGE)
def verdict_record(request, public_id):
    charge = selectors.charge_get(actor=request.actor, public_id=public_id)
    form = forms.VerdictForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    statute = str(charge.statute) if charge.statute else charge.external_statute_code

    def save(data):
        services.verdict_record(
            actor=request.actor,
            charge=charge,
            outcome=data["outcome"],
            decided_on=data["decided_on"],
        )
        return _prosecution_url(charge.defendant.prosecution, "#defendants")

    return form_page(
        request,
        form,
        title=_("Verdict for %(name)s under %(statute)s")
        % {"name": charge.defendant.suspect.person.display_name, "statute": statute},
        back=_prosecution_url(charge.defendant.prosecution),
        save=save,
        success=_("Verdict recorded."),
        submit=_("Record verdict"),
    )


@requires(Perm.PROSECUTION_MANAGE)
def sentence_add(request, public_id):
    defendant = selectors.defendant_get(actor=request.actor, public_id=public_id)
    form = forms.SentenceForm(
        request.POST or None,
        initial={"sentenced_on": timezone.localdate(), "fine_currency": forms.default_currency()},
        appeals=defendant.appeals.exclude(outcome="pending"),
    )

    def save(data):
        services.sentence_record(
            actor=request.actor,
            defendant=defendant,
            sentenced_on=data["sentenced_on"],
            imprisonment_months=data["imprisonment_months"],
            is_suspended=data["is_suspended"] if data["imprisonment_months"] else None,
            fine_amount=data["fine_amount"],
            fine_currency=data["fine_currency"],
            probation_months=data["probation_months"],
            other_measures=data["other_measures"],
            other_details=data["other_details"],
            appeal=data["appeal"],
        )
        return _prosecution_url(defendant.prosecution, "#defendants")

    return form_page(
        request,
        form,
        title=_("Sentence of %(name)s") % {"name": defendant.suspect.person.display_name},
        back=_prosecution_url(defendant.prosecution),
        save=save,
        success=_("Sentence recorded."),
        submit=_("Record sentence"),
    )


@requires(Perm.PROSECUTION_MANAGE)
def appeal_add(request, public_id):
    defendant = selectors.defendant_get(actor=request.actor, public_id=public_id)
    form = forms.AppealForm(
        request.POST or None,
        initial={"filed_on": timezone.localdate()},
        courts=selectors.courts(actor=request.actor),
    )

    def save(data):
        services.appeal_file(
            actor=request.actor,
            defendant=defendant,
            appellant=data["appellant"],
            filed_on=data["filed_on"],
            court=data["court"],
        )
        return _prosecution_url(defendant.prosecution, "#defendants")

    return form_page(
        request,
        form,
        title=_("Appeal concerning %(name)s") % {"name": defendant.suspect.person.display_name},
        back=_prosecution_url(defendant.prosecution),
        save=save,
        success=_("Appeal recorded."),
        submit=_("Record appeal"),
    )


@requires(Perm.PROSECUTION_MANAGE)
def appeal_decide(request, public_id):
    appeal = selectors.appeal_get(actor=request.actor, public_id=public_id)
    form = forms.AppealDecisionForm(
        request.POST or None, initial={"decided_on": timezone.localdate()}
    )

    def save(data):
        services.appeal_decide(
            actor=request.actor,
            appeal=appeal,
            outcome=data["outcome"],
            decided_on=data["decided_on"],
        )
        return _prosecution_url(appeal.defendant.prosecution, "#defendants")

    return form_page(
        request,
        form,
        title=_("Decision on the appeal"),
        back=_prosecution_url(appeal.defendant.prosecution),
        save=save,
        success=_("Decision recorded."),
        submit=_("Record decision"),
    )


@requires(Perm.PROSECUTION_MANAGE)
def order_add(request, public_id):
    defendant = selectors.defendant_get(actor=request.actor, public_id=public_id)
    witnesses = selectors.witness_list(
        actor=request.actor, investigation=defendant.prosecution.investigation
    )
    form = forms.OrderForm(
        request.POST or None,
        initial={"ordered_on": timezone.localdate(), "currency": forms.default_currency()},
        witnesses=witnesses,
    )

    def save(data):
        beneficiary = None
        if data["beneficiary"]:
            beneficiary, _view = selectors.witness_get(
                actor=request.actor, public_id=data["beneficiary"]
            )
        services.compensation_order_add(
            actor=request.actor,
            defendant=defendant,
            kind=data["kind"],
            amount=data["amount"],
            currency=data["currency"],
            ordered_on=data["ordered_on"],
            beneficiary=beneficiary,
        )
        return _prosecution_url(defendant.prosecution, "#defendants")

    return form_page(
        request,
        form,
        title=_("Restitution or compensation ordered against %(name)s")
        % {"name": defendant.suspect.person.display_name},
        back=_prosecution_url(defendant.prosecution),
        save=save,
        success=_("Order recorded."),
        submit=_("Record order"),
    )


@requires(Perm.PROSECUTION_MANAGE)
def payment_add(request, public_id):
    order = selectors.order_get(actor=request.actor, public_id=public_id)
    form = forms.PaymentForm(request.POST or None, initial={"paid_on": timezone.localdate()})

    def save(data):
        services.compensation_payment_add(
            actor=request.actor, order=order, amount=data["amount"], paid_on=data["paid_on"]
        )
        return _prosecution_url(order.defendant.prosecution, "#defendants")

    return form_page(
        request,
        form,
        title=_("Payment under the %(kind)s order of %(amount)s %(currency)s")
        % {
            "kind": order.get_kind_display().lower(),
            "amount": order.amount,
            "currency": order.currency,
        },
        back=_prosecution_url(order.defendant.prosecution),
        save=save,
        success=_("Payment recorded."),
        submit=_("Record payment"),
    )


@requires(Perm.PROSECUTION_MANAGE)
def hearing_add(request, public_id):
    prosecution = selectors.prosecution_get(actor=request.actor, public_id=public_id)
    form = forms.HearingForm(request.POST or None)

    def save(data):
        services.hearing_schedule(
            actor=request.actor,
            prosecution=prosecution,
            hearing_type=data["hearing_type"],
            hearing_date=data["hearing_date"],
            hearing_time=data["hearing_time"],
        )
        return _prosecution_url(prosecution, "#hearings")

    return form_page(
        request,
        form,
        title=_("Schedule a hearing"),
        intro=_("People following the case are reminded a few days before."),
        back=_prosecution_url(prosecution),
        save=save,
        success=_("Hearing scheduled."),
        submit=_("Schedule hearing"),
    )


@requires(Perm.PROSECUTION_MANAGE)
def hearing_outcome(request, public_id):
    hearing = selectors.hearing_get(actor=request.actor, public_id=public_id)
    form = forms.HearingOutcomeForm(request.POST or None)

    def save(data):
        services.hearing_record_outcome(
            actor=request.actor, hearing=hearing, outcome=data["outcome"]
        )
        return _prosecution_url(hearing.prosecution, "#hearings")

    return form_page(
        request,
        form,
        title=_("%(type)s on %(date)s")
        % {"type": hearing.get_hearing_type_display(), "date": hearing.hearing_date.isoformat()},
        back=_prosecution_url(hearing.prosecution),
        save=save,
        success=_("Hearing updated."),
        submit=_("Save"),
    )
