"""The case page, and opening, editing, assigning, transferring, closing and reopening a case."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.access.scopes.accounts import visible_organisations
from waypoint.access.scopes.cases import Section, can_work_on
from waypoint.cases import selectors, services
from waypoint.cases.choices import TaskStatus
from waypoint.cases.forms import (
    CaseAssignForm,
    CaseCloseForm,
    CaseEditForm,
    CaseOpenForm,
    CaseReopenForm,
    CaseTransferForm,
    DocumentForm,
    NoteForm,
    TaskForm,
)
from waypoint.cases.models import Case
from waypoint.cases.presenters import context_rows
from waypoint.cases.views.common import keep_input_after_conflict, show_errors
from waypoint.common.errors import ConcurrencyConflict, ValidationFailed
from waypoint.people import selectors as people_selectors


def _fresh(case: Case) -> Case:
    return Case.objects.select_related("owner_organisation", "case_owner").get(pk=case.pk)


@requires(Perm.CASE_VIEW)
def case_detail(request, public_id):
    """The case page: only the sections the person's role and organisation need."""
    actor = request.actor
    case = selectors.case_get(actor=actor, public_id=public_id)
    view = selectors.case_view(actor=actor, case=case)
    history = (
        selectors.case_history(actor=actor, case=case, include_reads=False)[:50]
        if Section.HISTORY in view.sections
        else []
    )
    can_work = can_work_on(actor, case)
    is_owner = (
        actor.organisation is not None and case.owner_organisation_id == actor.organisation.pk
    )
    persons = [
        {"link": link, "rows": context_rows(link, view.codes.get(link.pk, {}))}
        for link in view.persons
    ]
    today = timezone.localdate()
    context = {
        "view": view,
        "case": case,
        # A plain mapping: templates would call the enum class instead of reading its members.
        "Section": {member.name: member.value for member in Section},
        "history": history,
        "persons": persons,
        "can_work": can_work,
        "is_owner": is_owner,
        "today": today,
        "identifying": Section.IDENTIFYING in view.sections,
        "open_tasks": [task for task in view.tasks if task.status == TaskStatus.OPEN],
        "other_tasks": [task for task in view.tasks if task.status != TaskStatus.OPEN],
    }
    if can_work:
        users = selectors.assignable_users(case=case)
        context["note_form"] = NoteForm(auto_id="note_%s")
        context["task_form"] = TaskForm(users=users, auto_id="task_%s")
        show_names = Section.IDENTIFYING in view.sections
        document_form = DocumentForm(auto_id="document_%s")
        document_form.setup_persons(
            case.case_persons.select_related("person"), show_names=show_names
        )
        context["document_form"] = document_form
        if is_owner and actor.can(Perm.CASE_ASSIGN):
            context["assign_form"] = CaseAssignForm(
                users=users,
                auto_id="assign_%s",
                initial={"case_owner": case.case_owner.public_id if case.case_owner else None},
            )
    elif Section.NOTES not in view.sections and actor.can(Perm.CASE_NOTE_ADD):
        context["note_form"] = NoteForm(auto_id="note_%s")
    return render(request, "cases/case_detail.html", context)


@requires(Perm.CASE_CREATE)
def case_open(request):
    """Open a case for a person already recorded (from the person's page)."""
    actor = request.actor
    users = selectors.assignable_users(actor=actor)
    person_id = request.POST.get("person") or request.GET.get("person")
    person = None
    if person_id:
        person, identifying = people_selectors.person_detail(actor=actor, public_id=person_id)
    form = CaseOpenForm(
        request.POST or None,
        users=users,
        initial={"person": person.public_id if person else None, "role": "victim"},
    )
    if request.method == "POST" and form.is_valid() and person is not None:
        try:
            case = services.case_open(
                actor=actor,
                persons=[(person, form.cleaned_data["role"])],
                opened_on=form.cleaned_data["opened_on"],
                summary=form.cleaned_data["summary"],
                case_owner=form.cleaned_data["case_owner"],
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("Case %(reference)s is open.") % {"reference": case.reference}
            )
            return redirect("cases:detail", public_id=case.public_id)
    return render(
        request,
        "cases/case_open.html",
        {"form": form, "person": person, "identifying": person is not None and identifying},
    )


def _case_initial(case: Case) -> dict:
    return {
        "opened_on": case.opened_on,
        "status": case.status,
        "summary": case.summary or "",
        "version": case.version,
    }


