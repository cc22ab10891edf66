"""Sending notifications: in-app always, e-mail when asked. Idempotent by ``dedupe_key``."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from waypoint.access.actor import Actor
from waypoint.accounts.models import Organisation, User
from waypoint.common.errors import NotVisible
from waypoint.notifications.models import Notification

logger = logging.getLogger(__name__)


def notify(
    *,
    recipient: User,
    organisation: Organisation | None,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    dedupe_key: str = "",
    send_email: bool = False,
) -> Notification | None:
    """Create an in-app notification (and e-mail it) unless one with ``dedupe_key`` exists.

    ``title`` and ``body`` must not contain identifying data of survivors: use case references.
    Returns None when the notification had already been sent.
    """
    if not recipient.is_active:
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                organisation=organisation,
                kind=kind,
                title=title[:200],
                body=body,
                link=link,
                dedupe_key=dedupe_key[:200],
            )
    except IntegrityError:
        return None
    if send_email and recipient.email:
        base = getattr(settings, "WAYPOINT_BASE_URL", "")
        message = f"{body}\n\n{base}{link}" if link else body
        transaction.on_commit(lambda: _email(notification.pk, recipient.email, title, message))
    return notification


def _email(notification_id: int, address: str, subject: str, message: str) -> None:
    try:
        send_mail(
            subject=f"Waypoint: {subject}",
            message=message,
            from_email=None,
            recipient_list=[address],
        )
    except OSError:
        logger.warning("A notification e-mail could not be sent; it stays visible in Waypoint.")
        return
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())


def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    if actor.user is None or notification.recipient_id != actor.user.pk:
        raise NotVisible()
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "updated_at"])
    return notification


def notifications_mark_all_read(*, actor: Actor) -> int:
    if actor.user is None:
        return 0
    return Notification.objects.filter(recipient=actor.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
