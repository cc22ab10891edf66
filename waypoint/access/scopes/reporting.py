"""Scopes of the statistics area: published reference figures, and the victim records national
statistics count.

National statistics are aggregates over every record in the installation: they never return a row,
a person or a case, only counts, and every output except the coordinator's on-screen internal view
goes through disclosure control. Operational dashboards (an organisation's activity, a case worker's
caseload) do not use these scopes: they count over ``visible_cases`` (waypoint/access/scopes/cases.py).
"""

from __future__ import annotations

from django.db.models import QuerySet

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm
from waypoint.cases.choices import PersonRole
from waypoint.cases.models import CasePerson
from waypoint.reporting.models import PublishedFigure, ReferenceDataset


def visible_published_figures(actor: Actor) -> QuerySet[PublishedFigure]:
    """Everyone who may see statistics sees the published figures: they are public aggregates.
    They still reach outputs only through disclosure control, like every other table."""
    if actor.can(Perm.STATISTICS_VIEW):
        return PublishedFigure.objects.all()
    return PublishedFigure.objects.none()


def visible_reference_datasets(actor: Actor) -> QuerySet[ReferenceDataset]:
    """Which reference files were imported, and when: for people who see statistics or who
    manage the installation (who import them)."""
    if actor.can(Perm.STATISTICS_VIEW) or actor.can(Perm.SYSTEM_SETTINGS_MANAGE):
        return ReferenceDataset.objects.all()
    return ReferenceDataset.objects.none()


def statistical_victim_records(actor: Actor) -> QuerySet[CasePerson]:
    """Every victim record (a person registered as a victim in a case) in the installation, for
    people who see national statistics: the coordinator (exact figures, on screen only) and the
    roles whose statistics are disclosure-controlled. Table functions only aggregate this set; it
    never reaches a page, a file or the API as rows. Everyone else gets nothing (fails closed)."""
    if actor.can(Perm.STATISTICS_VIEW):
        return CasePerson.objects.filter(role=PersonRole.VICTIM)
    return CasePerson.objects.none()
