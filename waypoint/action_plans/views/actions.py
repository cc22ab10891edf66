"""Pages: a plan's actions (sortable, filterable, paged), one action, its indicators."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.access.scopes.action_plans import may_view_budgets
from waypoint.accounts.selectors import organisation_list
from waypoint.action_plans.forms.plans import ActionFilterForm, ActionForm, IndicatorForm
from waypoint.action_plans.rules import is_overdue
from waypoint.action_plans.selectors import plans as selectors
from waypoint.action_plans.selectors.plans import ActionFilter
from waypoint.action_plans.selectors.reviews import recommendation_choices
from waypoint.action_plans.services import actions as services
from waypoint.action_plans.views.common import listing, show_errors, today, version_of
from waypoint.common.errors import DomainError


@requires(Perm.PLAN_VIEW)
def action_list(request, public_id):
    """A plan's actions, by pillar, status, lead organisation or overdue; sortable and paged."""
    actor = request.actor
    plan = selectors.plan_get(actor=actor, public_id=public_id)
    form = ActionFilterForm(
        request.GET or None,
        pillars=selectors.pillar_choices(actor=actor, plan=plan),
        organisations=selectors.lead_organisations(actor=actor, plan=plan),
    )
    filters = ActionFilter(plan=plan)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = ActionFilter(
            plan=plan,
            pillar=data["pillar"],
            status=data["status"],
            lead_organisation=data["lead"],
            is_overdue=data["overdue"],
            search=data["q"],
        )
    sort = request.GET.get("sort", "code")
    day = today()
    actions = selectors.action_list(actor=actor, filters=filters, today=day, sort=sort)
    context = listing(request, actions, sort=sort)
    for action in context["page"]:
        action.is_overdue = is_overdue(action, day)
    context.update(
        {
            "plan": plan,
            "form": form,
            "show_budget": may_view_budgets(actor, plan),
            "can_manage": actor.can(Perm.PLAN_MANAGE),
        }
    )
    return render(request, "action_plans/action_list.html", context)


def _action_form(request, plan, *, initial=None):
    actor = request.actor
    return ActionForm(
        request.POST or None,
        initial=initial,
        objectives=selectors.objective_choices(actor=actor, plan=plan),
        organisations=organisation_list(actor=actor).filter(is_active=True),
        recommendations=recommendation_choices(actor=actor),
    )


@requires(Perm.PLAN_MANAGE)
def action_create(request, public_id):
    plan = selectors.plan_get_managed(actor=request.actor, public_id=public_id)
    initial = {"currency": plan.currency}
    if request.GET.get("objective"):
        initial["objective"] = request.GET["objective"]
    form = _action_form(request, plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(actor=request.actor, data=form.to_data())
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Action added. Add its indicators below."))
            return redirect("action_plans:action", public_id=action.public_id)
    return render(
        request,
        "action_plans/form.html",
        {
            "form": form,
            "title": _("New action in %(plan)s") % {"plan": plan.title},
            "submit_label": _("Add action"),
            "cancel_url": reverse("action_plans:plan", args=[plan.public_id]),
        },
    )


@requires(Perm.PLAN_VIEW)
def action_detail(request, public_id):
    """An action: lead and partners, dates, budget (unless restricted), indicators, reports."""
    actor = request.actor
    action = selectors.action_get(actor=actor, public_id=public_id)
    return render(
        request,
        "action_plans/action_detail.html",
        {
            "action": action,
            "plan": action.plan,
            "is_overdue": is_overdue(action, today()),
            "show_budget": may_view_budgets(actor, action.plan),
            "reports": selectors.action_reports(actor=actor, action=action),
            "can_manage": actor.can(Perm.PLAN_MANAGE),
            "indicator_form": IndicatorForm(),
        },
    )


@requires(Perm.PLAN_MANAGE)
def action_edit(request, public_id):
    action = selectors.action_get(actor=request.actor, public_id=public_id)
    form = _action_form(request, action.plan, initial=ActionForm.initial_for(action))
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                actor=request.actor,
                action=action,
                data=form.to_data(),
                expected_version=version_of(request),
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("action_plans:action", public_id=action.public_id)
    return render(
        request,
        "action_plans/form.html",
        {
            "form": form,
            "title": _("Edit action %(code)s") % {"code": action.code},
            "submit_label": _("Save"),
            "cancel_url": reverse("action_plans:action", args=[action.public_id]),
        },
    )


@requires(Perm.PLAN_MANAGE)
def indicator_create(request, public_id):
    action = selectors.action_get(actor=request.actor, public_id=public_id)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_create(actor=request.actor, action=action, data=form.to_data())
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Indicator added."))
            return redirect("action_plans:action", public_id=action.public_id)
    return render(
        request,
        "action_plans/form.html",
        {
            "form": form,
            "title": _("New indicator for %(code)s") % {"code": action.code},
            "submit_label": _("Add indicator"),
            "cancel_url": reverse("action_plans:action", args=[action.public_id]),
        },
    )


@requires(Perm.PLAN_MANAGE)
def indicator_edit(request, public_id):
    indicator = selectors.indicator_get(actor=request.actor, public_id=public_id)
    initial = {
        "kind": indicator.kind,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": indicator.baseline,
        "target": indicator.target,
    }
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(actor=request.actor, indicator=indicator, data=form.to_data())
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("action_plans:action", public_id=indicator.action.public_id)
    return render(
        request,
        "action_plans/form.html",
        {
            "form": form,
            "title": _("Indicator: %(name)s") % {"name": indicator.name},
            "submit_label": _("Save"),
            "cancel_url": reverse("action_plans:action", args=[indicator.action.public_id]),
            "delete_url": "action_plans:indicator_delete",
            "delete_id": indicator.public_id,
            "delete_confirm": _("Remove this indicator?"),
        },
    )


@require_POST
@requires(Perm.PLAN_MANAGE)
def indicator_delete(request, public_id):
    indicator = selectors.indicator_get(actor=request.actor, public_id=public_id)
    try:
        services.indicator_delete(actor=request.actor, indicator=indicator)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Indicator removed."))
    return redirect("action_plans:action", public_id=indicator.action.public_id)