@requires(Perm.CASE_VIEW)
def case_edit(request, public_id):
    """Change the summary, registration date or status; a stale save keeps what was typed."""
    actor = request.actor
    case = selectors.case_get(actor=actor, public_id=public_id)
    form = CaseEditForm(request.POST or None, initial=_case_initial(case))
    differences = []
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in ("opened_on", "status", "summary")}
        try:
            services.case_update(
                actor=actor, case=case, changes=changes, expected_version=form.expected_version()
            )
        except ConcurrencyConflict:
            current = _fresh(case)
            differences = keep_input_after_conflict(
                form, current_version=current.version, current=_case_initial(current)
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The case was saved."))
            return redirect("cases:detail", public_id=case.public_id)
    return render(
        request,
        "cases/case_form.html",
        {
            "form": form,
            "case": case,
            "differences": differences,
            "title": _("Edit case %(reference)s") % {"reference": case.reference},
            "submit": _("Save"),
        },
    )


@require_POST
@requires(Perm.CASE_ASSIGN)
def case_assign(request, public_id):
    """Make a colleague of the owning organisation responsible for the case."""
    actor = request.actor
    case = selectors.case_get(actor=actor, public_id=public_id)
    form = CaseAssignForm(request.POST, users=selectors.assignable_users(case=case))
    if form.is_valid():
        try:
            services.case_assign(actor=actor, case=case, user=form.cleaned_data["case_owner"])
        except ValidationFailed as error:
            messages.error(request, " ".join([error.message, *sum(error.fields.values(), [])]))
        else:
            messages.success(request, _("The responsible case worker was changed."))
    else:
        messages.error(request, _("Choose a case worker of your organisation."))
    return redirect("cases:detail", public_id=case.public_id)


@requires(Perm.CASE_TRANSFER)
def case_transfer(request, public_id):
    """Ask another organisation to take over the case; nothing is shared until it accepts."""
    actor = request.actor
    case = selectors.case_get(actor=actor, public_id=public_id)
    organisations = (
        visible_organisations(actor)
        .filter(is_active=True)
        .exclude(pk=case.owner_organisation_id)
        .order_by("name")
    )
    form = CaseTransferForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_transfer_request(
                actor=actor,
                case=case,
                to_organisation=form.cleaned_data["to_organisation"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The transfer was requested. The case stays yours until %(organisation)s accepts."
                )
                % {"organisation": form.cleaned_data["to_organisation"].name},
            )
            return redirect("cases:detail", public_id=case.public_id)
    return render(
        request,
        "cases/case_form.html",
        {
            "form": form,
            "case": case,
            "title": _("Transfer case %(reference)s") % {"reference": case.reference},
            "intro": _(
                "The receiving organisation's supervisors are told and accept or decline. Your "
                "organisation keeps the case, and the other organisation sees nothing of it, "
                "until they accept."
            ),
            "submit": _("Request the transfer"),
        },
    )


def _close_initial(case: Case) -> dict:
    return {
        "closure_reason": case.closure_reason,
        "status": case.status if case.is_closed else "Closed",
        "closed_on": case.closed_on,
        "details": case.closure_details or "",
        "version": case.version,
    }


@requires(Perm.CASE_CLOSE)
def case_close(request, public_id):
    """Close the case with an HTCDS closure status and a coded reason."""
    actor = request.actor
    case = selectors.case_get(actor=actor, public_id=public_id)
    form = CaseCloseForm(request.POST or None, initial=_close_initial(case))
    differences = []
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(
                actor=actor,
                case=case,
                closure_reason=form.cleaned_data["closure_reason"],
                details=form.cleaned_data["details"],
                closed_on=form.cleaned_data["closed_on"],
                status=form.cleaned_data["status"],
                expected_version=form.expected_version(),
            )
        except ConcurrencyConflict:
            current = _fresh(case)
            differences = keep_input_after_conflict(
                form, current_version=current.version, current=_close_initial(current)
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The case is closed."))
            return redirect("cases:detail", public_id=case.public_id)
    return render(
        request,
        "cases/case_form.html",
        {
            "form": form,
            "case": case,
            "differences": differences,
            "title": _("Close case %(reference)s") % {"reference": case.reference},
            "intro": _("A closed case can be reopened later; the closure stays in its history."),
            "submit": _("Close the case"),
        },
    )


@requires(Perm.CASE_CLOSE)
def case_reopen(request, public_id):
    actor = request.actor
    case = selectors.case_get(actor=actor, public_id=public_id)
    form = CaseReopenForm(request.POST or None, initial={"version": case.version})
    differences = []
    if request.method == "POST" and form.is_valid():
        try:
            services.case_reopen(
                actor=actor,
                case=case,
                reason=form.cleaned_data["reason"],
                expected_version=form.expected_version(),
            )
        except ConcurrencyConflict:
            current = _fresh(case)
            differences = keep_input_after_conflict(
                form, current_version=current.version, current={}
            )
            differences.append((str(_("Status")), str(current.get_status_display())))
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The case is open again."))
            return redirect("cases:detail", public_id=case.public_id)
    return render(
        request,
        "cases/case_form.html",
        {
            "form": form,
            "case": case,
            "differences": differences,
            "title": _("Reopen case %(reference)s") % {"reference": case.reference},
            "submit": _("Reopen the case"),
        },
    )
