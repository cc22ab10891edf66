"""Persons (HTCDS ``prs_``) and their consent (``con_``).

One person, many cases: the role a person plays in a case, and the victim or perpetrator context,
live on the person-in-case link (``waypoint.cases.models.CasePerson``). Identifying fields are
encrypted at rest; exact-match lookups use blind indexes. Quasi-identifiers needed for statistics
(gender, citizenship, age band) are stored as codes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organisation
from waypoint.common.fields import BlindIndexField, EncryptedDateField, EncryptedTextField
from waypoint.common.models import BaseModel, VersionedModel
from waypoint.people.choices import (
    AgeBand,
    ConsentGivenBy,
    ConsentPurpose,
    Gender,
    HighestLevelOfEducation,
    MaritalStatus,
)


def _name_and_birthdate(values: list[object]) -> str:
    first, second, birthdate = values
    return f"{first} {second}\x1e{birthdate.isoformat() if hasattr(birthdate, 'isoformat') else birthdate}"


class Person(VersionedModel):
    """A person recorded in Waypoint: victim, perpetrator, contact or other."""

    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="persons"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Direct identifiers (encrypted)
    salutation = EncryptedTextField(_("salutation"))  # prs_Salutation
    first_name = EncryptedTextField(_("first name"))  # prs_FirstName
    middle_name = EncryptedTextField(_("middle name"))  # prs_MiddleName
    second_name = EncryptedTextField(_("second name"))  # prs_SecondName
    title = EncryptedTextField(_("title"))  # prs_Title
    birthdate = EncryptedDateField(_("date of birth"))  # prs_Birthdate
    identity_number = EncryptedTextField(_("identity number"))  # prs_IdentityNumber
    email = EncryptedTextField(_("e-mail"))  # prs_Email
    home_phone = EncryptedTextField(_("home phone"))  # prs_HomePhone
    mobile_phone = EncryptedTextField(_("mobile phone"))  # prs_MobilePhone
    mailing_street = EncryptedTextField(_("street"))  # prs_MailingStreet
    mailing_city = EncryptedTextField(_("city"))  # prs_MailingCity
    mailing_state = EncryptedTextField(_("state or province"))  # prs_MailingState
    mailing_postal_code = EncryptedTextField(_("postal code"))  # prs_MailingPostalCode
    mailing_latitude = EncryptedTextField(_("latitude"))  # prs_MailingLatitude
    mailing_longitude = EncryptedTextField(_("longitude"))  # prs_MailingLongitude
    # Quasi-identifiers kept as codes (needed for statistics)
    mailing_country = models.CharField(
        _("country of address"), max_length=2, blank=True, default=""
    )
    gender = models.CharField(
        _("gender"), max_length=32, choices=Gender.choices, blank=True, default=""
    )  # prs_Gender; blank = not recorded
    age_band = models.CharField(
        _("age band at registration"), max_length=8, choices=AgeBand.choices, blank=True, default=""
    )
    is_age_uncertain = models.BooleanField(_("age is uncertain"), null=True, blank=True)
    is_deceased = models.BooleanField(_("deceased"), null=True, blank=True)  # prs_Deceased
    marital_status = models.CharField(
        max_length=32, choices=MaritalStatus.choices, blank=True, default=""
    )  # prs_MaritalStatus
    number_of_children = models.PositiveSmallIntegerField(null=True, blank=True)
    primary_language = models.CharField(max_length=8, blank=True, default="")  # ISO 639
    secondary_language = models.CharField(max_length=8, blank=True, default="")
    highest_level_of_education = models.CharField(
        max_length=40, choices=HighestLevelOfEducation.choices, blank=True, default=""
    )
    # A de-identified record (e.g. imported from a CTDC dataset) holds no direct identifiers.
    is_deidentified = models.BooleanField(default=False)
    # Persons recorded separately but found to be the same individual count once in statistics.
    same_individual_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    identity_number_index = BlindIndexField(
        sources=("identity_number",), purpose="person.identity_number"
    )
    name_birthdate_index = BlindIndexField(
        sources=("first_name", "second_name", "birthdate"),
        purpose="person.name_birthdate",
        normaliser=_name_and_birthdate,
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gender="") | Q(gender__in=Gender.values), name="person_gender_known"
            ),
            models.CheckConstraint(
                condition=Q(age_band="") | Q(age_band__in=AgeBand.values),
                name="person_age_band_known",
            ),
            models.CheckConstraint(
                condition=~Q(same_individual_as=models.F("id")), name="person_not_same_as_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"Person {self.public_id}"

    @property
    def display_name(self) -> str:
        """Name for screens that may show identifying data (callers have checked that)."""
        parts = [self.first_name, self.second_name]
        name = " ".join(part for part in parts if part)
        return name or str(_("(name not recorded)"))


class PersonCitizenship(models.Model):
    """``prs_Citizenship`` is multi-valued (ISO 3166 codes; ``ZZ`` = not known)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="citizenships")
    country = models.CharField(max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "country"], name="citizenship_once")
        ]

    def __str__(self) -> str:
        return self.country


class ConsentRecord(BaseModel):
    """One consent (or refusal) with its circumstances; withdrawal ends it. History is the rows.

    HTCDS ``con_Consent`` is the current ``data_processing`` consent.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="consents"
    )
    purpose = models.CharField(max_length=32, choices=ConsentPurpose.choices)
    shared_with = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_given = models.BooleanField()
    given_by = models.CharField(max_length=20, choices=ConsentGivenBy.choices, default="person")
    language = models.CharField(max_length=8, blank=True, default="")
    is_interpreter_present = models.BooleanField(default=False)
    interpreter_name = EncryptedTextField()
    notes = EncryptedTextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_for = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = EncryptedTextField()

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=ConsentPurpose.values), name="consent_purpose_known"
            ),
            models.CheckConstraint(
                condition=~Q(purpose="sharing") | Q(shared_with__isnull=False),
                name="consent_sharing_names_organisation",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(is_given=True),
                name="consent_only_given_can_be_withdrawn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {'given' if self.is_given else 'refused'}"

    @property
    def is_active(self) -> bool:
        return self.is_given and self.withdrawn_at is None
