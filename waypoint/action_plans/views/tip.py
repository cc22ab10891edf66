"""Pages: the TIP report workspace (submissions per reporting period, the checklist, each criterion
with its evidence and narrative) and its export as one PDF or DOCX document."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.action_plans.exports.documents import pdf, tip_docx
from waypoint.action_plans.forms.common import AttachmentForm
from waypoint.action_plans.forms.reviews import CriterionForm, SubmissionCreateForm, SubmissionForm
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.selectors import tip as selectors
from waypoint.action_plans.services import tip as services
from waypoint.action_plans.views.common import download, listing, show_errors, today, version_of
from waypoint.common.errors import DomainError

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@requires(Perm.TIP_WORKSPACE_EDIT)
def submissions(request):
    """The submissions per reporting period; open the workspace for a new period."""
    current = TipPeriod.containing(today())
    form = SubmissionCreateForm(request.POST or None, initial={"period": current.year})
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_create(
                actor=request.actor, period=TipPeriod.starting_in(form.cleaned_data["period"])
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Workspace opened for the period."))
            return redirect("action_plans:tip", public_id=submission.public_id)
    context = listing(request, selectors.submission_list(actor=request.actor))
    context.update({"form": form, "current": current})
    return render(request, "action_plans/tip_list.html", context)


@requires(Perm.TIP_WORKSPACE_EDIT)
def workspace(request, public_id):
    """The checklist of the four minimum standards and twelve criteria, with the gap flags."""
    actor = request.actor
    submission = selectors.submission_get(actor=actor, public_id=public_id)
    form = SubmissionForm(
        request.POST or None,
        initial={
            "status": submission.status,
            "submitted_on": submission.submitted_on,
            "summary": submission.summary or "",
            "version": submission.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_update(
                actor=actor,
                submission=submission,
                status=form.cleaned_data["status"],
                summary=form.cleaned_data["summary"],
                submitted_on=form.cleaned_data["submitted_on"],
                expected_version=version_of(request),
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("action_plans:tip", public_id=submission.public_id)
    return render(
        request,
        "action_plans/tip_workspace.html",
        {
            "workspace": selectors.workspace(actor=actor, submission=submission, today=today()),
            "form": form,
        },
    )


@requires(Perm.TIP_WORKSPACE_EDIT)
def criterion(request, public_id, code):
    """One standard or criterion: its text, the evidence for the period and the previous one, the
    gaps that concern it, the narrative and attachments."""
    actor = request.actor
    submission = selectors.submission_get(actor=actor, public_id=public_id)
    entry = selectors.criterion_entry_get(actor=actor, submission=submission, code=code)
    form = CriterionForm(
        request.POST or None,
        initial={
            "narrative": entry.narrative or "",
            "status": entry.status,
            "version": entry.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_entry_update(
                actor=actor,
                entry=entry,
                narrative=form.cleaned_data["narrative"],
                status=form.cleaned_data["status"],
                expected_version=version_of(request),
            )
        except DomainError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("action_plans:tip", args=[submission.public_id]) + f"#{code}")
    result = selectors.workspace(actor=actor, submission=submission, today=today())
    return render(
        request,
        "action_plans/tip_criterion.html",
        {
            "workspace": result,
            "view": result.view(code),
            "form": form,
            "attachment_form": AttachmentForm(),
        },
    )


@requires(Perm.TIP_WORKSPACE_EDIT)
def export_pdf(request, public_id):
    submission = selectors.submission_get(actor=request.actor, public_id=public_id)
    result = selectors.workspace_for_export(
        actor=request.actor, submission=submission, today=today(), file_format="pdf"
    )
    document = pdf("action_plans/exports/tip_pdf.html", {"workspace": result})
    return download(
        document,
        filename=f"tip-submission-{result.period.slug}.pdf",
        content_type="application/pdf",
    )


@requires(Perm.TIP_WORKSPACE_EDIT)
def export_docx(request, public_id):
    submission = selectors.submission_get(actor=request.actor, public_id=public_id)
    result = selectors.workspace_for_export(
        actor=request.actor, submission=submission, today=today(), file_format="docx"
    )
    return download(
        tip_docx(result), filename=f"tip-submission-{result.period.slug}.docx", content_type=DOCX
    )
