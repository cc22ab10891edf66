"""Code lists for persons and consent. HTCDS 2.0 person code lists are in choices_htcds.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.people.choices_htcds import Gender, HighestLevelOfEducation, MaritalStatus

__all__ = [
    "AgeBand",
    "ConsentGivenBy",
    "ConsentPurpose",
    "Gender",
    "HighestLevelOfEducation",
    "MaritalStatus",
]


class AgeBand(models.TextChoices):
    """Age at registration in the CTDC bands (Waypoint extension; HTCDS has only the birth date)."""

    AGE_0_8 = "0-8", _("0–8")
    AGE_9_17 = "9-17", _("9–17")
    AGE_18_20 = "18-20", _("18–20")
    AGE_21_23 = "21-23", _("21–23")
    AGE_24_26 = "24-26", _("24–26")
    AGE_27_29 = "27-29", _("27–29")
    AGE_30_38 = "30-38", _("30–38")
    AGE_39_47 = "39-47", _("39–47")
    AGE_48_PLUS = "48+", _("48 and over")
    CHILD_UNSPECIFIED = "child", _("Child (exact age not known)")
    ADULT_UNSPECIFIED = "adult", _("Adult (exact age not known)")


CHILD_AGE_BANDS = frozenset({AgeBand.AGE_0_8, AgeBand.AGE_9_17, AgeBand.CHILD_UNSPECIFIED})


def age_band_for(age: int) -> AgeBand:
    """The CTDC band of an age in whole years."""
    bounds = (
        (8, AgeBand.AGE_0_8),
        (17, AgeBand.AGE_9_17),
        (20, AgeBand.AGE_18_20),
        (23, AgeBand.AGE_21_23),
        (26, AgeBand.AGE_24_26),
        (29, AgeBand.AGE_27_29),
        (38, AgeBand.AGE_30_38),
        (47, AgeBand.AGE_39_47),
    )
    for upper, band in bounds:
        if age <= upper:
            return band
    return AgeBand.AGE_48_PLUS


class ConsentPurpose(models.TextChoices):
    """What a person consents to (HTCDS ``con_Consent`` split by purpose; Waypoint extension)."""

    DATA_PROCESSING = "data_processing", _("Recording and processing my data")
    REFERRAL = "referral", _("Referral to the competent authority (NRM)")
    SHARING = "sharing", _("Sharing with a named organisation")
    INTERVIEW = "interview", _("Being interviewed")


class ConsentGivenBy(models.TextChoices):
    PERSON = "person", _("The person")
    GUARDIAN = "guardian", _("Parent or legal guardian")
    REPRESENTATIVE = "representative", _("Legal representative")
