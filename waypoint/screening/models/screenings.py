"""Screenings (an interview against an instrument version), their answers, and anonymous
notifications of adults who decline referral.

The interpreter's name and organisation and every answer's note are identifying and encrypted.
A screening keeps the instrument version it was evaluated with and the stored result, so it reads
the same whatever versions come later.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organisation
from waypoint.common.fields import EncryptedTextField
from waypoint.common.models import BaseModel, VersionedModel
from waypoint.people.choices import CHILD_AGE_BANDS, AgeBand, Gender
from waypoint.screening.choices import (
    AnswerBasis,
    AnswerChoice,
    NextStep,
    ReferralStatus,
    ScreeningOutcome,
    ScreeningStatus,
)
from waypoint.screening.models.instruments import Indicator, InstrumentVersion, Profile

ADULT_AGE = 18


class AnonymousNotification(BaseModel):
    """An adult who declined referral, counted without any identifying data (a Waypoint extension
    modelled on the UK duty to notify). Deliberately holds no link to a person, case or screening."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    notified_on = models.DateField(_("date"))
    gender = models.CharField(
        _("sex / gender"), max_length=32, choices=Gender.choices, blank=True, default=""
    )
    age_band = models.CharField(
        _("age band"), max_length=8, choices=AgeBand.choices, blank=True, default=""
    )
    nationality = models.CharField(_("nationality"), max_length=2, blank=True, default="")
    exploitation_types = models.JSONField(_("exploitation types"), default=list)
    country_of_exploitation = models.CharField(
        _("country of exploitation"), max_length=2, blank=True, default=""
    )
    outcome = models.CharField(
        _("screening outcome"), max_length=32, choices=ScreeningOutcome.choices
    )

    class Meta:
        ordering = ["-notified_on", "-created_at"]
        indexes = [models.Index(fields=["notified_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(gender="") | Q(gender__in=Gender.values),
                name="notification_gender_known",
            ),
            models.CheckConstraint(
                condition=Q(age_band="") | Q(age_band__in=AgeBand.values),
                name="notification_age_band_known",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=ScreeningOutcome.values), name="notification_outcome_known"
            ),
        ]

    def __str__(self) -> str:
        return f"anonymous notification {self.public_id}"


class Screening(VersionedModel):
    """One screening interview by a screener of an organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    screener = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="screenings"
    )
    status = models.CharField(
        max_length=12, choices=ScreeningStatus.choices, default=ScreeningStatus.DRAFT
    )
    instrument_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="screenings"
    )
    profile = models.ForeignKey(Profile, on_delete=models.PROTECT, related_name="+")
    # When the applied profile is not seeded, the questions of this seeded profile are asked so that
    # the answers are recorded for whoever assesses the person; they are not read.
    question_profile = models.ForeignKey(Profile, on_delete=models.PROTECT, related_name="+")
    interview_language = models.CharField(_("interview language"), max_length=8)
    is_interpreter_present = models.BooleanField(_("interpreter or cultural mediator present"))
    interpreter_name = EncryptedTextField(_("interpreter's name"))
    interpreter_organisation = EncryptedTextField(_("interpreter's organisation"))
    interpreter_language = models.CharField(max_length=8, blank=True, default="")
    age_years = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    age_band = models.CharField(
        _("age band"), max_length=8, choices=AgeBand.choices, blank=True, default=""
    )
    is_age_uncertain = models.BooleanField(_("age is uncertain"), default=False)
    exploitation_types = models.JSONField(_("suspected exploitation"), default=list)
    current_step = models.CharField(max_length=40, blank=True, default="")
    started_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=32, choices=ScreeningOutcome.choices, blank=True, default=""
    )
    result = models.JSONField(null=True, blank=True)
    engine_version = models.CharField(max_length=20, blank=True, default="")
    instrument_checksum = models.CharField(max_length=64, blank=True, default="")
    next_step = models.CharField(max_length=32, choices=NextStep.choices, blank=True, default="")
    referral_status = models.CharField(
        max_length=32, choices=ReferralStatus.choices, blank=True, default=""
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="screenings"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="screenings"
    )
    consent = models.ForeignKey(
        "people.ConsentRecord", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anonymous_notification = models.OneToOneField(
        AnonymousNotification,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="screening",
    )

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["screener", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ScreeningStatus.values), name="screening_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(submitted_at__isnull=False) & ~Q(outcome="") & Q(result__isnull=False)),
                name="submitted_screening_has_result",
            ),
            models.CheckConstraint(
                condition=Q(age_years__isnull=True) | Q(age_years__lte=120),
                name="screening_age_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"screening {self.public_id}"

    @property
    def is_child(self) -> bool:
        """Under 18, or of uncertain age (treated as a child until assessed)."""
        if self.is_age_uncertain:
            return True
        if self.age_years is not None:
            return self.age_years < ADULT_AGE
        return self.age_band in CHILD_AGE_BANDS

    @property
    def is_draft(self) -> bool:
        return self.status == ScreeningStatus.DRAFT


class ScreeningAnswer(BaseModel):
    """The answer to one indicator, how the screener knows it, and an optional (encrypted) note."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(max_length=12, choices=AnswerChoice.choices)
    basis = models.CharField(max_length=16, choices=AnswerBasis.choices, blank=True, default="")
    note = EncryptedTextField(_("note"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["indicator__order"]
        constraints = [
            models.UniqueConstraint(fields=["screening", "indicator"], name="answer_once"),
            models.CheckConstraint(
                condition=Q(value__in=AnswerChoice.values), name="answer_value_known"
            ),
            models.CheckConstraint(
                condition=Q(basis="") | Q(basis__in=AnswerBasis.values), name="answer_basis_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value}"
