"""Pages: recommendations of external reviews, their status and evidence, and the tier history."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.action_plans.forms.common import AttachmentForm
from waypoint.action_plans.forms.reviews import (
    LinkActionsForm,
    RecommendationFilterForm,
    RecommendationForm,
    StateForm,
    TierForm,
)
from waypoint.action_plans.rules import is_overdue
from waypoint.action_plans.selectors import reviews as selectors
from waypoint.action_plans.selectors.plans import action_choices
from waypoint.action_plans.services import reviews as services
from waypoint.action_plans.views.common import listing, show_errors, today, version_of
from waypoint.common.errors import DomainError


@requires(Perm.PLAN_VIEW)
def recommendation_list(request):
    """Recommendations of the TIP report, GRETA, UN treaty bodies and the national rapporteur."""
    form = RecommendationFilterForm(request.GET or None)
    filters = selectors.RecommendationFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.RecommendationFilter(
            source=data["source"],
            report_year=data["year"],
            is_priority=True if data["priority"] else None,
            stated_status=data["stated"],
            derived_status=data["derived"],
            search=data["q"],
        )
    sort = request.GET.get("sort", "-year")
    items = selectors.recommendation_list(
        actor=request.actor, filters=filters, today=today(), sort=sort
    )
    context = listing(request, items, sort=sort)
    context.update({"form": form, "can_manage": request.actor.can(Perm.RECOMMENDATION_MANAGE)})
    return render(request, "action_plans/recommendation_list.html", context)


@requires(Perm.RECOMMENDATION_MANAGE)
def recommendation_create(request):
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.recommendation_create(actor=request.actor, data=form.to_data())
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Recommendation recorded."))
            return redirect("action_plans:recommendation", public_id=item.public_id)
    return render(
        request,
        "action_plans/form.html",
        {
            "form": form,
            "title": _("New recommendation"),
            "submit_label": _("Record"),
            "cancel_url": reverse("action_plans:recommendations"),
        },
    )


@requires(Perm.PLAN_VIEW)
def recommendation_detail(request, public_id):
    """A recommendation: the actions answering it, the derived and the stated status, evidence."""
    actor = request.actor
    day = today()
    item = selectors.recommendation_get(actor=actor, public_id=public_id, today=day)
    for action in item.answering_actions:
        action.is_overdue = is_overdue(action, day)
    can_manage = actor.can(Perm.RECOMMENDATION_MANAGE)
    context = {"item": item, "can_manage": can_manage}
    if can_manage:
        context.update(
            {
                "state_form": StateForm(
                    initial={
                        "stated_status": item.stated_status,
                        "evidence": item.stated_evidence or "",
                        "version": item.version,
                    }
                ),
                "attachment_form": AttachmentForm(),
            }
        )
        if actor.can(Perm.PLAN_MANAGE):
            context["link_form"] = LinkActionsForm(
                actions=action_choices(actor=actor),
                initial={"actions": [action.public_id for action in item.answering_actions]},
            )
    return render(request, "action_plans/recommendation_detail.html", context)


@requires(Perm.RECOMMENDATION_MANAGE)
def recommendation_edit(request, public_id):
    item = selectors.recommendation_get(actor=request.actor, public_id=public_id, today=today())
    form = RecommendationForm(request.POST or None, initial=RecommendationForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_update(
                actor=request.actor,
                recommendation=item,
                data=form.to_data(),
                expected_version=version_of(request),
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("action_plans:recommendation", public_id=item.public_id)
    return render(
        request,
        "action_plans/form.html",
        {
            "form": form,
            "title": _("Edit recommendation"),
            "submit_label": _("Save"),
            "cancel_url": reverse("action_plans:recommendation", args=[item.public_id]),
            "delete_url": "action_plans:recommendation_delete",
            "delete_id": item.public_id,
            "delete_confirm": _("Remove this recommendation? Its links to actions go too."),
        },
    )


@require_POST
@requires(Perm.RECOMMENDATION_MANAGE)
def recommendation_delete(request, public_id):
    item = selectors.recommendation_get(actor=request.actor, public_id=public_id, today=today())
    try:
        services.recommendation_delete(actor=request.actor, recommendation=item)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("action_plans:recommendation", public_id=item.public_id)
    messages.success(request, _("Recommendation removed."))
    return redirect("action_plans:recommendations")


@require_POST
@requires(Perm.RECOMMENDATION_MANAGE)
def recommendation_state(request, public_id):
    actor = request.actor
    item = selectors.recommendation_get(actor=actor, public_id=public_id, today=today())
    form = StateForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_state(
                actor=actor,
                recommendation=item,
                stated_status=form.cleaned_data["stated_status"],
                evidence=form.cleaned_data["evidence"],
                expected_version=version_of(request),
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Status stated."))
            return redirect("action_plans:recommendation", public_id=item.public_id)
    for action in item.answering_actions:
        action.is_overdue = is_overdue(action, today())
    return render(
        request,
        "action_plans/recommendation_detail.html",
        {
            "item": item,
            "can_manage": True,
            "state_form": form,
            "attachment_form": AttachmentForm(),
        },
        status=400,
    )


@require_POST
@requires(Perm.RECOMMENDATION_MANAGE, Perm.PLAN_MANAGE)
def recommendation_actions(request, public_id):
    actor = request.actor
    item = selectors.recommendation_get(actor=actor, public_id=public_id, today=today())
    form = LinkActionsForm(request.POST, actions=action_choices(actor=actor))
    if form.is_valid():
        services.recommendation_set_actions(
            actor=actor, recommendation=item, actions=list(form.cleaned_data["actions"])
        )
        messages.success(request, _("Answering actions saved."))
    else:
        messages.error(request, _("Some of the chosen actions are not available."))
    return redirect("action_plans:recommendation", public_id=item.public_id)


@requires(Perm.PLAN_VIEW)
def tiers(request):
    """The tier each TIP report gave the country; the automatic downgrade rule reads it."""
    actor = request.actor
    can_manage = actor.can(Perm.RECOMMENDATION_MANAGE)
    form = TierForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            from waypoint.access.checks import require

            require(actor, Perm.RECOMMENDATION_MANAGE)
        if form.is_valid():
            try:
                services.tier_record_save(actor=actor, **form.cleaned_data)
            except DomainError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Tier recorded."))
                return redirect("action_plans:tiers")
    context = listing(request, selectors.tier_history(actor=actor))
    context.update({"form": form, "can_manage": can_manage})
    return render(request, "action_plans/tiers.html", context)


@require_POST
@requires(Perm.RECOMMENDATION_MANAGE)
def tier_delete(request, public_id):
    record = selectors.tier_record_get(actor=request.actor, public_id=public_id)
    services.tier_record_delete(actor=request.actor, record=record)
    messages.success(request, _("Tier removed."))
    return redirect("action_plans:tiers")
