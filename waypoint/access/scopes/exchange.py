"""Scopes of the exchange: which cases an export may contain, which jobs a person may see.

- An export by a person contains exactly the cases they may open (``visible_cases``), each limited
  to the sections their role and organisation need (``case_sections``). Roles whose scope is
  aggregate-only or none (analysts, coordinators, auditors …) export no rows at all.
- An export from the server console (``manage.py export_htcds --organisation NAME``) acts as the
  system for one organisation, named explicitly by the operator: it contains the cases that
  organisation owns. Whoever can run ``manage.py`` already holds the data keys.
- Import jobs are seen by the people of the organisation who may import; export jobs (and their
  files) only by the person who asked for them.
"""

from __future__ import annotations

from django.db.models import QuerySet

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm, Scope
from waypoint.access.scopes.cases import Section, case_sections, visible_cases
from waypoint.cases.models import Case
from waypoint.exchange.models import ExportJob, ImportJob

ROW_SCOPES = frozenset({Scope.OWN, Scope.ORGANISATION, Scope.SHARED})


def is_console(actor: Actor) -> bool:
    return actor.user is None and actor.via == "cli" and actor.organisation is not None


def may_export_rows(actor: Actor) -> bool:
    """False for roles that see statistics only (or nothing): they never get record-level files."""
    if not actor.can(Perm.DATA_EXPORT):
        return False
    return is_console(actor) or actor.scope in ROW_SCOPES


def exportable_cases(actor: Actor) -> QuerySet[Case]:
    """Cases an export by ``actor`` may contain. Fails closed."""
    if not may_export_rows(actor):
        return Case.objects.none()
    if is_console(actor):
        return Case.objects.filter(owner_organisation=actor.organisation)
    return visible_cases(actor)


def export_sections(actor: Actor, case: Case) -> frozenset[Section]:
    """The sections of ``case`` an export by ``actor`` may contain."""
    return case_sections(actor, case)


def visible_import_jobs(actor: Actor) -> QuerySet[ImportJob]:
    if actor.user is None or actor.organisation is None or not actor.can(Perm.DATA_IMPORT):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(organisation=actor.organisation)


def visible_export_jobs(actor: Actor) -> QuerySet[ExportJob]:
    if actor.user is None or actor.organisation is None or not actor.can(Perm.DATA_EXPORT):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(organisation=actor.organisation, requested_by=actor.user)
