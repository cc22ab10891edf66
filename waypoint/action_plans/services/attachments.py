"""Evidence attachments: checked for type and size, encrypted at rest, removed for good.

Accepted: PDF, Word (DOCX), Excel (XLSX), OpenDocument text and spreadsheets (ODT, ODS), PNG and JPEG
images, plain text and CSV, up to ``WAYPOINT_MAX_UPLOAD_MB``. The content must match its extension
(the file's first bytes are checked), so a renamed executable is refused.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible, require
from waypoint.access.roles import Perm
from waypoint.access.scopes.action_plans import (
    reportable_actions,
    visible_attachments,
    visible_criterion_entries,
    visible_recommendations,
    visible_reports,
    visible_trainings,
)
from waypoint.action_plans.choices import SubmissionStatus
from waypoint.action_plans.models import (
    Attachment,
    CriterionEntry,
    ProgressReport,
    Recommendation,
    Training,
)
from waypoint.action_plans.services.reports import require_reporting_right
from waypoint.audit import services as audit
from waypoint.common import files
from waypoint.common.errors import ValidationFailed

Owner = ProgressReport | Recommendation | Training | CriterionEntry

CONTENT_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
    ".csv": "text/csv",
}


def _zip_names(content: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return None


def _odf_mimetype(content: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return archive.read("mimetype").decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, KeyError, ValueError):
        return ""


def content_matches(extension: str, content: bytes) -> bool:
    """Whether the file's content is what its extension says."""
    if extension == ".pdf":
        return content.startswith(b"%PDF-")
    if extension == ".png":
        return content.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in (".jpg", ".jpeg"):
        return content.startswith(b"\xff\xd8\xff")
    if extension in (".docx", ".xlsx"):
        if not content.startswith(b"PK\x03\x04"):
            return False
        names = _zip_names(content) or []
        folder = "word/" if extension == ".docx" else "xl/"
        return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)
    if extension in (".odt", ".ods"):
        return (
            content.startswith(b"PK\x03\x04") and _odf_mimetype(content) == CONTENT_TYPES[extension]
        )
    if extension in (".txt", ".csv"):
        if b"\x00" in content:
            return False
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    return False


def check_upload(filename: str, content: bytes) -> tuple[str, str]:
    """The cleaned file name and its content type, or ValidationFailed saying what is wrong."""
    name = PurePath((filename or "").replace("\\", "/")).name.strip()[:200]
    extension = PurePath(name).suffix.lower()
    limit = settings.WAYPOINT_MAX_UPLOAD_BYTES
    if not name:
        problem = _("The file has no name.")
    elif extension not in CONTENT_TYPES:
        problem = _("Files of this type are not accepted. Use one of: %(types)s.") % {
            "types": ", ".join(sorted({ext.lstrip(".").upper() for ext in CONTENT_TYPES}))
        }
    elif not content:
        problem = _("The file is empty.")
    elif len(content) > limit:
        problem = _("The file is larger than %(megabytes)s MB.") % {
            "megabytes": limit // (1024 * 1024)
        }
    elif not content_matches(extension, content):
        problem = _("The file's content does not match its type (%(extension)s).") % {
            "extension": extension
        }
    else:
        return name, CONTENT_TYPES[extension]
    raise ValidationFailed(problem, fields={"file": [problem]})


def _require_owner_right(actor: Actor, owner: Owner) -> dict[str, Owner]:
    """Who may add or remove evidence depends on what it is attached to."""
    if isinstance(owner, ProgressReport):
        require_reporting_right(actor)
        report = get_visible(visible_reports(actor), pk=owner.pk)
        get_visible(reportable_actions(actor), pk=report.action_id)
        return {"report": report}
    if isinstance(owner, Recommendation):
        require(actor, Perm.RECOMMENDATION_MANAGE)
        return {"recommendation": get_visible(visible_recommendations(actor), pk=owner.pk)}
    if isinstance(owner, Training):
        require(actor, Perm.TRAINING_MANAGE)
        return {"training": get_visible(visible_trainings(actor), pk=owner.pk)}
    require(actor, Perm.TIP_WORKSPACE_EDIT)
    entry = get_visible(visible_criterion_entries(actor).select_related("submission"), pk=owner.pk)
    if entry.submission.status == SubmissionStatus.SUBMITTED:
        raise ValidationFailed(_("This submission was sent; reopen it to change it."))
    return {"criterion_entry": entry}


def _owner_of(attachment: Attachment) -> Owner:
    owner = (
        attachment.report or attachment.recommendation or attachment.training
    ) or attachment.criterion_entry
    assert owner is not None  # the database guarantees exactly one owner  # noqa: S101
    return owner


@transaction.atomic
def attachment_add(*, actor: Actor, owner: Owner, filename: str, content: bytes) -> Attachment:
    """Attach an evidence file to a report, recommendation, training or TIP criterion entry."""
    link = _require_owner_right(actor, owner)
    name, content_type = check_upload(filename, content)
    attachment = Attachment(
        filename=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor.user,
        **link,
    )
    stored = files.store(content, context=attachment.file_context())
    attachment.stored_name = stored
    try:
        attachment.save()
        audit.record(
            actor=actor,
            action="plan_attachment.add",
            target=attachment,
            subject=next(iter(link.values())),
            details={"content_type": content_type, "size": len(content)},
        )
    except Exception:
        files.delete(stored)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Actor, attachment: Attachment) -> None:
    """Remove an attachment and its encrypted file for good."""
    attachment = get_visible(visible_attachments(actor), pk=attachment.pk)
    link = _require_owner_right(actor, _owner_of(attachment))
    stored = attachment.stored_name
    audit.record(
        actor=actor,
        action="plan_attachment.delete",
        target=attachment,
        subject=next(iter(link.values())),
    )
    attachment.delete()
    transaction.on_commit(lambda: files.delete(stored))
