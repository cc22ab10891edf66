"""Writing and verifying the audit chain.

``record`` is called by services inside their own transaction, so an audit event exists exactly when
the change it describes exists. Each event's hash covers its content and the previous event's hash;
``verify_chain`` recomputes every link and names the first event that does not verify.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from waypoint.access.actor import Actor
from waypoint.audit.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64
HEAD_ID = 1
_ACTION = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
_HASHED_FIELDS = (
    "sequence",
    "public_id",
    "occurred_at",
    "actor_public_id",
    "actor_username",
    "actor_roles",
    "organisation_public_id",
    "organisation_name",
    "via",
    "action",
    "target_type",
    "target_id",
    "subject_id",
    "details",
    "reason",
    "request_id",
    "ip_address",
    "previous_hash",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def event_hash(event: AuditEvent) -> str:
    """SHA-256 over the canonical JSON of the event's content and the previous hash."""
    payload = {name: _canonical(getattr(event, name)) for name in _HASHED_FIELDS}
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _lock_head() -> AuditChainHead:
    """Take the chain's write lock (an UPDATE locks the row on PostgreSQL and SQLite alike)."""
    if AuditChainHead.objects.filter(pk=HEAD_ID).update(sequence=F("sequence") + 1) == 0:
        last = AuditEvent.objects.order_by("-sequence").first()
        AuditChainHead.objects.get_or_create(
            pk=HEAD_ID,
            defaults={
                "sequence": last.sequence if last else 0,
                "hash": last.hash if last else GENESIS_HASH,
            },
        )
        AuditChainHead.objects.filter(pk=HEAD_ID).update(sequence=F("sequence") + 1)
    return AuditChainHead.objects.get(pk=HEAD_ID)


def record(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | uuid.UUID = "",
    subject: models.Model | None = None,
    details: Mapping[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one event for ``action`` by ``actor`` on ``target`` (and its ``subject``, e.g. a case).

    ``details`` must never hold identifying values: field names, codes and counts only.
    """
    if not _ACTION.match(action):
        raise ValueError(f"Audit action {action!r} must look like 'area.verb'.")
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(getattr(target, "public_id", target.pk))
    subject_id = str(getattr(subject, "public_id", "")) if subject is not None else ""
    with transaction.atomic():
        head = _lock_head()
        event = AuditEvent(
            sequence=head.sequence,
            public_id=uuid.uuid4(),
            occurred_at=timezone.now(),
            actor_public_id=str(actor.user.public_id) if actor.user is not None else "",
            actor_username=actor.user.username if actor.user is not None else "system",
            actor_roles=",".join(sorted(actor.roles)),
            organisation_public_id=(
                str(actor.organisation.public_id) if actor.organisation is not None else ""
            ),
            organisation_name=actor.organisation.name if actor.organisation is not None else "",
            via=actor.via,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            subject_id=subject_id or (str(target_id) if target is not None else ""),
            details=json.loads(json.dumps(dict(details or {}), default=str)),
            reason=(reason or actor.system_reason)[:300],
            request_id=actor.request_id,
            ip_address=actor.ip_address or "",
            previous_hash=head.hash,
        )
        event.hash = event_hash(event)
        event.save()
        AuditChainHead.objects.filter(pk=HEAD_ID).update(hash=event.hash)
    return event


@dataclass(frozen=True)
class ChainVerification:
    events_checked: int
    is_intact: bool
    first_bad_sequence: int | None = None
    first_bad_event_id: str | None = None
    problem: str = ""
    head_hash: str = GENESIS_HASH


def _events(batch: int = 2000) -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("sequence").iterator(chunk_size=batch)


def verify_chain(progress: Any = None) -> ChainVerification:
    """Recompute every link; stop at the first event whose content or link does not verify."""
    previous_hash = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for event in _events():
        problem = ""
        if event.sequence != expected_sequence:
            problem = f"sequence jumps from {expected_sequence - 1} to {event.sequence}"
        elif event.previous_hash != previous_hash:
            problem = "its link to the previous event is broken"
        elif event_hash(event) != event.hash:
            problem = "its content does not match its hash (it was changed)"
        if problem:
            return ChainVerification(
                events_checked=checked,
                is_intact=False,
                first_bad_sequence=event.sequence,
                first_bad_event_id=str(event.public_id),
                problem=problem,
                head_hash=previous_hash,
            )
        checked += 1
        previous_hash = event.hash
        expected_sequence += 1
        if progress is not None:
            progress(checked)
    head = AuditChainHead.objects.filter(pk=HEAD_ID).first()
    if head is not None and (head.sequence != checked or head.hash != previous_hash):
        return ChainVerification(
            events_checked=checked,
            is_intact=False,
            first_bad_sequence=checked + 1,
            first_bad_event_id=None,
            problem=(
                f"the chain head records {head.sequence} events but {checked} remain: "
                "events were removed from the end"
            ),
            head_hash=previous_hash,
        )
    return ChainVerification(events_checked=checked, is_intact=True, head_hash=previous_hash)
