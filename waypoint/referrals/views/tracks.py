"""Pages of the parallel tracks: list, opening one, a track and its steps."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.common.errors import DomainError
from waypoint.common.forms import apply_domain_errors
from waypoint.referrals import selectors, services, track_workflow
from waypoint.referrals.forms import TrackFilterForm, TrackOpenForm, TrackStepForm


@requires(Perm.NRM_VIEW)
def track_list(request):
    form = TrackFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    queryset = selectors.track_list(
        actor=request.actor,
        kind=data.get("kind") or "",
        state=data.get("state") or "",
        case_reference=data.get("case_reference") or "",
        sort=data.get("sort") or "-updated",
    )
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "referrals/tracks.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@requires(Perm.NRM_TRACK_MANAGE)
def track_create(request):
    actor = request.actor
    victims = selectors.workable_victims(actor=actor, case_public_id=request.GET.get("case", ""))
    persons = [(str(victim.public_id), selectors.victim_label(victim)) for victim in victims[:500]]
    form = TrackOpenForm(request.POST or None, persons=persons)
    if request.method == "POST" and form.is_valid():
        victim = selectors.victim_get(actor=actor, public_id=form.cleaned_data["case_person"])
        try:
            track = services.track_open(
                actor=actor,
                case_person=victim,
                kind=form.cleaned_data["kind"],
                details=form.cleaned_data.get("details", ""),
            )
        except DomainError as error:
            if error.status_code == 404:
                raise
            apply_domain_errors(form, error.fields, error.message)
        else:
            messages.success(request, _("Track opened."))
            return redirect("referrals:track_detail", public_id=track.public_id)
    return render(
        request,
        "referrals/track_create.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@requires(Perm.NRM_VIEW)
def track_detail(request, public_id):
    track = selectors.track_get(actor=request.actor, public_id=public_id)
    return _render(request, selectors.track_view(actor=request.actor, track=track))


def _render(request, view, *, failed_form=None, failed_step="", status=200):
    actions = []
    for step in view.actions:
        form = (
            failed_form
            if failed_form is not None and step.name == failed_step
            else TrackStepForm(initial={"step": step.name, "expected_state": view.track.state})
        )
        actions.append({"step": step, "form": form})
    shown = {item["step"].name for item in actions}
    step_error = ""
    if failed_form is not None and failed_step not in shown:
        step_error = " ".join(str(e) for errors in failed_form.errors.values() for e in errors)
    return render(
        request,
        "referrals/track_detail.html",
        {
            "view": view,
            "track": view.track,
            "actions": actions,
            "state_label": track_workflow.state_label(view.track.state),
            "step_error": step_error,
        },
        status=status,
    )


@require_POST
@requires(Perm.NRM_TRACK_MANAGE)
def track_step(request, public_id):
    actor = request.actor
    track = selectors.track_get(actor=actor, public_id=public_id)
    form = TrackStepForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            track = services.track_transition(
                actor=actor,
                track=track,
                name=data["step"],
                reason=data.get("reason", ""),
                valid_until=data.get("valid_until"),
                condition=data.get("condition", ""),
                expected_state=data.get("expected_state") or None,
            )
        except DomainError as error:
            if error.status_code == 404:
                raise
            apply_domain_errors(form, error.fields, error.message)
            status = error.status_code
        else:
            messages.success(request, _("Step recorded."))
            return redirect("referrals:track_detail", public_id=track.public_id)
    view = selectors.track_view(actor=actor, track=track)
    return _render(
        request, view, failed_form=form, failed_step=request.POST.get("step", ""), status=status
    )
