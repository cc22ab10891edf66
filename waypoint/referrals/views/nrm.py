"""Pages of NRM records: the list, referring a person, the record page and its steps, consent."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.checks import get_visible, require
from waypoint.access.declarations import requires, signed_in
from waypoint.access.roles import Perm
from waypoint.access.scopes.accounts import visible_organisations
from waypoint.common.errors import ActionDenied, DomainError
from waypoint.common.forms import apply_domain_errors
from waypoint.people.choices import ConsentPurpose
from waypoint.people.models import ConsentRecord
from waypoint.people.services import consent_record, consent_withdraw
from waypoint.referrals import selectors, services, workflow
from waypoint.referrals.forms import ConsentForm, ReferForm, ReferralFilterForm, StepForm
from waypoint.referrals.selectors import ReferralFilter

LIST_PERMISSIONS = (
    Perm.NRM_VIEW,
    Perm.NRM_DECIDE,
    Perm.SERVICE_REFERRAL_RESPOND,
    Perm.SERVICE_REFERRAL_CREATE,
)


def require_any(actor, *permissions: Perm) -> None:
    if not any(actor.can(permission) for permission in permissions):
        require(actor, permissions[0])


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@signed_in
def referral_list(request):
    """NRM records the person may see (and, for service providers, referrals to their services)."""
    actor = request.actor
    require_any(actor, *LIST_PERMISSIONS)
    form = ReferralFilterForm(request.GET or None)
    filters = form.to_filter() if form.is_bound and form.is_valid() else ReferralFilter()
    page = Paginator(selectors.referral_list(actor=actor, filters=filters), 25).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "referrals/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@requires(Perm.NRM_REFER)
def referral_create(request):
    """Refer a person to the competent authority: choose the person, check consent, send."""
    actor = request.actor
    victims = selectors.workable_victims(actor=actor, case_public_id=request.GET.get("case", ""))
    persons = [(str(victim.public_id), selectors.victim_label(victim)) for victim in victims[:500]]
    rules, authorities = selectors.authority_choices()
    authority_choices = [(str(org.public_id), org.name) for org in authorities]
    chosen_id = request.POST.get("case_person") or request.GET.get("case_person") or ""
    if not chosen_id and len(persons) == 1:
        chosen_id = persons[0][0]
    chosen = victims.filter(public_id=chosen_id).first() if _is_uuid(chosen_id) else None
    initial = {"case_person": str(chosen.public_id) if chosen else ""}
    form = ReferForm(
        request.POST or None, persons=persons, authorities=authority_choices, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        victim = get_visible(victims, public_id=form.cleaned_data["case_person"])
        authority = get_visible(
            visible_organisations(actor), public_id=form.cleaned_data["competent_authority"]
        )
        try:
            referral = services.nrm_refer(
                actor=actor,
                case_person=victim,
                competent_authority=authority,
                information=form.cleaned_data["information"],
                screening_public_id=form.cleaned_data.get("screening", ""),
            )
        except DomainError as error:
            if error.status_code == 404:
                raise
            apply_domain_errors(form, error.fields, error.message)
        else:
            messages.success(
                request,
                _("Referral %(reference)s sent to %(authority)s.")
                % {"reference": referral.reference, "authority": authority.name},
            )
            return redirect("referrals:detail", public_id=referral.public_id)
    consent_state = None
    if chosen is not None:
        from waypoint.referrals.services.nrm_facts import is_child, referral_consent

        child = is_child(chosen)
        consent_state = {
            "is_child": child,
            "needs_consent": rules.child_referral_needs_consent
            if child
            else rules.adult_referral_needs_consent,
            "consent": referral_consent(chosen),
        }
    return render(
        request,
        "referrals/create.html",
        {
            "form": form,
            "chosen": chosen,
            "consent_state": consent_state,
            "consent_form": ConsentForm(initial={"given_by": "person", "is_given": "yes"}),
            "rules": rules,
            "anonymous_notification_url": selectors.anonymous_notification_url(),
            "has_persons": bool(persons),
        },
        status=400 if request.method == "POST" else 200,
    )


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@signed_in
def referral_detail(request, public_id):
    """The NRM record: where the person is, the clocks, decisions, history and possible steps."""
    actor = request.actor
    require_any(actor, Perm.NRM_VIEW, Perm.NRM_DECIDE, Perm.NRM_RECONSIDERATION_REQUEST)
    referral = selectors.referral_get(actor=actor, public_id=public_id)
    view = selectors.referral_view(actor=actor, referral=referral)
    return _render_detail(request, view)


def _render_detail(request, view, *, failed_form=None, failed_step="", status=200):
    actions = []
    for transition in view.actions:
        form = (
            failed_form
            if transition.name == failed_step and failed_form is not None
            else StepForm(initial={"step": transition.name, "expected_state": view.referral.state})
        )
        actions.append({"transition": transition, "form": form})
    shown = {item["transition"].name for item in actions}
    step_error = ""
    if failed_form is not None and failed_step not in shown:
        step_error = " ".join(
            str(error) for errors in failed_form.errors.values() for error in errors
        )
    consents = (
        selectors.consents_for(actor=request.actor, case_person=view.referral.case_person)
        if view.is_case_side
        else []
    )
    return render(
        request,
        "referrals/detail.html",
        {
            "view": view,
            "referral": view.referral,
            "actions": actions,
            "consents": consents,
            "states": workflow_states(view.referral.state),
            "step_error": step_error,
        },
        status=status,
    )


MAIN_PATH = (
    "detected",
    "screening",
    "referred",
    "preliminary_pending",
    "presumed_victim",
    "formal_pending",
    "identified_victim",
    "support",
    "closed",
)


def workflow_states(current: str) -> list[dict[str, object]]:
    """The main path of the lifecycle for the steps indicator (exits shown as the current step)."""
    path = list(MAIN_PATH)
    if current not in path:
        path.insert(path.index("closed"), current)
    index = path.index(current)
    return [
        {
            "code": code,
            "label": workflow.state_label(code),
            "done": position < index,
            "current": code == current,
        }
        for position, code in enumerate(path)
    ]


@require_POST
@signed_in
def referral_step(request, public_id):
    """Take one step on an NRM record; a refusal says why, beside the field where it can."""
    actor = request.actor
    require_any(actor, Perm.NRM_VIEW, Perm.NRM_DECIDE, Perm.NRM_RECONSIDERATION_REQUEST)
    referral = selectors.referral_get(actor=actor, public_id=public_id)
    form = StepForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.nrm_transition(
                actor=actor,
                referral=referral,
                name=data["step"],
                step=services.StepInput(
                    reason=data.get("reason", ""),
                    legal_basis=data.get("legal_basis", ""),
                    closure_reason=data.get("closure_reason", ""),
                ),
                expected_state=data.get("expected_state") or None,
            )
        except DomainError as error:
            if error.status_code == 404:
                raise
            apply_domain_errors(form, error.fields, error.message)
            status = error.status_code
        else:
            messages.success(
                request,
                _("Done. The referral is now: %(state)s.")
                % {"state": workflow.state_label(referral.state)},
            )
            return redirect("referrals:detail", public_id=referral.public_id)
    view = selectors.referral_view(actor=actor, referral=referral)
    return _render_detail(
        request, view, failed_form=form, failed_step=request.POST.get("step", ""), status=status
    )


@require_POST
@requires(Perm.CONSENT_RECORD)
def consent_add(request):
    """Record a person's answer on referral or on sharing with a named organisation."""
    actor = request.actor
    victim = selectors.victim_get(actor=actor, public_id=request.POST.get("case_person", ""))
    purpose = request.POST.get("purpose", "")
    if purpose not in (ConsentPurpose.REFERRAL, ConsentPurpose.SHARING):
        raise ActionDenied(_("Consent here is for a referral or for sharing with an organisation."))
    shared_with = None
    if purpose == ConsentPurpose.SHARING:
        shared_with = get_visible(
            visible_organisations(actor), public_id=request.POST.get("shared_with", "")
        )
    fallback = reverse("referrals:create") + f"?case_person={victim.public_id}"
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, " ".join(error for errors in form.errors.values() for error in errors)
        )
        return HttpResponseRedirect(safe_next(request, fallback))
    data = form.cleaned_data
    try:
        record = consent_record(
            actor=actor,
            person=victim.person,
            purpose=purpose,
            is_given=data["is_given"],
            case=victim.case,
            shared_with=shared_with,
            given_by=data["given_by"],
            language=data.get("language", ""),
            is_interpreter_present=bool(data.get("is_interpreter_present")),
            interpreter_name=data.get("interpreter_name", ""),
        )
    except DomainError as error:
        messages.error(request, " ".join([error.message, *sum(error.fields.values(), [])]))
    else:
        if record.is_given:
            messages.success(request, _("Consent recorded."))
        else:
            messages.warning(
                request,
                _(
                    "The refusal is recorded. An adult who declines is not referred; record an "
                    "anonymous notification so they are counted."
                ),
            )
    return HttpResponseRedirect(safe_next(request, fallback))


@require_POST
@requires(Perm.CONSENT_RECORD)
def consent_remove(request, public_id):
    """Withdraw a consent: every sharing that rests on it stops at once."""
    actor = request.actor
    record = get_visible(
        ConsentRecord.objects.filter(
            person__in=selectors.visible_persons(actor),
            purpose__in=[ConsentPurpose.REFERRAL, ConsentPurpose.SHARING],
        ),
        public_id=public_id,
    )
    try:
        consent_withdraw(actor=actor, record=record, reason=request.POST.get("reason", "")[:500])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Consent withdrawn. Sharing that rested on it has stopped."))
    return HttpResponseRedirect(safe_next(request, reverse("referrals:list")))
