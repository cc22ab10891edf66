"""Pages of the services directory: search, a service, managing services and places, and
referrals of a person to a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.checks import get_visible, require
from waypoint.access.declarations import requires, signed_in
from waypoint.access.roles import Perm
from waypoint.common.errors import DomainError
from waypoint.common.forms import apply_domain_errors
from waypoint.directory import selectors, services
from waypoint.directory.choices import ServiceCodeField
from waypoint.directory.forms import (
    AvailabilityForm,
    ReferralFilterForm,
    ReferralStepForm,
    ServiceFilterForm,
    ServiceForm,
    ServiceReferralForm,
)
from waypoint.directory.selectors import ReferralFilter, ServiceFilter
from waypoint.directory.services.catalogue import service_get_manageable
from waypoint.directory.services.referrals import sharing_consent
from waypoint.people.choices import ConsentGivenBy
from waypoint.referrals import selectors as nrm_selectors
from waypoint.referrals.forms import ConsentForm
from waypoint.referrals.services.nrm_facts import is_child
from waypoint.referrals.services.profiles import active_profile, rules_of


def _page(request, queryset):
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@requires(Perm.SERVICE_DIRECTORY_VIEW)
def service_list(request):
    """The directory: every active service, searchable (no map needed)."""
    form = ServiceFilterForm(request.GET or None)
    filters = form.to_filter() if form.is_bound and form.is_valid() else ServiceFilter()
    page, query = _page(request, selectors.service_search(actor=request.actor, filters=filters))
    return render(request, "directory/list.html", {"form": form, "page": page, "query": query})


@requires(Perm.SERVICE_DIRECTORY_VIEW)
def service_detail(request, public_id):
    service = selectors.service_get(actor=request.actor, public_id=public_id)
    can_manage = (
        request.actor.can(Perm.SERVICE_MANAGE)
        and request.actor.organisation is not None
        and service.organisation_id == request.actor.organisation.pk
    )
    return render(
        request,
        "directory/detail.html",
        {
            "service": service,
            "codes": selectors.codes_of(service),
            "can_manage": can_manage,
            "availability_form": AvailabilityForm(
                initial={"capacity_available": service.capacity_available}
            ),
        },
    )


def _service_initial(service) -> dict:
    codes = selectors.codes_of(service)
    return {
        "name": service.name,
        "service_type": service.service_type,
        "description": service.description,
        "area": service.area,
        "contact_phone": service.contact_phone,
        "contact_email": service.contact_email,
        "hours": service.hours,
        "is_open_all_hours": service.is_open_all_hours,
        "accepts_urgent": service.accepts_urgent,
        "min_age": service.min_age,
        "max_age": service.max_age,
        "capacity_total": service.capacity_total,
        "languages": " ".join(codes[ServiceCodeField.LANGUAGE]),
        "sexes": codes[ServiceCodeField.SEX],
        "exploitation_types": codes[ServiceCodeField.EXPLOITATION_TYPE],
        "is_active": service.is_active,
    }


@requires(Perm.SERVICE_MANAGE)
def service_create(request):
    form = ServiceForm(request.POST or None, initial={"is_active": True})
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_create(
                actor=request.actor, values=form.values(), codes=form.codes()
            )
        except DomainError as error:
            apply_domain_errors(form, error.fields, error.message)
            status = error.status_code
        else:
            messages.success(request, _("Service added to the directory."))
            return redirect("directory:service_detail", public_id=service.public_id)
    return render(
        request, "directory/service_form.html", {"form": form, "service": None}, status=status
    )


@requires(Perm.SERVICE_MANAGE)
def service_edit(request, public_id):
    service = service_get_manageable(actor=request.actor, public_id=public_id)
    form = ServiceForm(request.POST or None, initial=_service_initial(service))
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_update(
                actor=request.actor,
                service=service,
                values=form.values(),
                codes=form.codes(),
                expected_version=int(request.POST.get("version") or 0) or None,
            )
        except DomainError as error:
            if error.status_code == 404:
                raise
            apply_domain_errors(form, error.fields, error.message)
            status = error.status_code
        else:
            messages.success(request, _("Service saved."))
            return redirect("directory:service_detail", public_id=service.public_id)
    return render(
        request, "directory/service_form.html", {"form": form, "service": service}, status=status
    )


@require_POST
@requires(Perm.SERVICE_MANAGE)
def availability(request, public_id):
    service = service_get_manageable(actor=request.actor, public_id=public_id)
    form = AvailabilityForm(request.POST)
    if form.is_valid():
        try:
            services.service_availability_set(
                actor=request.actor,
                service=service,
                available=form.cleaned_data["capacity_available"],
            )
        except DomainError as error:
            messages.error(request, " ".join([error.message, *sum(error.fields.values(), [])]))
        else:
            messages.success(request, _("Free places updated."))
    else:
        messages.error(request, _("Enter the number of free places."))
    return redirect("directory:service_detail", public_id=service.public_id)


REFERRAL_PERMISSIONS = (Perm.SERVICE_REFERRAL_CREATE, Perm.SERVICE_REFERRAL_RESPOND)


def _require_any(actor) -> None:
    if not any(actor.can(permission) for permission in REFERRAL_PERMISSIONS):
        require(actor, Perm.SERVICE_REFERRAL_RESPOND)


@signed_in
def referral_list(request):
    """Referrals to services: those to my organisation's services, and those we made."""
    _require_any(request.actor)
    form = ReferralFilterForm(request.GET or None)
    filters = form.to_filter() if form.is_bound and form.is_valid() else ReferralFilter()
    page, query = _page(
        request, selectors.service_referral_list(actor=request.actor, filters=filters)
    )
    return render(
        request, "directory/referral_list.html", {"form": form, "page": page, "query": query}
    )


