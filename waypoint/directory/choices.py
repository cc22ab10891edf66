"""Code lists of the services directory.

Service types are the HTCDS 2.0 support plan types (``spl_Type``) with Waypoint's extensions, so a
referral to a service and a support plan speak the same language. Medical care is ``Health``,
legal aid is ``Legal``, education is ``Education``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.cases.choices import SupportPlanType

ServiceType = SupportPlanType
# Plain-language names of the types most people search for, mapped to the HTCDS codes.
SERVICE_TYPE_ALIASES: dict[str, str] = {
    "medical": SupportPlanType.HEALTH,
    "legal_aid": SupportPlanType.LEGAL,
    "education": SupportPlanType.EDUCATION,
    "shelter": SupportPlanType.SHELTER,
    "interpretation": SupportPlanType.INTERPRETATION_AND_CULTURAL_MEDIATION,
    "psychological": SupportPlanType.PSYCHOLOGICAL,
    "employment": SupportPlanType.EMPLOYMENT,
    "return": SupportPlanType.RETURN_AND_REINTEGRATION,
    "permits": SupportPlanType.PERMITS,
}


class ServiceCodeField(models.TextChoices):
    """Multi-valued properties of a service, stored one code per row."""

    LANGUAGE = "language", _("Language")  # ISO 639
    SEX = "sex", _("Sex or gender served")  # HTCDS prs_Gender codes
    EXPLOITATION_TYPE = "exploitation_type", _("Form of exploitation")  # vic_TypeOfExploitation


class ServiceReferralStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the provider")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = frozenset({ServiceReferralStatus.PENDING, ServiceReferralStatus.ACCEPTED})


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity")
    NOT_ELIGIBLE = "not_eligible", _("The person is not eligible")
    CANNOT_MEET_NEEDS = "cannot_meet_needs", _("We cannot meet the person's needs")
    SAFETY = "safety", _("Safety concern")
    OTHER = "other", _("Other")
