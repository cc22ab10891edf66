"""Scope over published reference statistics (aggregates only: no person, no case)."""

from __future__ import annotations

from django.db.models import QuerySet

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm
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
