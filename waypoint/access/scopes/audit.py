"""Scope over the audit log."""

from __future__ import annotations

from django.db.models import QuerySet

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm
from waypoint.accounts.choices import OrganisationType
from waypoint.audit.models import AuditEvent


def visible_audit_events(actor: Actor) -> QuerySet[AuditEvent]:
    """Auditors see the events of their own organisation's people.

    An auditor of the national coordination body (the national data protection function) sees every
    event. Events never hold identifying values, only who did what to which record id.
    """
    if not actor.can(Perm.AUDIT_VIEW) or actor.organisation is None:
        return AuditEvent.objects.none()
    if actor.organisation.org_type == OrganisationType.NATIONAL_COORDINATION:
        return AuditEvent.objects.all()
    return AuditEvent.objects.filter(organisation_public_id=str(actor.organisation.public_id))
