"""The daily work on a case: notes, tasks, documents, support plans and trafficking events."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.cases import visible_cases
from waypoint.accounts.models import User
from waypoint.audit import services as audit
from waypoint.cases.choices import DocumentType, EventType, SupportPlanType, TaskStatus
from waypoint.cases.models import (
    Case,
    CaseNote,
    CasePerson,
    CaseTask,
    Document,
    SupportPlan,
    TraffickingEvent,
)
from waypoint.cases.services.cases import _check_case_owner, _validate_date, require_case_work
from waypoint.common import countries, files
from waypoint.common.concurrency import save_versioned
from waypoint.common.errors import NotVisible, ValidationFailed

MAX_NOTE = 20000
# Allowed document formats, recognised by their first bytes (never by the name the browser sends).
_SIGNATURES: tuple[tuple[bytes, str, tuple[str, ...]], ...] = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (
        b"PK\x03\x04",
        "application/zip",
        (".docx", ".xlsx", ".odt", ".ods"),
    ),
)
_ZIP_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
ALLOWED_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".odt", ".ods", ".txt")


@transaction.atomic
def note_add(*, actor: Actor, case: Case, body: str) -> CaseNote:
    """Add a case comment. Organisations a case is shared with may add notes; they read only their own."""
    require(actor, Perm.CASE_NOTE_ADD)
    if not visible_cases(actor).filter(pk=case.pk).exists() or actor.organisation is None:
        raise NotVisible()
    text = body.strip()
    if not text:
        raise ValidationFailed(_("The note is empty."), fields={"body": [_("Write the note.")]})
    if len(text) > MAX_NOTE:
        raise ValidationFailed(
            _("The note is too long."), fields={"body": [_("At most 20000 characters.")]}
        )
    note = CaseNote.objects.create(
        case=case, author=actor.user, author_organisation=actor.organisation, body=text
    )
    audit.record(actor=actor, action="case.note_add", target=note, subject=case)
    return note


def _validate_task(values: Mapping[str, Any], *, case: Case, errors: dict[str, list[str]]) -> None:
    if "title" in values:
        title = (values.get("title") or "").strip()
        if not title:
            errors["title"] = [_("Say what needs doing.")]
        elif len(title) > 300:
            errors["title"] = [_("At most 300 characters.")]
    due_on = values.get("due_on")
    if due_on is not None and not isinstance(due_on, dt.date):
        errors["due_on"] = [_("Enter a date as YYYY-MM-DD.")]
    elif isinstance(due_on, dt.date) and due_on < case.opened_on:
        errors["due_on"] = [_("The due date is before the case opened.")]


@transaction.atomic
def task_create(
    *,
    actor: Actor,
    case: Case,
    title: str,
    due_on: dt.date | None = None,
    assigned_to: User | None = None,
) -> CaseTask:
    """Create a task on the case; its assignee is reminded before the due date."""
    require(actor, Perm.CASE_TASK_MANAGE)
    require_case_work(actor, case, Perm.CASE_TASK_MANAGE)
    errors: dict[str, list[str]] = {}
    _validate_task({"title": title, "due_on": due_on}, case=case, errors=errors)
    if errors:
        raise ValidationFailed(_("The task could not be created."), fields=errors)
    if assigned_to is not None:
        _check_case_owner(case.owner_organisation, assigned_to)
    task = CaseTask.objects.create(
        case=case,
        title=title.strip(),
        due_on=due_on,
        assigned_to=assigned_to or actor.user,
        created_by=actor.user,
    )
    audit.record(
        actor=actor,
        action="case.task_create",
        target=task,
        subject=case,
        details={"due_on": due_on},
    )
    return task


@transaction.atomic
def task_update(
    *, actor: Actor, task: CaseTask, changes: Mapping[str, Any], expected_version: int | None
) -> CaseTask:
    require_case_work(actor, task.case, Perm.CASE_TASK_MANAGE)
    errors: dict[str, list[str]] = {
        name: [_("This field cannot be changed here.")]
        for name in set(changes) - {"title", "due_on", "assigned_to"}
    }
    _validate_task(changes, case=task.case, errors=errors)
    if errors:
        raise ValidationFailed(_("The task could not be saved."), fields=errors)
    if "assigned_to" in changes and changes["assigned_to"] is not None:
        _check_case_owner(task.case.owner_organisation, changes["assigned_to"])
    for name, value in changes.items():
        setattr(task, name, value.strip() if isinstance(value, str) else value)
    if "due_on" in changes:
        task.reminded_on = None
        changes = {**changes, "reminded_on": None}
    save_versioned(task, expected_version=expected_version, fields=list(changes))
    audit.record(
        actor=actor,
        action="case.task_update",
        target=task,
        subject=task.case,
        details={"fields": sorted(changes)},
    )
    return task


@transaction.atomic
def task_set_status(
    *, actor: Actor, task: CaseTask, status: str, expected_version: int | None
) -> CaseTask:
    require_case_work(actor, task.case, Perm.CASE_TASK_MANAGE)
    if status not in TaskStatus.values:
        raise ValidationFailed(_("Unknown status."), fields={"status": [_("Unknown status.")]})
    task.status = status
    task.completed_at = timezone.now() if status == TaskStatus.DONE else None
    save_versioned(task, expected_version=expected_version, fields=["status", "completed_at"])
    audit.record(
        actor=actor,
        action="case.task_status",
        target=task,
        subject=task.case,
        details={"status": status},
    )
    return task


def _office_container_matches(extension: str, content: bytes) -> bool:
    """Whether a ZIP holds the office document its extension says (any ZIP starts with PK)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if extension in (".docx", ".xlsx"):
                folder = "word/" if extension == ".docx" else "xl/"
                return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
            return mimetype.decode("ascii", "replace").strip() == _ZIP_TYPES[extension]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return False


