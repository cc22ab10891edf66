"""Pages: trainings and awareness campaigns."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.selectors import organisation_list
from waypoint.action_plans.choices import TargetGroup
from waypoint.action_plans.forms.common import AttachmentForm
from waypoint.action_plans.forms.reviews import CampaignForm, PreventionFilterForm, TrainingForm
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.selectors import prevention as selectors
from waypoint.action_plans.selectors.plans import action_choices
from waypoint.action_plans.selectors.tables import campaign_totals, training_totals
from waypoint.action_plans.services import prevention as services
from waypoint.action_plans.views.common import listing, show_errors, today, version_of
from waypoint.common.errors import DomainError


def _filters(form: PreventionFilterForm) -> selectors.PreventionFilter:
    if not (form.is_bound and form.is_valid()):
        return selectors.PreventionFilter()
    data = form.cleaned_data
    return selectors.PreventionFilter(
        search=data["q"],
        date_from=data["date_from"],
        date_to=data["date_to"],
        audience=data["audience"],
    )


@requires(Perm.PLAN_VIEW)
def training_list(request):
    """Trainings, with this TIP period's totals by sex and by audience (table T10)."""
    form = PreventionFilterForm(request.GET or None, audiences=OrganisationType.choices)
    sort = request.GET.get("sort", "-date")
    items = selectors.training_list(actor=request.actor, filters=_filters(form), sort=sort)
    period = TipPeriod.containing(today())
    context = listing(request, items, sort=sort)
    context.update(
        {
            "form": form,
            "period": period,
            "totals": training_totals(period.start, period.end, actor=request.actor),
            "can_manage": request.actor.can(Perm.TRAINING_MANAGE),
        }
    )
    return render(request, "action_plans/training_list.html", context)


def _training_form(request, initial=None):
    return TrainingForm(
        request.POST or None,
        initial=initial,
        organisations=organisation_list(actor=request.actor),
        actions=action_choices(actor=request.actor),
    )


@requires(Perm.TRAINING_MANAGE)
def training_create(request):
    form = _training_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_create(actor=request.actor, data=form.to_data())
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Training recorded. Attach materials below."))
            return redirect("action_plans:training", public_id=training.public_id)
    return render(
        request,
        "action_plans/training_form.html",
        {"form": form, "title": _("New training"), "cancel_url": reverse("action_plans:trainings")},
    )


@requires(Perm.PLAN_VIEW)
def training_detail(request, public_id):
    training = selectors.training_get(actor=request.actor, public_id=public_id)
    labels = dict(OrganisationType.choices)
    return render(
        request,
        "action_plans/training_detail.html",
        {
            "training": training,
            "audiences": [labels.get(code, code) for code in training.audience_types],
            "by_type": [
                (labels.get(row.org_type, row.org_type), row.count)
                for row in training.participants_by_type.all()
            ],
            "can_manage": request.actor.can(Perm.TRAINING_MANAGE),
            "attachment_form": AttachmentForm(),
        },
    )


@requires(Perm.TRAINING_MANAGE)
def training_edit(request, public_id):
    training = selectors.training_get(actor=request.actor, public_id=public_id)
    form = _training_form(request, initial=TrainingForm.initial_for(training))
    if request.method == "POST" and form.is_valid():
        try:
            services.training_update(
                actor=request.actor,
                training=training,
                data=form.to_data(),
                expected_version=version_of(request),
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("action_plans:training", public_id=training.public_id)
    return render(
        request,
        "action_plans/training_form.html",
        {
            "form": form,
            "title": _("Edit training"),
            "cancel_url": reverse("action_plans:training", args=[training.public_id]),
        },
    )


@requires(Perm.PLAN_VIEW)
def campaign_list(request):
    form = PreventionFilterForm(request.GET or None, audiences=TargetGroup.choices)
    sort = request.GET.get("sort", "-start")
    items = selectors.campaign_list(actor=request.actor, filters=_filters(form), sort=sort)
    period = TipPeriod.containing(today())
    context = listing(request, items, sort=sort)
    context.update(
        {
            "form": form,
            "period": period,
            "totals": campaign_totals(period.start, period.end, actor=request.actor),
            "can_manage": request.actor.can(Perm.TRAINING_MANAGE),
            "groups": dict(TargetGroup.choices),
        }
    )
    return render(request, "action_plans/campaign_list.html", context)


def _campaign_form(request, initial=None):
    return CampaignForm(
        request.POST or None,
        initial=initial,
        organisations=organisation_list(actor=request.actor),
        actions=action_choices(actor=request.actor),
    )


@requires(Perm.TRAINING_MANAGE)
def campaign_create(request):
    form = _campaign_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.actor, data=form.to_data())
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Campaign recorded."))
            return redirect("action_plans:campaign", public_id=campaign.public_id)
    return render(
        request,
        "action_plans/form.html",
        {
            "form": form,
            "title": _("New awareness campaign"),
            "submit_label": _("Record"),
            "cancel_url": reverse("action_plans:campaigns"),
        },
    )


@requires(Perm.PLAN_VIEW)
def campaign_detail(request, public_id):
    campaign = selectors.campaign_get(actor=request.actor, public_id=public_id)
    from waypoint.action_plans.choices import Channel

    groups, channels = dict(TargetGroup.choices), dict(Channel.choices)
    return render(
        request,
        "action_plans/campaign_detail.html",
        {
            "campaign": campaign,
            "groups": [groups.get(code, code) for code in campaign.target_groups],
            "channels": [channels.get(code, code) for code in campaign.channels],
            "can_manage": request.actor.can(Perm.TRAINING_MANAGE),
        },
    )


@requires(Perm.TRAINING_MANAGE)
def campaign_edit(request, public_id):
    campaign = selectors.campaign_get(actor=request.actor, public_id=public_id)
    form = _campaign_form(request, initial=CampaignForm.initial_for(campaign))
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(
                actor=request.actor,
                campaign=campaign,
                data=form.to_data(),
                expected_version=version_of(request),
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("action_plans:campaign", public_id=campaign.public_id)
    return render(
        request,
        "action_plans/form.html",
        {
            "form": form,
            "title": _("Edit campaign"),
            "submit_label": _("Save"),
            "cancel_url": reverse("action_plans:campaign", args=[campaign.public_id]),
        },
    )
