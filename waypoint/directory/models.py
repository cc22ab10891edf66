"""The services directory: what each provider organisation offers, with live capacity, and the
referrals of a person to a service.

A service describes an organisation's offer (never a survivor), so its fields are plain text. A
shelter's street address is never stored: only the area it serves, so the directory cannot reveal
where survivors sleep.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organisation
from waypoint.cases.models import Case, CaseAccessGrant, CasePerson
from waypoint.common.fields import EncryptedTextField
from waypoint.common.models import BaseModel, VersionedModel
from waypoint.directory.choices import (
    DeclineReason,
    ServiceCodeField,
    ServiceReferralStatus,
    ServiceType,
)
from waypoint.people.models import ConsentRecord
from waypoint.referrals.models import Timer, Track

User = settings.AUTH_USER_MODEL


class Service(VersionedModel):
    """A service an organisation offers, with who it is for and how much room it has."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200)
    service_type = models.CharField(_("type"), max_length=40, choices=ServiceType.choices)
    description = models.TextField(_("description"), blank=True, default="")
    area = models.CharField(_("area served"), max_length=120, blank=True, default="")
    country = models.CharField(_("country"), max_length=2, default="MT")
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True, default="")
    contact_email = models.EmailField(_("e-mail"), blank=True, default="")
    hours = models.CharField(_("opening hours"), max_length=200, blank=True, default="")
    is_open_all_hours = models.BooleanField(_("open 24 hours"), default=False)
    accepts_urgent = models.BooleanField(_("takes urgent referrals (tonight)"), default=False)
    min_age = models.PositiveSmallIntegerField(_("youngest age served"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("oldest age served"), null=True, blank=True)
    # Capacity (beds for a shelter): both empty when the service has no counted places.
    capacity_total = models.PositiveIntegerField(_("places"), null=True, blank=True)
    capacity_available = models.PositiveIntegerField(_("places free"), null=True, blank=True)
    is_active = models.BooleanField(default=True)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service_type__in=ServiceType.values), name="service_type_known"
            ),
            models.CheckConstraint(
                condition=Q(capacity_total__isnull=True, capacity_available__isnull=True)
                | Q(
                    capacity_total__isnull=False,
                    capacity_available__isnull=False,
                    capacity_available__lte=F("capacity_total"),
                ),
                name="service_capacity_consistent",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=F("min_age")),
                name="service_age_range_ordered",
            ),
            models.UniqueConstraint(fields=["organisation", "name"], name="service_name_once"),
        ]
        indexes = [models.Index(fields=["service_type", "is_active"])]

    def __str__(self) -> str:
        return self.name

    @property
    def has_capacity(self) -> bool:
        return self.capacity_total is not None


class ServiceCode(models.Model):
    """One language, sex or form of exploitation a service serves (none recorded: all)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="codes")
    field = models.CharField(max_length=20, choices=ServiceCodeField.choices)
    code = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "field", "code"], name="service_code_once")
        ]
        indexes = [models.Index(fields=["field", "code"])]

    def __str__(self) -> str:
        return f"{self.field}={self.code}"


class ServiceReferral(BaseModel):
    """A person referred to a service: the provider accepts, declines (with a reason) or completes.

    The provider sees the case only through ``grant`` (need to know: summary and persons), and only
    while the consent it rests on stands. A shelter referral holds a place from acceptance to exit.
    """

    reference = models.CharField(max_length=20, unique=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="service_referrals")
    case_person = models.ForeignKey(
        CasePerson, on_delete=models.PROTECT, related_name="service_referrals"
    )
    referring_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    referred_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(
        max_length=12, choices=ServiceReferralStatus.choices, default=ServiceReferralStatus.PENDING
    )
    is_urgent = models.BooleanField(default=False)
    # What the provider needs to know to help (needs, language, access needs): free text, encrypted.
    needs = EncryptedTextField(_("what the person needs"))
    consent = models.ForeignKey(
        ConsentRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    grant = models.ForeignKey(
        CaseAccessGrant, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    response_timer = models.OneToOneField(
        Timer, null=True, blank=True, on_delete=models.SET_NULL, related_name="service_referral"
    )
    track = models.ForeignKey(
        Track, null=True, blank=True, on_delete=models.SET_NULL, related_name="service_referrals"
    )
    responded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(
        max_length=20, choices=DeclineReason.choices, blank=True, default=""
    )
    decline_details = EncryptedTextField(_("why it was declined"))
    holds_place = models.BooleanField(default=False)
    placed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_note = EncryptedTextField(_("note on the end of the service"))

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ServiceReferralStatus.values),
                name="service_referral_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="service_referral_decline_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(holds_place=False) | Q(status="accepted"),
                name="service_referral_place_only_when_accepted",
            ),
        ]
        indexes = [
            models.Index(fields=["service", "status"]),
            models.Index(fields=["referring_organisation", "status"]),
        ]

    def __str__(self) -> str:
        return self.reference