def detect_content_type(content: bytes, name: str) -> str | None:
    """The document's real type from its first bytes and extension, or None when not allowed."""
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        return None
    for signature, content_type, extensions in _SIGNATURES:
        if content.startswith(signature):
            if extension not in extensions:
                return None
            if extension in _ZIP_TYPES and not _office_container_matches(extension, content):
                return None
            return _ZIP_TYPES.get(extension, content_type)
    if extension == ".txt":
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return "text/plain" if "\x00" not in text else None
    return None


def safe_file_name(name: str) -> str:
    """The last path component, without control characters or path tricks, at most 120 characters."""
    base = PurePath(name.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f/]", "", base).strip(" .") or "document"
    return base[-120:]


@transaction.atomic
def document_upload(
    *,
    actor: Actor,
    case: Case,
    content: bytes,
    file_name: str,
    title: str,
    document_type: str,
    case_person: CasePerson | None = None,
) -> Document:
    """Store a document encrypted at rest. Only PDF, images, office documents and plain text, up to
    the configured size; the type is checked from the file's content."""
    require(actor, Perm.DOCUMENT_UPLOAD)
    require_case_work(actor, case, Perm.DOCUMENT_UPLOAD)
    errors: dict[str, list[str]] = {}
    limit = int(settings.WAYPOINT_MAX_UPLOAD_BYTES)
    if not content:
        errors["file"] = [_("The file is empty.")]
    elif len(content) > limit:
        errors["file"] = [
            _("The file is larger than %(size)s MB.") % {"size": limit // (1024 * 1024)}
        ]
    name = safe_file_name(file_name)
    content_type = detect_content_type(content, name) if content else None
    if content and "file" not in errors and content_type is None:
        errors["file"] = [
            _(
                "Only PDF, PNG, JPEG, Word, Excel, OpenDocument and plain-text files are accepted, and the content must match the name."
            )
        ]
    if not title.strip():
        errors["title"] = [_("Give the document a title.")]
    if document_type not in DocumentType.values:
        errors["document_type"] = [_("Choose the kind of document.")]
    if case_person is not None and case_person.case_id != case.pk:
        errors["case_person"] = [_("This person is not in the case.")]
    if errors:
        raise ValidationFailed(_("The document could not be stored."), fields=errors)
    document = Document(
        case=case,
        case_person=case_person,
        title=title.strip()[:300],
        document_type=document_type,
        original_name=name,
        content_type=content_type or "application/octet-stream",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor.user,
        uploaded_for=actor.organisation,
        stored_name="pending",
    )
    document.stored_name = files.store(content, context=document.file_context())
    try:
        document.save()
        audit.record(
            actor=actor,
            action="case.document_upload",
            target=document,
            subject=case,
            details={"type": document_type, "size": len(content), "content_type": content_type},
        )
    except Exception:
        files.delete(document.stored_name)
        raise
    # A later rollback of an enclosing transaction leaves an unreferenced file; the periodic
    # sweep (tasks.remove_orphan_documents) deletes those.
    return document


@transaction.atomic
def support_plan_save(
    *,
    actor: Actor,
    case: Case,
    values: Mapping[str, Any],
    plan: SupportPlan | None = None,
    expected_version: int | None = None,
) -> SupportPlan:
    """Create or change a support plan (``spl_``) of the case."""
    require(actor, Perm.SUPPORT_PLAN_EDIT)
    require_case_work(actor, case, Perm.SUPPORT_PLAN_EDIT)
    allowed = {
        "plan_type",
        "objectives",
        "action_plan",
        "planned_end_date",
        "actual_end_date",
        "case_person",
    }
    errors: dict[str, list[str]] = {name: [_("Unknown field.")] for name in set(values) - allowed}
    plan_type = values.get("plan_type", plan.plan_type if plan else "")
    if plan_type not in SupportPlanType.values:
        errors["plan_type"] = [_("Choose the type of support.")]
    for name in ("planned_end_date", "actual_end_date"):
        value = values.get(name)
        if value is not None and not isinstance(value, dt.date):
            errors[name] = [_("Enter a date as YYYY-MM-DD.")]
        elif isinstance(value, dt.date) and value < case.opened_on:
            errors[name] = [_("The date is before the case opened.")]
    actual = values.get("actual_end_date")
    if isinstance(actual, dt.date) and actual > timezone.localdate():
        errors["actual_end_date"] = [_("The plan cannot have ended in the future.")]
    person = values.get("case_person")
    if person is not None and person.case_id != case.pk:
        errors["case_person"] = [_("This person is not in the case.")]
    if errors:
        raise ValidationFailed(_("The support plan could not be saved."), fields=errors)
    cleaned = {name: (value if value != "" else None) for name, value in values.items()}
    if plan is None:
        plan = SupportPlan.objects.create(case=case, created_by=actor.user, **cleaned)
        action = "case.support_plan_create"
    else:
        if plan.case_id != case.pk:
            raise NotVisible()
        for name, value in cleaned.items():
            setattr(plan, name, value)
        save_versioned(plan, expected_version=expected_version, fields=list(cleaned))
        action = "case.support_plan_update"
    audit.record(
        actor=actor,
        action=action,
        target=plan,
        subject=case,
        details={"type": plan.plan_type, "fields": sorted(values)},
    )
    return plan


@transaction.atomic
def event_add(*, actor: Actor, case: Case, values: Mapping[str, Any]) -> TraffickingEvent:
    """Record a dated recruitment, transit or exploitation event (``hte_``)."""
    require_case_work(actor, case)
    allowed = {
        "event_type",
        "event_date",
        "country",
        "city",
        "state",
        "street",
        "postal_code",
        "latitude",
        "longitude",
        "description",
        "case_person",
    }
    errors: dict[str, list[str]] = {name: [_("Unknown field.")] for name in set(values) - allowed}
    if values.get("event_type") not in EventType.values:
        errors["event_type"] = [_("Recruitment, transit or exploitation.")]
    _validate_date(errors, "event_date", values.get("event_date"), today=timezone.localdate())
    country = values.get("country")
    if country and not (countries.is_country(country) or country == countries.UNKNOWN):
        errors["country"] = [_("Use an ISO 3166 two-letter country code.")]
    person = values.get("case_person")
    if person is not None and person.case_id != case.pk:
        errors["case_person"] = [_("This person is not in the case.")]
    if errors:
        raise ValidationFailed(_("The event could not be recorded."), fields=errors)
    event = TraffickingEvent.objects.create(
        case=case,
        created_by=actor.user,
        **{
            name: (value if value != "" else None) if name not in ("country",) else value
            for name, value in values.items()
        },
    )
    audit.record(
        actor=actor,
        action="case.event_add",
        target=event,
        subject=case,
        details={"type": event.event_type},
    )
    return event


@transaction.atomic
def event_delete(*, actor: Actor, event: TraffickingEvent) -> None:
    require_case_work(actor, event.case)
    case = event.case
    audit.record(
        actor=actor,
        action="case.event_delete",
        target=event,
        subject=case,
        details={"type": event.event_type},
    )
    event.delete()


def task_link(task: CaseTask) -> str:
    return reverse("cases:detail", args=[task.case.public_id]) + "#tasks"
