"""Pages that follow a completed screening: the person and the case, consent, the anonymous
notification; and the organisation's list of anonymous notifications."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.declarations import requires, signed_in
from waypoint.access.roles import Perm
from waypoint.common.errors import ActionDenied, DomainError
from waypoint.common.forms import apply_domain_errors
from waypoint.screening import selectors, services
from waypoint.screening.forms import (
    ConsentForm,
    LinkCaseForm,
    NotificationFilterForm,
    NotificationForm,
    PersonCaseForm,
)


@requires(Perm.SCREENING_CONDUCT)
def screening_link(request, public_id):
    """Record the person and open a case for them, or link an existing case."""
    screening = selectors.screening_get(actor=request.actor, public_id=public_id, purpose="link")
    action = request.POST.get("action") if request.method == "POST" else None
    person_form = PersonCaseForm(request.POST if action == "create" else None, prefix="person")
    link_form = LinkCaseForm(request.POST if action == "link" else None, prefix="link")
    try:
        if action == "create" and person_form.is_valid():
            data = person_form.cleaned_data
            values = {
                name: data[name] for name in ("first_name", "second_name", "gender") if data[name]
            }
            if data["citizenship"]:
                values["citizenship"] = [data["citizenship"]]
            services.screening_person_case_create(
                actor=request.actor, screening=screening, person_values=values
            )
            messages.success(request, _("The person was recorded and a case opened."))
            return redirect("screening:detail", public_id=screening.public_id)
        if action == "link" and link_form.is_valid():
            case = selectors.visible_case_by_reference(
                actor=request.actor, reference=link_form.cleaned_data["reference"]
            )
            if case is None:
                link_form.add_error(
                    "reference", _("No case with this reference is visible to you.")
                )
            else:
                services.screening_link(actor=request.actor, screening=screening, case=case)
                messages.success(
                    request,
                    _("The screening is linked to case %(reference)s.")
                    % {"reference": case.reference},
                )
                return redirect("screening:detail", public_id=screening.public_id)
    except DomainError as error:
        target = person_form if action == "create" else link_form
        apply_domain_errors(target, error.fields, error.message)
    return render(
        request,
        "screening/link.html",
        {"screening": screening, "person_form": person_form, "link_form": link_form},
    )


@requires(Perm.SCREENING_CONDUCT, Perm.CONSENT_RECORD)
def screening_consent(request, public_id):
    screening = selectors.screening_get(actor=request.actor, public_id=public_id, purpose="consent")
    form = ConsentForm(
        request.POST or None, initial={"given_by": "guardian" if screening.is_child else "person"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.screening_consent_record(
                actor=request.actor, screening=screening, **form.cleaned_data
            )
        except DomainError as error:
            apply_domain_errors(form, error.fields, error.message)
        else:
            messages.success(request, _("The answer about referral was recorded."))
            return redirect("screening:detail", public_id=screening.public_id)
    return render(request, "screening/consent.html", {"screening": screening, "form": form})


@requires(Perm.ANONYMOUS_NOTIFICATION_CREATE)
def screening_notification(request, public_id):
    """An adult declined referral: count them without identifying them."""
    screening = selectors.screening_get(
        actor=request.actor, public_id=public_id, purpose="notification"
    )
    form = NotificationForm(
        request.POST or None,
        initial={
            "notified_on": timezone.localdate(),
            "age_band": screening.age_band,
            "exploitation_types": screening.exploitation_types,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.anonymous_notification_create(
                actor=request.actor, screening=screening, values=form.cleaned_data
            )
        except DomainError as error:
            apply_domain_errors(form, error.fields, error.message)
        else:
            messages.success(request, _("The anonymous notification was recorded."))
            return redirect("screening:detail", public_id=screening.public_id)
    return render(request, "screening/notification.html", {"screening": screening, "form": form})


@signed_in
def notification_list(request):
    """The organisation's anonymous notifications (no identifying data in them)."""
    actor = request.actor
    if not (actor.can(Perm.ANONYMOUS_NOTIFICATION_CREATE) or actor.can(Perm.SCREENING_VIEW)):
        raise ActionDenied(_("Your role does not include screening or anonymous notifications."))
    form = NotificationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    queryset = selectors.anonymous_notification_list(
        actor=actor,
        sort=data.get("sort") or "-date",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "screening/notifications.html",
        {"page": page, "query": query.urlencode(), "form": form},
    )
