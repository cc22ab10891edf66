"""Pages: reporting rounds, an organisation's reporting, progress reports and reporters."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.access.scopes.action_plans import may_report, may_view_budgets
from waypoint.action_plans.choices import ReportState
from waypoint.action_plans.forms.common import AttachmentForm
from waypoint.action_plans.forms.plans import ReporterForm, ReportForm, RoundForm, ScheduleForm
from waypoint.action_plans.selectors import plans as selectors
from waypoint.action_plans.services import plans as plan_services
from waypoint.action_plans.services import reports as services
from waypoint.action_plans.services.reminders import reminders_send
from waypoint.action_plans.views.common import listing, show_errors, today, version_of
from waypoint.common.errors import ActionDenied, DomainError

# Sorting the rows of one round (a few dozen actions, already computed).
ROW_SORTS = {
    "organisation": lambda row: (row.action.lead_organisation.name.lower(), row.action.code),
    "action": lambda row: row.action.code,
    "state": lambda row: (row.state.value, row.action.code),
}


@requires(Perm.PLAN_VIEW)
def round_list(request, public_id):
    """A plan's reporting rounds; coordinators add rounds one by one or as a schedule."""
    actor = request.actor
    plan = selectors.plan_get(actor=actor, public_id=public_id)
    can_manage = actor.can(Perm.PLAN_MANAGE)
    round_form = RoundForm(request.POST if "add_round" in request.POST else None, prefix="round")
    schedule_form = ScheduleForm(
        request.POST if "schedule" in request.POST else None, prefix="schedule"
    )
    if request.method == "POST":
        if not can_manage:
            raise ActionDenied(_("Only the national coordinator manages reporting rounds."))
        plan = selectors.plan_get_managed(actor=actor, public_id=public_id)
        try:
            if round_form.is_bound and round_form.is_valid():
                plan_services.round_create(actor=actor, plan=plan, **round_form.cleaned_data)
                messages.success(request, _("Round added."))
                return redirect("action_plans:rounds", public_id=plan.public_id)
            if schedule_form.is_bound and schedule_form.is_valid():
                created = plan_services.rounds_schedule(
                    actor=actor, plan=plan, **schedule_form.cleaned_data
                )
                messages.success(
                    request,
                    ngettext("%(count)s round added.", "%(count)s rounds added.", len(created))
                    % {"count": len(created)},
                )
                return redirect("action_plans:rounds", public_id=plan.public_id)
        except DomainError as error:
            show_errors(round_form if round_form.is_bound else schedule_form, error)
    sort = request.GET.get("sort", "start")
    context = listing(request, selectors.round_list(actor=actor, plan=plan, sort=sort), sort=sort)
    context.update(
        {
            "plan": plan,
            "round_form": round_form,
            "schedule_form": schedule_form,
            "can_manage": can_manage,
            "today": today(),
        }
    )
    return render(request, "action_plans/round_list.html", context)


@requires(Perm.PLAN_VIEW)
def round_detail(request, public_id):
    """A round: every action owing a report, its report's state; late and missing flagged."""
    actor = request.actor
    reporting_round = selectors.round_get(actor=actor, public_id=public_id)
    rows = selectors.round_report_rows(actor=actor, reporting_round=reporting_round, today=today())
    flagged = sum(row.is_flagged for row in rows)
    state = request.GET.get("state", "")
    if state:
        rows = [row for row in rows if row.state == state]
    sort = request.GET.get("sort", "organisation")
    key = ROW_SORTS.get(sort.lstrip("-"), ROW_SORTS["organisation"])
    rows.sort(key=key, reverse=sort.startswith("-"))
    context = listing(request, rows, sort=sort, per_page=50)
    context.update(
        {
            "round": reporting_round,
            "plan": reporting_round.plan,
            "state": state,
            "states": ReportState.choices,
            "can_manage": actor.can(Perm.PLAN_MANAGE),
            "flagged": flagged,
        }
    )
    return render(request, "action_plans/round_detail.html", context)


