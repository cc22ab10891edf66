"""Published reference statistics (UK NRM, UNODC GLOTIP): aggregates that others published.

They are loaded from a file with ``manage.py import_reference_statistics`` into these tables, so
Waypoint never reads the original files at run time. They hold no person and no case: only
figures with their dimensions, and whether the publisher gave a number, withheld it (``<5``) or
gave none.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypoint.common.models import BaseModel


class ReferenceSource(models.TextChoices):
    UK_NRM_REFERRALS = "uk_nrm_referrals", _("UK Home Office: NRM referrals by quarter")
    UNODC_GLOTIP = "unodc_glotip", _("UNODC GLOTIP: country data on trafficking in persons")


class FigureStatus(models.TextChoices):
    VALUE = "value", _("Figure")
    SUPPRESSED = "suppressed", _("Withheld by the publisher")
    UNKNOWN = "unknown", _("Not known")


class ReferenceDataset(BaseModel):
    """One imported file of one source. Importing the source again replaces it whole."""

    source = models.CharField(max_length=40, choices=ReferenceSource.choices, unique=True)
    file_name = models.CharField(max_length=255)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the imported file.")
    figure_count = models.PositiveIntegerField(default=0)
    suppressed_count = models.PositiveIntegerField(default=0)
    unknown_count = models.PositiveIntegerField(default=0)
    conflict_count = models.PositiveIntegerField(
        default=0,
        help_text="Figures the file gives twice with different values (stored as not known).",
    )
    first_year = models.SmallIntegerField(null=True, blank=True)
    last_year = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["source"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} ({self.file_name})"


class PublishedFigure(models.Model):
    """One published figure: a value, or the publisher's withheld marker, or nothing known."""

    dataset = models.ForeignKey(ReferenceDataset, on_delete=models.CASCADE, related_name="figures")
    indicator = models.CharField(max_length=60)
    area = models.CharField(
        max_length=20, blank=True, help_text="ISO 3166 code of the country the figure is about."
    )
    area_name = models.CharField(
        max_length=200, blank=True, help_text="Empty for a publisher's regional aggregate."
    )
    year = models.SmallIntegerField()
    quarter = models.SmallIntegerField(null=True, blank=True)
    dimensions = models.JSONField(default=dict)
    value = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=FigureStatus.choices)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=FigureStatus.VALUE) & Q(value__isnull=False))
                | (~Q(status=FigureStatus.VALUE) & Q(value__isnull=True)),
                name="published_figure_value_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="published_figure_quarter_1_to_4",
            ),
        ]
        indexes = [models.Index(fields=["dataset", "indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.area_name} {self.year}"
