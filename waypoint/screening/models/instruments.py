"""Screening instruments as versioned data: a framework (e.g. ILO_EC_2009), its versions (draft,
then published and never changed again), and in each version the profiles, dimensions, indicators,
grades keyed on (profile, dimension, indicator), the interview questions and the rules.

Published rows are read-only in the database itself (triggers in migration 0003), so a published
version reads the same for every screening that used it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypoint.common.models import BaseModel, VersionedModel
from waypoint.screening.choices import (
    ElementChoice,
    ExploitationFamily,
    GradeChoice,
    GradeStatusChoice,
    VersionStatus,
)


class Framework(BaseModel):
    """An indicator framework, e.g. the ILO/European Commission operational indicators (2009)."""

    # Loaded by a migration; a restore replaces it with the backup's copy.
    waypoint_reference_data = True

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    attribution = models.TextField(_("attribution"), blank=True, default="")
    source_url = models.URLField(_("source"), blank=True, default="")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class InstrumentVersion(VersionedModel):
    """One version of a framework's content and rules. A draft is edited; publishing freezes it."""

    # Loaded by a migration; a restore replaces it with the backup's copy.
    waypoint_reference_data = True

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    title = models.CharField(max_length=300)
    rule_version = models.CharField(_("rule version"), max_length=100)
    grade_names = models.JSONField(default=dict)
    dimension_rule = models.JSONField(_("dimension_positive_if_any"))
    insufficiency_rule = models.JSONField(null=True, blank=True)
    notes = models.JSONField(default=list)
    change_summary = models.TextField(_("what changed"), blank=True, default="")
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checksum = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["framework__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="version_number_once"),
            models.UniqueConstraint(
                fields=["framework"],
                condition=Q(status="draft"),
                name="one_draft_per_framework",
            ),
            models.CheckConstraint(
                condition=Q(status__in=VersionStatus.values), name="version_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(published_at__isnull=False) & ~Q(checksum="")),
                name="published_version_is_sealed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.code} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class Profile(BaseModel):
    """A list of the framework: adults or children, labour or sexual exploitation."""

    # Loaded by a migration; a restore replaces it with the backup's copy.
    waypoint_reference_data = True

    instrument_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="profiles"
    )
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    is_seeded = models.BooleanField(_("grades entered"))
    is_child = models.BooleanField()
    exploitation_family = models.CharField(max_length=10, choices=ExploitationFamily.choices)
    classification = models.JSONField(_("classification"))

    class Meta:
        ordering = ["instrument_version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["instrument_version", "code"], name="profile_code_once")
        ]

    def __str__(self) -> str:
        return self.code


class Dimension(BaseModel):
    # Loaded by a migration; a restore replaces it with the backup's copy.
    waypoint_reference_data = True
    instrument_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="dimensions"
    )
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=500)
    element = models.CharField(max_length=16, choices=ElementChoice.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["instrument_version", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_version", "code"], name="dimension_code_once"
            )
        ]

    def __str__(self) -> str:
        return self.code


class Indicator(BaseModel):
    # Loaded by a migration; a restore replaces it with the backup's copy.
    waypoint_reference_data = True
    instrument_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(max_length=40)
    label = models.CharField(max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["instrument_version", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_version", "code"], name="indicator_code_once"
            )
        ]

    def __str__(self) -> str:
        return self.code


class IndicatorGrade(VersionedModel):
    """The grade of an indicator in one dimension of one profile, and how sure it is."""

    # Loaded by a migration; a restore replaces it with the backup's copy.
    waypoint_reference_data = True

    instrument_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="grades"
    )
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="grades")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="grades")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="grades")
    grade = models.CharField(_("grade"), max_length=1, choices=GradeChoice.choices)
    status = models.CharField(
        _("verification status"), max_length=12, choices=GradeStatusChoice.choices
    )

    class Meta:
        ordering = ["profile", "dimension__order", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "dimension", "indicator"], name="grade_once_per_key"
            ),
            models.CheckConstraint(condition=Q(grade__in=GradeChoice.values), name="grade_known"),
            models.CheckConstraint(
                condition=Q(status__in=GradeStatusChoice.values), name="grade_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.grade}"


class Question(VersionedModel):
    """A plain-language interview question for an indicator, with its text per language.

    ``texts`` maps an ISO 639 code to the text; English is required so every question can be asked.
    """

    # Loaded by a migration; a restore replaces it with the backup's copy.
    waypoint_reference_data = True

    instrument_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="questions"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=1)
    texts = models.JSONField()

    class Meta:
        ordering = ["indicator__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "order"], name="question_order_once"),
            models.CheckConstraint(condition=Q(texts__has_key="en"), name="question_has_english"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}#{self.order}"

    def text(self, language: str) -> str:
        texts: dict[str, str] = self.texts or {}
        return texts.get(language) or texts.get("en", "")
