"""Progress reports, the people named to write them, reminders, and evidence attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organisation
from waypoint.action_plans.choices import ActionStatus
from waypoint.action_plans.models.plans import Action, Indicator, ReportingRound
from waypoint.common.fields import EncryptedTextField
from waypoint.common.models import BaseModel, VersionedModel


class ProgressReport(VersionedModel):
    """The lead organisation's report on one action for one round.

    Lateness is judged on ``first_submitted_on`` (the local date of the first submission) against the
    round's deadline, so correcting a report later does not make it late.
    """

    round = models.ForeignKey(ReportingRound, on_delete=models.PROTECT, related_name="reports")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reports")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    narrative = EncryptedTextField(_("narrative"))
    budget_spent = models.DecimalField(
        _("budget spent to date"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    is_submitted = models.BooleanField(default=False)
    first_submitted_on = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["round__period_start", "action__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "action"], name="one_report_per_action_round"),
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="report_status_known"
            ),
            models.CheckConstraint(
                condition=Q(is_submitted=False) | Q(first_submitted_on__isnull=False),
                name="submitted_report_has_date",
            ),
            models.CheckConstraint(
                condition=Q(budget_spent__isnull=True) | Q(budget_spent__gte=0),
                name="report_budget_spent_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action.code} · {self.round.label}"


class IndicatorValue(BaseModel):
    """The value of one indicator in one report; blank means "not measured", never zero."""

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="indicator_values"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["indicator__position", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="one_value_per_indicator_report"
            )
        ]


class Reporter(BaseModel):
    """A member of an organisation named by its organisation administrator to report on its actions."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="plan_reporters"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_reporter_roles"
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(is_active=True),
                name="one_active_reporter_naming",
            )
        ]


class Attachment(BaseModel):
    """An evidence file, encrypted at rest, attached to exactly one record.

    The original file name is encrypted too (it may name a person); the content is stored through
    ``waypoint.common.files`` under a context bound to this attachment.
    """

    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    recommendation = models.ForeignKey(
        "Recommendation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    training = models.ForeignKey(
        "Training", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    criterion_entry = models.ForeignKey(
        "CriterionEntry",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    filename = EncryptedTextField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    encrypted_file_field = "stored_name"

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        report__isnull=False,
                        recommendation__isnull=True,
                        training__isnull=True,
                        criterion_entry__isnull=True,
                    )
                    | Q(
                        report__isnull=True,
                        recommendation__isnull=False,
                        training__isnull=True,
                        criterion_entry__isnull=True,
                    )
                    | Q(
                        report__isnull=True,
                        recommendation__isnull=True,
                        training__isnull=False,
                        criterion_entry__isnull=True,
                    )
                    | Q(
                        report__isnull=True,
                        recommendation__isnull=True,
                        training__isnull=True,
                        criterion_entry__isnull=False,
                    )
                ),
                name="attachment_has_one_owner",
            )
        ]

    def file_context(self) -> str:
        return f"action_plans.attachment:{self.public_id}"