@requires(Perm.PLAN_MANAGE)
def round_edit(request, public_id):
    reporting_round = selectors.round_get(actor=request.actor, public_id=public_id)
    initial = {
        "label": reporting_round.label,
        "period_start": reporting_round.period_start,
        "period_end": reporting_round.period_end,
        "deadline": reporting_round.deadline,
    }
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.round_update(
                actor=request.actor, reporting_round=reporting_round, **form.cleaned_data
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("action_plans:round", public_id=reporting_round.public_id)
    return render(
        request,
        "action_plans/form.html",
        {
            "form": form,
            "title": _("Round %(label)s") % {"label": reporting_round.label},
            "submit_label": _("Save"),
            "cancel_url": reverse("action_plans:round", args=[reporting_round.public_id]),
            "delete_url": "action_plans:round_delete",
            "delete_id": reporting_round.public_id,
            "delete_confirm": _("Remove this round?"),
        },
    )


@require_POST
@requires(Perm.PLAN_MANAGE)
def round_delete(request, public_id):
    reporting_round = selectors.round_get(actor=request.actor, public_id=public_id)
    try:
        plan_services.round_delete(actor=request.actor, reporting_round=reporting_round)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("action_plans:round", public_id=reporting_round.public_id)
    messages.success(request, _("Round removed."))
    return redirect("action_plans:rounds", public_id=reporting_round.plan.public_id)


@require_POST
@requires(Perm.PLAN_MANAGE)
def remind(request, public_id):
    """Send the reminders and overdue notices due today now, rather than at the next hourly run."""
    reporting_round = selectors.round_get(actor=request.actor, public_id=public_id)
    result = reminders_send(actor=request.actor)
    messages.success(
        request,
        ngettext("%(count)s reminder sent.", "%(count)s reminders sent.", result.notifications)
        % {"count": result.notifications},
    )
    return redirect("action_plans:round", public_id=reporting_round.public_id)


@requires(Perm.PLAN_VIEW)
def my_reporting(request):
    """What the person's organisation owes: each begun round with its actions and their reports."""
    actor = request.actor
    if not may_report(actor):
        raise ActionDenied(
            _(
                "Only an organisation's administrators, and the people they name as reporters, "
                "report on its actions."
            )
        )
    day = today()
    context = listing(request, selectors.reporting_rounds_for(actor=actor, today=day), per_page=4)
    context["rounds"] = [
        (
            reporting_round,
            selectors.my_round_rows(actor=actor, reporting_round=reporting_round, today=day),
        )
        for reporting_round in context["page"]
    ]
    return render(request, "action_plans/my_reporting.html", context)


@requires(Perm.PLAN_VIEW)
def report_form(request, round_id, action_id):
    """Write, save and submit the report on one action for one round, with evidence files."""
    actor = request.actor
    services.require_reporting_right(actor)
    reporting_round = selectors.round_get(actor=actor, public_id=round_id)
    action = selectors.reportable_action_get(actor=actor, public_id=action_id)
    report = selectors.report_for(actor=actor, reporting_round=reporting_round, action=action)
    indicators = list(action.indicators.all())
    form = ReportForm(
        request.POST or None,
        indicators=indicators,
        show_budget=may_view_budgets(actor, action.plan),
        initial=ReportForm.initial_for(report, indicators, action),
    )
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("intent") == "submit"
        try:
            report = services.report_save(
                actor=actor,
                reporting_round=reporting_round,
                action=action,
                data=form.to_data(submit=submit),
                expected_version=version_of(request) if report is not None else None,
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Report submitted.") if submit else _("Draft saved."))
            return redirect(
                "action_plans:report_form",
                round_id=reporting_round.public_id,
                action_id=action.public_id,
            )
    return render(
        request,
        "action_plans/report_form.html",
        {
            "round": reporting_round,
            "action": action,
            "report": report,
            "form": form,
            "attachment_form": AttachmentForm(),
            "is_late": reporting_round.deadline < today() and not (report and report.is_submitted),
        },
    )


@requires(Perm.PLAN_VIEW)
def report_detail(request, public_id):
    report = selectors.report_get(actor=request.actor, public_id=public_id)
    return render(
        request,
        "action_plans/report_detail.html",
        {
            "report": report,
            "values": report.indicator_values.select_related("indicator"),
            "show_budget": may_view_budgets(request.actor, report.action.plan),
            "is_late": report.first_submitted_on is not None
            and report.first_submitted_on > report.round.deadline,
        },
    )


@requires(Perm.MEMBERSHIP_MANAGE, Perm.PROGRESS_REPORT_SUBMIT)
def reporters(request):
    """An organisation administrator names the members who report on the organisation's actions."""
    actor = request.actor
    form = ReporterForm(request.POST or None, candidates=selectors.reporter_candidates(actor=actor))
    if request.method == "POST" and form.is_valid():
        try:
            services.reporter_name(actor=actor, user=form.cleaned_data["user"])
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Named as a reporter."))
            return redirect("action_plans:reporters")
    return render(
        request,
        "action_plans/reporters.html",
        {"form": form, "reporters": selectors.reporter_list(actor=actor)},
    )


@require_POST
@requires(Perm.MEMBERSHIP_MANAGE, Perm.PROGRESS_REPORT_SUBMIT)
def reporter_end(request, public_id):
    reporter = selectors.reporter_get(actor=request.actor, public_id=public_id)
    services.reporter_end(actor=request.actor, reporter=reporter)
    messages.success(request, _("No longer a reporter."))
    return redirect("action_plans:reporters")