@requires(Perm.SERVICE_REFERRAL_CREATE)
def referral_create(request, public_id):
    """Refer a person to this service, once they consent to sharing with its organisation."""
    actor = request.actor
    service = selectors.service_get(actor=actor, public_id=public_id)
    victims = nrm_selectors.workable_victims(
        actor=actor, case_public_id=request.GET.get("case", "")
    )
    persons = [(str(v.public_id), nrm_selectors.victim_label(v)) for v in victims[:500]]
    chosen_id = request.POST.get("case_person") or request.GET.get("case_person") or ""
    if not chosen_id and len(persons) == 1:
        chosen_id = persons[0][0]
    chosen = next((v for v in victims[:500] if str(v.public_id) == chosen_id), None)
    form = ServiceReferralForm(
        request.POST or None,
        persons=persons,
        initial={"case_person": str(chosen.public_id) if chosen else ""},
    )
    if request.method == "POST" and form.is_valid():
        victim = get_visible(victims, public_id=form.cleaned_data["case_person"])
        try:
            referral = services.service_referral_create(
                actor=actor,
                service=service,
                case_person=victim,
                needs=form.cleaned_data["needs"],
                is_urgent=form.cleaned_data["is_urgent"],
            )
        except DomainError as error:
            if error.status_code == 404:
                raise
            apply_domain_errors(form, error.fields, error.message)
        else:
            messages.success(
                request,
                _("Referral %(reference)s sent to %(service)s.")
                % {"reference": referral.reference, "service": service.name},
            )
            return redirect("directory:referral_detail", public_id=referral.public_id)
    consent_state = None
    if chosen is not None:
        rules = rules_of(active_profile())
        child = is_child(chosen)
        consent_state = {
            "needs_consent": rules.child_referral_needs_consent
            if child
            else rules.adult_referral_needs_consent,
            "consent": sharing_consent(chosen, service),
            "is_child": child,
        }
    return render(
        request,
        "directory/referral_create.html",
        {
            "form": form,
            "service": service,
            "chosen": chosen,
            "consent_state": consent_state,
            "consent_form": ConsentForm(
                initial={"given_by": ConsentGivenBy.PERSON, "is_given": "yes"}
            ),
            "has_persons": bool(persons),
        },
        status=400 if request.method == "POST" else 200,
    )


@signed_in
def referral_detail(request, public_id):
    _require_any(request.actor)
    referral = selectors.service_referral_get(actor=request.actor, public_id=public_id)
    return _render_referral(request, referral)


def _render_referral(request, referral, *, failed_form=None, failed_step="", status=200):
    view = selectors.service_referral_view(actor=request.actor, referral=referral)
    actions = [
        {
            "step": step,
            "form": failed_form
            if failed_form is not None and step.name == failed_step
            else ReferralStepForm(initial={"step": step.name, "expected_status": referral.status}),
        }
        for step in view.actions
    ]
    shown = {item["step"].name for item in actions}
    step_error = ""
    if failed_form is not None and failed_step not in shown:
        step_error = " ".join(str(e) for errors in failed_form.errors.values() for e in errors)
    return render(
        request,
        "directory/referral_detail.html",
        {"view": view, "referral": referral, "actions": actions, "step_error": step_error},
        status=status,
    )


@require_POST
@signed_in
def referral_step(request, public_id):
    actor = request.actor
    _require_any(actor)
    referral = selectors.service_referral_get(actor=actor, public_id=public_id)
    form = ReferralStepForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.service_referral_step(
                actor=actor,
                referral=referral,
                name=data["step"],
                reason=data.get("reason", ""),
                decline_reason=data.get("decline_reason", ""),
                expected_status=data.get("expected_status") or None,
            )
        except DomainError as error:
            if error.status_code == 404:
                raise
            apply_domain_errors(form, error.fields, error.message)
            status = error.status_code
        else:
            messages.success(
                request, _("Saved: %(status)s.") % {"status": referral.get_status_display()}
            )
            return redirect("directory:referral_detail", public_id=referral.public_id)
    return _render_referral(
        request, referral, failed_form=form, failed_step=request.POST.get("step", ""), status=status
    )
