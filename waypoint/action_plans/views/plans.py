"""Pages: the action plan home, plans, and their structure (pillars and objectives)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.access.scopes.action_plans import is_named_reporter, may_report
from waypoint.action_plans.choices import PlanKind, PlanStatus
from waypoint.action_plans.forms.plans import ObjectiveForm, PillarForm, PlanForm
from waypoint.action_plans.selectors import plans as selectors
from waypoint.action_plans.selectors.monitoring import plan_budgets
from waypoint.action_plans.services import plans as services
from waypoint.action_plans.views.common import listing, show_errors, today, version_of
from waypoint.common.errors import DomainError
from waypoint.notifications.selectors import unread_count


@requires(Perm.PLAN_VIEW)
def home(request):
    """National coordination: plans, reporting, recommendations, trainings, the TIP workspace."""
    actor = request.actor
    search = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    sort = request.GET.get("sort", "-start")
    plans = selectors.plan_list(
        actor=actor,
        search=search,
        status=status if status in PlanStatus.values else "",
        kind=kind if kind in PlanKind.values else "",
        sort=sort,
    )
    context = listing(request, plans, sort=sort)
    context.update(
        {
            "search": search,
            "status": status,
            "kind": kind,
            "statuses": PlanStatus.choices,
            "kinds": PlanKind.choices,
            "may_report": may_report(actor),
            "is_named_reporter": is_named_reporter(actor),
            "unread": unread_count(actor=actor),
            "owed": selectors.owed_report_count(actor=actor, today=today()),
        }
    )
    return render(request, "action_plans/home.html", context)


@requires(Perm.PLAN_MANAGE)
def plan_create(request):
    form = PlanForm(request.POST or None, initial={"status": PlanStatus.DRAFT})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.actor, data=form.to_data())
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Plan created with the four pillars. Add objectives next."))
            return redirect("action_plans:plan", public_id=plan.public_id)
    return render(
        request,
        "action_plans/form.html",
        {"form": form, "title": _("New plan"), "submit_label": _("Create plan")},
    )


@requires(Perm.PLAN_VIEW)
def plan_detail(request, public_id):
    """A plan: its pillars and objectives with their actions by status, and what to do next."""
    actor = request.actor
    plan = selectors.plan_get(actor=actor, public_id=public_id)
    return render(
        request,
        "action_plans/plan_detail.html",
        {
            "plan": plan,
            "pillars": selectors.plan_structure(actor=actor, plan=plan, today=today()),
            "budgets": plan_budgets(actor=actor, plan=plan),
            "rounds": selectors.round_list(actor=actor, plan=plan),
            "can_manage": actor.can(Perm.PLAN_MANAGE),
        },
    )


@requires(Perm.PLAN_MANAGE)
def plan_edit(request, public_id):
    plan = selectors.plan_get_managed(actor=request.actor, public_id=public_id)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                actor=request.actor,
                plan=plan,
                data=form.to_data(),
                expected_version=version_of(request),
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("action_plans:plan", public_id=plan.public_id)
    return render(
        request,
        "action_plans/form.html",
        {
            "form": form,
            "title": _("Edit %(plan)s") % {"plan": plan.title},
            "submit_label": _("Save"),
            "cancel_url": reverse("action_plans:plan", args=[plan.public_id]),
        },
    )


@requires(Perm.PLAN_MANAGE)
def structure(request, public_id):
    """Pillars and objectives of a plan: add, rename, reorder, remove."""
    actor = request.actor
    plan = selectors.plan_get_managed(actor=actor, public_id=public_id)
    pillar_form = PillarForm(request.POST or None, prefix="pillar")
    if request.method == "POST" and pillar_form.is_valid():
        try:
            services.pillar_create(
                actor=actor,
                plan=plan,
                code=pillar_form.cleaned_data["code"],
                name=pillar_form.cleaned_data["name"],
                description=pillar_form.cleaned_data["description"],
            )
        except DomainError as error:
            show_errors(pillar_form, error)
        else:
            messages.success(request, _("Pillar added."))
            return redirect("action_plans:structure", public_id=plan.public_id)
    return render(
        request,
        "action_plans/structure.html",
        {
            "plan": plan,
            "pillars": selectors.plan_structure(actor=actor, plan=plan, today=today()),
            "pillar_form": pillar_form,
        },
    )


@requires(Perm.PLAN_MANAGE)
def pillar_edit(request, public_id):
    pillar = selectors.pillar_get(actor=request.actor, public_id=public_id)
    initial = {
        "code": pillar.code,
        "name": pillar.name,
        "description": pillar.description,
        "position": pillar.position,
    }
    form = PillarForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pillar_update(
                actor=request.actor,
                pillar=pillar,
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                position=form.cleaned_data["position"] or 0,
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("action_plans:structure", public_id=pillar.plan.public_id)
    return render(
        request,
        "action_plans/form.html",
        {
            "form": form,
            "title": _("Pillar: %(name)s") % {"name": pillar.name},
            "submit_label": _("Save"),
            "delete_url": "action_plans:pillar_delete",
            "delete_id": pillar.public_id,
            "delete_confirm": _("Remove this pillar?"),
        },
    )


@require_POST
@requires(Perm.PLAN_MANAGE)
def pillar_delete(request, public_id):
    pillar = selectors.pillar_get(actor=request.actor, public_id=public_id)
    try:
        services.pillar_delete(actor=request.actor, pillar=pillar)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Pillar removed."))
    return redirect("action_plans:structure", public_id=pillar.plan.public_id)


@requires(Perm.PLAN_MANAGE)
def objective_create(request, public_id):
    pillar = selectors.pillar_get(actor=request.actor, public_id=public_id)
    pillars = selectors.pillar_choices(actor=request.actor, plan=pillar.plan)
    form = ObjectiveForm(
        request.POST or None, pillars=pillars, initial={"pillar": pillar.public_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_create(
                actor=request.actor,
                pillar=form.cleaned_data["pillar"],
                code=form.cleaned_data["code"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Objective added."))
            return redirect("action_plans:structure", public_id=pillar.plan.public_id)
    return render(
        request,
        "action_plans/form.html",
        {"form": form, "title": _("New objective"), "submit_label": _("Add objective")},
    )


@requires(Perm.PLAN_MANAGE)
def objective_edit(request, public_id):
    objective = selectors.objective_get(actor=request.actor, public_id=public_id)
    plan = objective.pillar.plan
    form = ObjectiveForm(
        request.POST or None,
        pillars=selectors.pillar_choices(actor=request.actor, plan=plan),
        initial={
            "pillar": objective.pillar.public_id,
            "code": objective.code,
            "title": objective.title,
            "description": objective.description,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_update(
                actor=request.actor,
                objective=objective,
                pillar=form.cleaned_data["pillar"],
                code=form.cleaned_data["code"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("action_plans:structure", public_id=plan.public_id)
    return render(
        request,
        "action_plans/form.html",
        {
            "form": form,
            "title": _("Objective %(code)s") % {"code": objective.code},
            "submit_label": _("Save"),
            "delete_url": "action_plans:objective_delete",
            "delete_id": objective.public_id,
            "delete_confirm": _("Remove this objective?"),
        },
    )


@require_POST
@requires(Perm.PLAN_MANAGE)
def objective_delete(request, public_id):
    objective = selectors.objective_get(actor=request.actor, public_id=public_id)
    try:
        services.objective_delete(actor=request.actor, objective=objective)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Objective removed."))
    return redirect("action_plans:structure", public_id=objective.pillar.plan.public_id)
