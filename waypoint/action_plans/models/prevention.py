"""Trainings and awareness campaigns (TIP table T10: prevention and capacity)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.choices import OrganisationType
from waypoint.accounts.models import Organisation
from waypoint.action_plans.models.plans import Action
from waypoint.common.models import BaseModel, VersionedModel


class Training(VersionedModel):
    """A training. Participant counts are blank when not recorded (not zero)."""

    topic = models.CharField(_("topic"), max_length=300)
    start_date = models.DateField(_("date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    organiser = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organiser_name = models.CharField(_("other organiser"), max_length=200, blank=True, default="")
    audience_types = models.JSONField(_("audience organisation types"), default=list, blank=True)
    participants_female = models.PositiveIntegerField(_("women"), null=True, blank=True)
    participants_male = models.PositiveIntegerField(_("men"), null=True, blank=True)
    participants_other = models.PositiveIntegerField(
        _("other or not recorded sex"), null=True, blank=True
    )
    materials = models.TextField(_("materials"), blank=True, default="")
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="trainings"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start_date", "topic"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="training_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(organiser__isnull=False) | ~Q(organiser_name=""),
                name="training_has_organiser",
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    @property
    def participants_by_sex_total(self) -> int | None:
        counts = (self.participants_female, self.participants_male, self.participants_other)
        if all(count is None for count in counts):
            return None
        return sum(count or 0 for count in counts)


class TrainingParticipants(BaseModel):
    """How many participants of a training came from one type of organisation."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="participants_by_type"
    )
    org_type = models.CharField(max_length=40, choices=OrganisationType.choices)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["org_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "org_type"], name="training_participants_once_per_type"
            ),
            models.CheckConstraint(
                condition=Q(org_type__in=OrganisationType.values),
                name="training_participants_type_known",
            ),
        ]


class Campaign(VersionedModel):
    """An awareness campaign: when, for whom, in which languages, through which channels."""

    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    organiser = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organiser_name = models.CharField(_("other organiser"), max_length=200, blank=True, default="")
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    estimated_reach = models.PositiveIntegerField(_("estimated reach"), null=True, blank=True)
    addresses_demand = models.BooleanField(_("reduces demand"), default=False)
    description = models.TextField(_("description"), blank=True, default="")
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="campaigns"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="campaign_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(organiser__isnull=False) | ~Q(organiser_name=""),
                name="campaign_has_organiser",
            ),
        ]

    def __str__(self) -> str:
        return self.title
