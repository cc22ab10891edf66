"""Recommendations of external reviews, the country's TIP tier history, and TIP submissions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypoint.action_plans.choices import (
    CriterionStatus,
    PillarCode,
    RecommendationSource,
    StatedStatus,
    SubmissionStatus,
    Tier,
)
from waypoint.action_plans.criteria import CRITERION_CODES
from waypoint.common.fields import EncryptedTextField
from waypoint.common.models import BaseModel, VersionedModel


class Recommendation(VersionedModel):
    """A recommendation of an external review (TIP report, GRETA, UN treaty body, rapporteur).

    Its derived status comes from the actions that answer it (``Action.recommendations``); the
    coordinator states a status separately, with evidence.
    """

    source = models.CharField(_("source"), max_length=30, choices=RecommendationSource.choices)
    source_detail = models.CharField(_("review"), max_length=200, blank=True, default="")
    report_year = models.PositiveSmallIntegerField(_("report year"), null=True, blank=True)
    tip_period_start = models.DateField(_("TIP reporting period"), null=True, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=60, blank=True, default="")
    text = models.TextField(_("text"))
    pillar = models.CharField(
        _("pillar"), max_length=20, choices=PillarCode.choices, blank=True, default=""
    )
    is_priority = models.BooleanField(_("prioritised"), default=False)
    stated_status = models.CharField(
        _("stated status"),
        max_length=30,
        choices=StatedStatus.choices,
        default=StatedStatus.NOT_ASSESSED,
    )
    stated_evidence = EncryptedTextField(_("evidence"))
    stated_at = models.DateTimeField(null=True, blank=True)
    stated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-report_year", "source", "reference", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=RecommendationSource.values),
                name="recommendation_source_known",
            ),
            models.CheckConstraint(
                condition=Q(stated_status__in=StatedStatus.values),
                name="recommendation_stated_status_known",
            ),
        ]
        indexes = [models.Index(fields=["tip_period_start", "source"])]

    def __str__(self) -> str:
        return self.text[:80]


class TierRecord(BaseModel):
    """The tier a TIP report placed the country on; ``is_waiver`` marks a waived automatic downgrade."""

    report_year = models.PositiveSmallIntegerField(_("report year"), unique=True)
    tier = models.CharField(_("tier"), max_length=30, choices=Tier.choices)
    is_waiver = models.BooleanField(_("kept on the Watch List by a waiver"), default=False)
    note = models.TextField(_("note"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-report_year"]
        constraints = [
            models.CheckConstraint(condition=Q(tier__in=Tier.values), name="tier_known"),
            models.CheckConstraint(
                condition=Q(is_waiver=False) | Q(tier=Tier.TIER_2_WATCH_LIST),
                name="tier_waiver_only_on_watch_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_year}: {self.get_tier_display()}"


class TipSubmission(VersionedModel):
    """The government's TIP submission for one reporting period (1 April – 31 March)."""

    period_start = models.DateField(_("reporting period"), unique=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFTING,
    )
    summary = EncryptedTextField(_("summary"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SubmissionStatus.values), name="submission_status_known"
            )
        ]

    def __str__(self) -> str:
        return f"TIP {self.period_start.year}-{self.period_start.year + 1}"


class CriterionEntry(VersionedModel):
    """The coordinator's narrative for one minimum standard or criterion of a submission."""

    submission = models.ForeignKey(TipSubmission, on_delete=models.CASCADE, related_name="entries")
    criterion = models.CharField(max_length=10)
    narrative = EncryptedTextField(_("narrative"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CriterionStatus.choices,
        default=CriterionStatus.NOT_STARTED,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "criterion"], name="one_entry_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CriterionStatus.values), name="criterion_status_known"
            ),
            models.CheckConstraint(
                condition=Q(criterion__in=CRITERION_CODES), name="criterion_code_known"
            ),
        ]
