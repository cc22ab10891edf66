"""Plans → pillars → objectives → actions (with indicators), and the plan's reporting rounds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organisation
from waypoint.action_plans.choices import ActionStatus, IndicatorKind, PlanKind, PlanStatus
from waypoint.common.models import BaseModel, VersionedModel


def default_reminder_days() -> list[int]:
    return [14, 3]


class Plan(VersionedModel):
    """A national strategy or action plan for a period."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True, default="")
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    budgets_restricted = models.BooleanField(_("budgets restricted"), default=False)
    reminder_days = models.JSONField(_("reminder days"), default=default_reminder_days)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="plan_period_ordered"
            ),
            models.CheckConstraint(condition=Q(kind__in=PlanKind.values), name="plan_kind_known"),
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="plan_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Pillar(BaseModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pillars")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="pillar_code_unique_in_plan")
        ]

    def __str__(self) -> str:
        return self.name


class Objective(BaseModel):
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pillar", "code"], name="objective_code_unique_in_pillar"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Action(VersionedModel):
    """One action of a plan, led by one organisation, reported on in each round.

    ``status``, ``status_round`` and ``closed_on`` follow the newest submitted progress report (set
    by the report services only); budgets are blank when not recorded (never a silent zero).
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="actions")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, default="")
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_plan_actions"
    )
    partner_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_plan_actions"
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    budget_allocated = models.DecimalField(
        _("budget allocated"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_spent = models.DecimalField(
        _("budget spent"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    status_round = models.ForeignKey(
        "ReportingRound", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_on = models.DateField(null=True, blank=True)
    recommendations = models.ManyToManyField(
        "action_plans.Recommendation", blank=True, related_name="actions"
    )

    class Meta:
        ordering = ["code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="action_code_unique_in_plan"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(due_date__isnull=True)
                | Q(due_date__gte=F("start_date")),
                name="action_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(budget_allocated__isnull=True) | Q(budget_allocated__gte=0),
                name="action_budget_allocated_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(budget_spent__isnull=True) | Q(budget_spent__gte=0),
                name="action_budget_spent_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_known"
            ),
        ]
        indexes = [models.Index(fields=["lead_organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(BaseModel):
    """An output or outcome indicator; ``current_value`` is the newest reported value."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, blank=True, default="")
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    current_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    current_value_on = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=IndicatorKind.values), name="indicator_kind_known"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_attained(self) -> bool | None:
        """Whether the newest value reached the target (a target below the baseline is a decrease)."""
        if self.target is None or self.current_value is None:
            return None
        if self.baseline is not None and self.target < self.baseline:
            return self.current_value <= self.target
        return self.current_value >= self.target


class ReportingRound(BaseModel):
    """A reporting round of a plan: the period reported on and the deadline for reports."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds")
    label = models.CharField(_("label"), max_length=80)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    deadline = models.DateField(_("deadline"))

    class Meta:
        ordering = ["period_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="round_label_unique_in_plan"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="round_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("period_start")), name="round_deadline_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.label
