"""The work on a case: persons and their HTCDS context, notes, tasks, documents, support plans and
trafficking events. Every write goes through one service; every stale save keeps what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.access.scopes.accounts import visible_organisations
from waypoint.access.scopes.cases import Section, case_sections
from waypoint.cases import selectors, services
from waypoint.cases.forms import (
    CasePersonAddForm,
    ContextForm,
    DocumentForm,
    EventForm,
    NoteForm,
    SupportPlanForm,
    TaskForm,
    TaskStatusForm,
)
from waypoint.cases.models import CasePerson, CaseTask, SupportPlan
from waypoint.cases.services.work import safe_file_name
from waypoint.cases.views.common import keep_input_after_conflict, show_errors
from waypoint.common.errors import ConcurrencyConflict, ValidationFailed
from waypoint.people import selectors as people_selectors
from waypoint.people.forms import PersonSearchForm
from waypoint.people.selectors import PersonFilter


def _back(case, anchor=""):
    from django.urls import reverse

    return redirect(reverse("cases:detail", args=[case.public_id]) + anchor)


def _flash_errors(request, error):
    messages.error(request, " ".join([error.message, *sum(error.fields.values(), [])]))


@requires(Perm.CASE_VIEW)
def person_add(request, public_id):
    """Add a person to the case in a role: find them exactly, or record a new person first."""
    actor = request.actor
    case = selectors.case_get(actor=actor, public_id=public_id)
    search = PersonSearchForm(request.GET or None)
    matches = []
    if search.is_bound and search.is_valid() and search.has_exact_terms():
        data = search.cleaned_data
        matches = list(
            people_selectors.person_list(
                actor=actor,
                filters=PersonFilter(
                    identity_number=data["identity_number"] or "",
                    first_name=data["first_name"] or "",
                    second_name=data["second_name"] or "",
                    birthdate=data["birthdate"],
                ),
            )[:20]
        )
        people_selectors.record_list_read(actor=actor, persons=matches)
    chosen = None
    chosen_id = request.POST.get("person") or request.GET.get("person")
    if chosen_id:
        chosen, _identifying = people_selectors.person_detail(actor=actor, public_id=chosen_id)
    form = CasePersonAddForm(
        request.POST or None, initial={"person": chosen.public_id if chosen else None}
    )
    if request.method == "POST" and form.is_valid() and chosen is not None:
        try:
            services.case_person_add(
                actor=actor,
                case=case,
                person=chosen,
                role=form.cleaned_data["role"],
                registered_on=form.cleaned_data["registered_on"],
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The person was added to the case."))
            return _back(case, "#persons")
    return render(
        request,
        "cases/person_add.html",
        {"case": case, "search": search, "matches": matches, "chosen": chosen, "form": form},
    )


def _context_form(request, link, *, data=None, initial=None):
    organisations = visible_organisations(request.actor).order_by("name")
    return ContextForm(data, role=link.role, organisations=organisations, initial=initial)


@requires(Perm.CASE_VIEW)
def context_edit(request, public_id):
    """Edit the HTCDS victim or perpetrator context of a person in the case."""
    actor = request.actor
    link = selectors.case_person_get(actor=actor, public_id=public_id)
    if Section.VICTIM_CONTEXT not in case_sections(actor, link.case):
        from waypoint.common.errors import NotVisible

        raise NotVisible()
    codes = selectors.case_person_codes(actor=actor, case_person=link)
    initial = ContextForm.initial_for(link, codes)
    form = _context_form(request, link, data=request.POST or None, initial=initial)
    differences = []
    if request.method == "POST" and form.is_valid():
        values, code_values = form.values_and_codes()
        try:
            services.victim_context_update(
                actor=actor,
                case_person=link,
                values=values,
                codes=code_values,
                expected_version=form.expected_version(),
            )
        except ConcurrencyConflict:
            current = selectors.case_person_get(actor=actor, public_id=public_id)
            current_codes = selectors.case_person_codes(actor=actor, case_person=current)
            differences = keep_input_after_conflict(
                form,
                current_version=current.version,
                current=ContextForm.initial_for(current, current_codes),
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The details were saved."))
            return _back(link.case, "#persons")
    return render(
        request,
        "cases/context_form.html",
        {"form": form, "link": link, "case": link.case, "differences": differences},
    )


@require_POST
@requires(Perm.CASE_NOTE_ADD)
def note_add(request, public_id):
    case = selectors.case_get(actor=request.actor, public_id=public_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(actor=request.actor, case=case, body=form.cleaned_data["body"])
        except ValidationFailed as error:
            _flash_errors(request, error)
        else:
            messages.success(request, _("The note was added."))
    else:
        messages.error(request, _("Write the note before adding it."))
    return _back(case, "#notes")


@requires(Perm.CASE_TASK_MANAGE)
def task_create(request, public_id):
    actor = request.actor
    case = selectors.case_get(actor=actor, public_id=public_id)
    form = TaskForm(request.POST or None, users=selectors.assignable_users(case=case))
    if request.method == "POST" and form.is_valid():
        try:
            services.task_create(
                actor=actor,
                case=case,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
                assigned_to=form.cleaned_data["assigned_to"],
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The task was created."))
            return _back(case, "#tasks")
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "case": case, "title": _("New task"), "submit": _("Create the task")},
    )


def _task_initial(task: CaseTask) -> dict:
    return {
        "title": task.title,
        "due_on": task.due_on,
        "assigned_to": task.assigned_to.public_id if task.assigned_to else None,
        "version": task.version,
    }


@requires(Perm.CASE_TASK_MANAGE)
def task_edit(request, public_id):
    actor = request.actor
    task = selectors.task_get(actor=actor, public_id=public_id)
    form = TaskForm(
        request.POST or None,
        users=selectors.assignable_users(case=task.case),
        initial=_task_initial(task),
    )
    differences = []
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in ("title", "due_on", "assigned_to")}
        if changes["assigned_to"] is None:
            changes["assigned_to"] = actor.user
        try:
            services.task_update(
                actor=actor, task=task, changes=changes, expected_version=form.expected_version()
            )
        except ConcurrencyConflict:
            current = selectors.task_get(actor=actor, public_id=public_id)
            differences = keep_input_after_conflict(
                form, current_version=current.version, current=_task_initial(current)
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The task was saved."))
            return _back(task.case, "#tasks")
    return render(
        request,
        "cases/case_form.html",
        {
            "form": form,
            "case": task.case,
            "differences": differences,
            "title": _("Edit task"),
            "submit": _("Save"),
        },
    )


@require_POST
@requires(Perm.CASE_TASK_MANAGE)
def task_status(request, public_id):
    """Mark a task done, reopen it or cancel it."""
    task = selectors.task_get(actor=request.actor, public_id=public_id)
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        try:
            services.task_set_status(
                actor=request.actor,
                task=task,
                status=form.cleaned_data["status"],
                expected_version=form.expected_version(),
            )
        except ConcurrencyConflict:
            messages.error(
                request,
                _("Someone else changed this task just now, so nothing was saved. Look again."),
            )
        except ValidationFailed as error:
            _flash_errors(request, error)
        else:
            messages.success(request, _("The task was updated."))
    return _back(task.case, "#tasks")


@require_POST
@requires(Perm.DOCUMENT_UPLOAD)
def document_upload(request, public_id):
    actor = request.actor
    case = selectors.case_get(actor=actor, public_id=public_id)
    form = DocumentForm(request.POST, request.FILES)
    show_names = Section.IDENTIFYING in case_sections(actor, case)
    form.setup_persons(case.case_persons.select_related("person"), show_names=show_names)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_upload(
                actor=actor,
                case=case,
                content=upload.read(),
                file_name=upload.name or "document",
                title=form.cleaned_data["title"],
                document_type=form.cleaned_data["document_type"],
                case_person=form.cleaned_data["case_person"],
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The document was stored, encrypted."))
            return _back(case, "#documents")
    return render(
        request,
        "cases/case_form.html",
        {
            "form": form,
            "case": case,
            "multipart": True,
            "title": _("Upload a document"),
            "submit": _("Upload"),
        },
        status=400,  # only reached when the upload was refused
    )


@requires(Perm.DOCUMENT_VIEW)
def document_download(request, public_id):
    """The decrypted document as an attachment (never shown inline); every download is audited."""
    document = selectors.document_get(actor=request.actor, public_id=public_id)
    content = selectors.document_read(actor=request.actor, document=document)
    return document_response(document, content)


def document_response(document, content):
    import io

    response = FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=safe_file_name(document.original_name or "document"),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _plan_initial(plan: SupportPlan) -> dict:
    return {
        "plan_type": plan.plan_type,
        "case_person": plan.case_person.public_id if plan.case_person else None,
        "objectives": plan.objectives or "",
        "action_plan": plan.action_plan or "",
        "planned_end_date": plan.planned_end_date,
        "actual_end_date": plan.actual_end_date,
        "version": plan.version,
    }


def _persons_of(actor, case):
    show_names = Section.IDENTIFYING in case_sections(actor, case)
    return CasePerson.objects.filter(case=case).select_related("person"), show_names


@requires(Perm.SUPPORT_PLAN_EDIT)
def support_plan_edit(request, public_id=None, plan_id=None):
    """Create (``public_id`` = case) or edit (``plan_id``) a support plan."""
    actor = request.actor
    plan = selectors.support_plan_get(actor=actor, public_id=plan_id) if plan_id else None
    case = plan.case if plan else selectors.case_get(actor=actor, public_id=public_id)
    form = SupportPlanForm(request.POST or None, initial=_plan_initial(plan) if plan else None)
    form.setup_persons(*_persons_of(actor, case))
    differences = []
    if request.method == "POST" and form.is_valid():
        try:
            services.support_plan_save(
                actor=actor,
                case=case,
                values=form.values(),
                plan=plan,
                expected_version=form.expected_version() if plan else None,
            )
        except ConcurrencyConflict:
            current = selectors.support_plan_get(actor=actor, public_id=plan_id)
            differences = keep_input_after_conflict(
                form, current_version=current.version, current=_plan_initial(current)
            )
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The support plan was saved."))
            return _back(case, "#support-plans")
    return render(
        request,
        "cases/case_form.html",
        {
            "form": form,
            "case": case,
            "differences": differences,
            "title": _("Edit the support plan") if plan else _("New support plan"),
            "submit": _("Save"),
        },
    )


@requires(Perm.CASE_VIEW)
def event_add(request, public_id):
    """Record a recruitment, transit or exploitation event (HTCDS hte_)."""
    actor = request.actor
    case = selectors.case_get(actor=actor, public_id=public_id)
    form = EventForm(request.POST or None)
    form.setup_persons(*_persons_of(actor, case))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_add(actor=actor, case=case, values=form.values())
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The event was added to the timeline."))
            return _back(case, "#events")
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "case": case, "title": _("Add a trafficking event"), "submit": _("Add")},
    )


@require_POST
@requires(Perm.CASE_VIEW)
def event_delete(request, public_id):
    event = selectors.event_get(actor=request.actor, public_id=public_id)
    case = event.case
    services.event_delete(actor=request.actor, event=event)
    messages.success(request, _("The event was removed from the timeline."))
    return _back(case, "#events")
