"""Pages: erasure requests and their approval, retention schedules, the report of what was deleted."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires, signed_in
from waypoint.access.roles import Perm
from waypoint.cases.selectors import person_get
from waypoint.common.errors import DomainError
from waypoint.common.forms import apply_domain_errors
from waypoint.retention import selectors, services
from waypoint.retention.forms import ErasureDecisionForm, ErasureRequestForm, RetentionScheduleForm


@signed_in
def home(request):
    """Erasure requests of the organisation; for data protection officers also schedules and runs."""
    actor = request.actor
    if not (
        actor.can(Perm.ERASURE_REQUEST)
        or actor.can(Perm.ERASURE_APPROVE)
        or actor.can(Perm.RETENTION_MANAGE)
    ):
        from waypoint.access.checks import require

        require(actor, Perm.ERASURE_APPROVE)
    return render(
        request,
        "retention/home.html",
        {
            "requests": selectors.erasure_request_list(actor=actor)[:100],
            "schedules": selectors.retention_schedule_list(actor=actor),
            "runs": selectors.retention_run_list(actor=actor)[:20],
            "schedule_form": RetentionScheduleForm(initial={"country": settings.WAYPOINT_COUNTRY}),
            "can_manage": actor.can(Perm.RETENTION_MANAGE),
        },
    )


@requires(Perm.ERASURE_REQUEST)
def request_create(request, person_id):
    person = person_get(actor=request.actor, public_id=person_id)
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erasure_request_create(
                actor=request.actor, person=person, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            apply_domain_errors(form, error.fields, error.message)
        else:
            messages.success(
                request, _("Erasure requested. A data protection officer must approve it.")
            )
            return redirect("retention:home")
    return render(request, "retention/request_create.html", {"form": form, "person": person})


@require_POST
@requires(Perm.ERASURE_APPROVE)
def request_decide(request, public_id):
    erasure_request = selectors.erasure_request_get(actor=request.actor, public_id=public_id)
    form = ErasureDecisionForm(request.POST)
    form.is_valid()
    try:
        services.erasure_request_decide(
            actor=request.actor,
            request=erasure_request,
            approve=request.POST.get("decision") == "approve",
            note=form.cleaned_data.get("note", ""),
        )
    except DomainError as error:
        messages.error(request, " ".join([error.message, *sum(error.fields.values(), [])]))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("retention:home")


@require_POST
@requires(Perm.RETENTION_MANAGE)
def schedule_save(request):
    form = RetentionScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.retention_schedule_save(actor=request.actor, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Schedule saved."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("retention:home")
