"""Reading evidence attachments. Every download is an audit event (files may name people)."""

from __future__ import annotations

from dataclasses import dataclass

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.scopes.action_plans import visible_attachments
from waypoint.action_plans.models import Attachment
from waypoint.audit import services as audit
from waypoint.common import files


@dataclass(frozen=True)
class AttachmentContent:
    filename: str
    content_type: str
    content: bytes


def attachment_get(*, actor: Actor, public_id: object) -> Attachment:
    return get_visible(visible_attachments(actor), public_id=public_id)


def attachment_content(*, actor: Actor, public_id: object) -> AttachmentContent:
    """The decrypted file, for someone who sees the record it is attached to; the read is audited."""
    attachment = attachment_get(actor=actor, public_id=public_id)
    content = files.read(attachment.stored_name, context=attachment.file_context())
    audit.record(
        actor=actor,
        action="plan_attachment.download",
        target=attachment,
        details={"content_type": attachment.content_type, "size": attachment.size},
    )
    return AttachmentContent(
        filename=attachment.filename or "attachment",
        content_type=attachment.content_type,
        content=content,
    )
