"""The HTCDS exchange shape: every column Waypoint reads and writes, its level, kind and aliases.

One row of the flat shape (CSV, XLSX) is one person in one case. Columns are HTCDS 2.0 field names
(``prs_``, ``vic_``, ``per_``, ``cas_``, ``con_``) and clearly named Waypoint extensions (``ext_``).
The spellings of the HTCDS XLSForm and Excel template (``prs_First_Name``,
``vic_TraffickinStatusDecisionMakingOrg`` …) are accepted as aliases on import. docs/exchange.md is
the field table for people; this module is the one for code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from django.db import models
from django.utils import translation

from waypoint.access.scopes.cases import Section
from waypoint.cases.choices import (
    CaseStatus,
    ClosureReason,
    ExploitationWebsitesAndApps,
    ForcedLabourIndustry,
    MethodOfRecruitment,
    MethodsOfControl,
    PersonRole,
    ReasonForIncomingReferral,
    ReasonForOutgoingReferral,
    RecruitmentWebsitesAndApps,
    RelationshipToTrafficker,
    RoleInProcess,
    TraffickingStatus,
    TraffickingStatusDecisionMakingOrg,
    TypeOfExploitation,
    TypeOfSexExploitation,
    Vulnerabilities,
)
from waypoint.exchange.choices import EXTENSIONS
from waypoint.exchange.htcds.values import Kind, code_lookup
from waypoint.people.choices import AgeBand, Gender, HighestLevelOfEducation, MaritalStatus


class Level(StrEnum):
    """Where a column's value lives."""

    META = "meta"  # identifies the row: source id, case and person references, role
    PERSON = "person"  # the person (shared by all their cases)
    LINK = "link"  # the person in this case: victim or perpetrator context
    CASE = "case"  # the case (repeated on each row of the case)
    REFERRAL_IN = "referral_in"  # the case's incoming referral
    REFERRAL_OUT = "referral_out"  # the case's outgoing referral
    CONSENT = "consent"  # the person's consent to data processing in this case


VICTIM = frozenset({PersonRole.VICTIM.value})
PERPETRATOR = frozenset({PersonRole.PERPETRATOR.value})


@dataclass(frozen=True)
class FieldSpec:
    name: str
    level: Level
    kind: Kind
    target: str
    section: Section
    label: str
    identifying: bool = False
    roles: frozenset[str] | None = None  # None: any role
    choices: type[models.TextChoices] | tuple[str, ...] | None = None
    aliases: tuple[str, ...] = ()
    value_aliases: Mapping[str, str] = field(default_factory=dict)
    minimum: int = 0
    maximum: int = 0

    @property
    def is_multi(self) -> bool:
        return self.kind in (Kind.CODES, Kind.COUNTRIES)

    @property
    def lookup(self) -> dict[str, str]:
        return _lookup(self.name)


S = Section
K = Kind
L = Level


def _f(  # noqa: PLR0917  a compact table row: name, level, kind, target, section, label
    name: str, level: Level, kind: Kind, target: str, section: Section, label: str, **extra: object
) -> FieldSpec:
    return FieldSpec(name, level, kind, target, section, label, **extra)  # type: ignore[arg-type]


def _victim(name: str, kind: Kind, target: str, label: str, **extra: object) -> FieldSpec:
    return _f(name, L.LINK, kind, target, S.VICTIM_CONTEXT, label, roles=VICTIM, **extra)


def _person_text(name: str, target: str, label: str, *aliases: str) -> FieldSpec:
    return _f(
        name, L.PERSON, K.TEXT, target, S.IDENTIFYING, label, identifying=True, aliases=aliases
    )


_CONTROL_ALIASES = {
    # Spellings of Field Definitions.md and older toolkits (see reference notes, §7).
    "Threats": MethodsOfControl.PHYSICAL_THREATS,
    "ThreatOfLawEnforcement": MethodsOfControl.THREATS_LAW_ENFORCEMENT,
    "PsychoactiveSubstances": MethodsOfControl.PSYCHOACTIVE_SUBSTANCE,
    "RestrictsAccessToChildren": MethodsOfControl.USES_CHILDREN,
}
_GENDER_ALIASES = {"Female": Gender.FEMININE, "Male": Gender.MASCULINE}

FIELDS: tuple[FieldSpec, ...] = (
    # Row identity (Waypoint extensions)
    _f(
        "ext_SourceRecordId", L.META, K.REFERENCE, "source_record_id", S.PERSONS, "Source record id"
    ),
    _f("ext_CaseReference", L.META, K.REFERENCE, "case_reference", S.SUMMARY, "Case reference"),
    _f(
        "ext_PersonReference",
        L.META,
        K.REFERENCE,
        "person_reference",
        S.PERSONS,
        "Person reference",
    ),
    _f("ext_Role", L.META, K.CODE, "role", S.PERSONS, "Role in the case", choices=PersonRole),
    # Person (prs_)
    _person_text("prs_Salutation", "salutation", "Salutation"),
    _person_text("prs_FirstName", "first_name", "First name", "prs_First_Name"),
    _person_text("prs_MiddleName", "middle_name", "Middle name", "prs_Middle_Name"),
    _person_text("prs_SecondName", "second_name", "Second name", "prs_Second_Name"),
    _person_text("prs_Title", "title", "Title"),
    _f(
        "prs_Birthdate", L.PERSON, K.DATE, "birthdate", S.IDENTIFYING, "Birthdate", identifying=True
    ),
    _f(
        "prs_Gender",
        L.PERSON,
        K.CODE,
        "gender",
        S.PERSONS,
        "Gender",
        choices=Gender,
        value_aliases=_GENDER_ALIASES,
    ),
    _f("prs_Deceased", L.PERSON, K.BOOLEAN, "is_deceased", S.PERSONS, "Deceased"),
    _f(
        "prs_MaritalStatus",
        L.PERSON,
        K.CODE,
        "marital_status",
        S.PERSONS,
        "Marital status",
        choices=MaritalStatus,
    ),
    _f(
        "prs_NumberOfChildren",
        L.PERSON,
        K.INTEGER,
        "number_of_children",
        S.PERSONS,
        "Number of children",
        maximum=30,
    ),
    _f(
        "prs_PrimaryLanguage",
        L.PERSON,
        K.LANGUAGE,
        "primary_language",
        S.PERSONS,
        "Primary language",
    ),
    _f(
        "prs_SecondaryLanguage",
        L.PERSON,
        K.LANGUAGE,
        "secondary_language",
        S.PERSONS,
        "Secondary language",
    ),
    _f(
        "prs_HighestLevelOfEducation",
        L.PERSON,
        K.CODE,
        "highest_level_of_education",
        S.PERSONS,
        "Highest level of education",
        choices=HighestLevelOfEducation,
    ),
    _f("prs_Citizenship", L.PERSON, K.COUNTRIES, "citizenship", S.PERSONS, "Citizenship"),
    _person_text("prs_IdentityNumber", "identity_number", "Identity number"),
    _person_text("prs_Email", "email", "E-mail"),
    _person_text("prs_HomePhone", "home_phone", "Home phone"),
    _person_text("prs_MobilePhone", "mobile_phone", "Mobile phone"),
    _person_text("prs_MailingCity", "mailing_city", "Mailing city"),
    _f("prs_MailingCountry", L.PERSON, K.COUNTRY, "mailing_country", S.PERSONS, "Mailing country"),
    _person_text("prs_MailingState", "mailing_state", "Mailing state"),
    _person_text("prs_MailingStreet", "mailing_street", "Mailing street"),
    _person_text("prs_MailingPostalCode", "mailing_postal_code", "Mailing postal code"),
    _f(
        "prs_MailingLatitude",
        L.PERSON,
        K.COORDINATE,
        "mailing_latitude",
        S.IDENTIFYING,
        "Mailing latitude",
        identifying=True,
        maximum=90,
    ),
    _f(
        "prs_MailingLongitude",
        L.PERSON,
        K.COORDINATE,
        "mailing_longitude",
        S.IDENTIFYING,
        "Mailing longitude",
        identifying=True,
        maximum=180,
    ),
    _f(
        "ext_AgeBand",
        L.PERSON,
        K.CODE,
        "age_band",
        S.PERSONS,
        "Age band at registration",
        choices=AgeBand,
    ),
    _f("ext_AgeUncertain", L.PERSON, K.BOOLEAN, "is_age_uncertain", S.PERSONS, "Age is uncertain"),
    _f(
        "ext_Deidentified",
        L.PERSON,
        K.BOOLEAN,
        "is_deidentified",
        S.PERSONS,
        "De-identified record",
    ),
    # The person in the case: registration
    _f("ext_RegisteredOn", L.LINK, K.DATE, "registered_on", S.PERSONS, "Registered on"),
    _f(
        "ext_RegistrationYear",
        L.LINK,
        K.YEAR_BAND,
        "registration_year",
        S.PERSONS,
        "Year or band of years of registration",
    ),
    # Victim context (vic_)
    _victim(
        "vic_TraffickingStatus",
        K.CODE,
        "trafficking_status",
        "Trafficking status",
        choices=TraffickingStatus,
    ),
    _victim(
        "vic_TraffickingStatusDecisionMakingOrg",
        K.CODE,
        "trafficking_status_decision_making_org",
        "Trafficking status decision-making organisation",
        choices=TraffickingStatusDecisionMakingOrg,
        aliases=("vic_TraffickinStatusDecisionMakingOrg",),
    ),
    _victim(
        "vic_RelationshipToTrafficker",
        K.CODE,
        "relationship_to_trafficker",
        "Relationship to trafficker",
        choices=RelationshipToTrafficker,
        value_aliases={"Unacquainted": RelationshipToTrafficker.UNAQUAINTED},
    ),
    _victim(
        "vic_AgeWhenTrafficked",
        K.INTEGER,
        "age_when_trafficked",
        "Age when trafficked",
        maximum=120,
    ),
    _victim("ext_ChildWhenExploited", K.BOOLEAN, "is_child_when_exploited", "Child when exploited"),
    _victim(
        "vic_RecruitmentWebsitesAndApps",
        K.CODES,
        "vic_RecruitmentWebsitesAndApps",
        "Recruitment websites and apps",
        choices=RecruitmentWebsitesAndApps,
    ),
    _victim(
        "vic_MethodOfRecruitment",
        K.CODES,
        "vic_MethodOfRecruitment",
        "Method of recruitment",
        choices=MethodOfRecruitment,
    ),
    _victim(
        "vic_LocationOfRecruitment",
        K.ORGANISATION,
        "location_of_recruitment_id",
        "Location of recruitment (organisation)",
    ),
    _victim(
        "ext_CountryOfRecruitment", K.COUNTRY, "country_of_recruitment", "Country of recruitment"
    ),
    _victim(
        "vic_MethodsOfControl",
        K.CODES,
        "vic_MethodsOfControl",
        "Methods of control",
        choices=MethodsOfControl,
        aliases=("vic_Methods_of_Control",),
        value_aliases=_CONTROL_ALIASES,
    ),
    _victim(
        "vic_TypeOfExploitation",
        K.CODES,
        "vic_TypeOfExploitation",
        "Type of exploitation",
        choices=TypeOfExploitation,
    ),
    _victim(
        "vic_ForcedLabourIndustry",
        K.CODES,
        "vic_ForcedLabourIndustry",
        "Forced labour industry",
        choices=ForcedLabourIndustry,
    ),
    _victim(
        "vic_TypeOfSexExploitation",
        K.CODES,
        "vic_TypeOfSexExploitation",
        "Type of sexual exploitation",
        choices=TypeOfSexExploitation,
    ),
    _victim(
        "vic_LocationOfExploitation",
        K.ORGANISATION,
        "location_of_exploitation_id",
        "Location of exploitation (organisation)",
    ),
    _victim(
        "ext_CountryOfExploitation", K.COUNTRY, "country_of_exploitation", "Country of exploitation"
    ),
    _victim(
        "vic_ExploitationWebsitesAndApps",
        K.CODES,
        "vic_ExploitationWebsitesAndApps",
        "Exploitation websites and apps",
        choices=ExploitationWebsitesAndApps,
    ),
    _victim(
        "vic_Vulnerabilities",
        K.CODES,
        "vic_Vulnerabilities",
        "Vulnerabilities (deprecated in HTCDS 2.0)",
        choices=Vulnerabilities,
    ),
    # Perpetrator context (per_)
    _f(
        "per_RoleInProcess",
        L.LINK,
        K.CODES,
        "per_RoleInProcess",
        S.VICTIM_CONTEXT,
        "Role in the trafficking process",
        roles=PERPETRATOR,
        choices=RoleInProcess,
    ),
    _f(
        "per_RoleDetails",
        L.LINK,
        K.LONG_TEXT,
        "perpetrator_role_details",
        S.VICTIM_CONTEXT,
        "Role details",
        roles=PERPETRATOR,
        identifying=True,
    ),
    _f(
        "per_Organisation",
        L.LINK,
        K.ORGANISATION,
        "perpetrator_organisation_id",
        S.VICTIM_CONTEXT,
        "Organisation (of the perpetrator)",
        roles=PERPETRATOR,
    ),
    # Case (cas_)
    _f("cas_Status", L.CASE, K.CODE, "status", S.SUMMARY, "Case status", choices=CaseStatus),
    _f(
        "ext_ClosureReason",
        L.CASE,
        K.CODE,
        "closure_reason",
        S.SUMMARY,
        "Closure reason (coded)",
        choices=ClosureReason,
    ),
    _f(
        "cas_ReasonForCaseClosure",
        L.CASE,
        K.LONG_TEXT,
        "closure_details",
        S.SUMMARY,
        "Reason for case closure",
        identifying=True,
    ),
    _f(
        "cas_CaseOwner",
        L.CASE,
        K.USER,
        "case_owner_id",
        S.SUMMARY,
        "Case owner (user name)",
        identifying=True,
    ),
    _f("ext_OpenedOn", L.CASE, K.DATE, "opened_on", S.SUMMARY, "Case opened on"),
    _f("ext_ClosedOn", L.CASE, K.DATE, "closed_on", S.SUMMARY, "Case closed on"),
    _f(
        "ext_CaseSummary",
        L.CASE,
        K.LONG_TEXT,
        "summary",
        S.SUMMARY,
        "Case summary",
        identifying=True,
    ),
    # Referral details (cas_)
    _f(
        "cas_ReferringOrganisation",
        L.REFERRAL_IN,
        K.ORGANISATION,
        "organisation_id",
        S.REFERRALS,
        "Referring organisation",
    ),
    _f(
        "cas_IncomingReferralDate",
        L.REFERRAL_IN,
        K.DATE,
        "referral_date",
        S.REFERRALS,
        "Incoming referral date",
    ),
    _f(
        "cas_ReferringPrimaryCaseWorker",
        L.REFERRAL_IN,
        K.TEXT,
        "primary_case_worker",
        S.REFERRALS,
        "Referring primary case worker",
        identifying=True,
    ),
    _f(
        "cas_ReasonForIncomingReferral",
        L.REFERRAL_IN,
        K.CODE,
        "reason",
        S.REFERRALS,
        "Reason for incoming referral",
        choices=ReasonForIncomingReferral,
    ),
    _f(
        "cas_IncomingReferralDetails",
        L.REFERRAL_IN,
        K.LONG_TEXT,
        "details",
        S.REFERRALS,
        "Incoming referral details",
        identifying=True,
    ),
    _f(
        "cas_ReferredOrganisation",
        L.REFERRAL_OUT,
        K.ORGANISATION,
        "organisation_id",
        S.REFERRALS,
        "Referred organisation",
    ),
    _f(
        "cas_OutgoingReferralDate",
        L.REFERRAL_OUT,
        K.DATE,
        "referral_date",
        S.REFERRALS,
        "Outgoing referral date",
    ),
    _f(
        "cas_ReferredPrimaryCaseWorker",
        L.REFERRAL_OUT,
        K.TEXT,
        "primary_case_worker",
        S.REFERRALS,
        "Referred primary case worker",
        identifying=True,
    ),
    _f(
        "cas_ReasonForOutgoingReferral",
        L.REFERRAL_OUT,
        K.CODE,
        "reason",
        S.REFERRALS,
        "Reason for outgoing referral",
        choices=ReasonForOutgoingReferral,
    ),
    _f(
        "cas_OutgoingReferralDetails",
        L.REFERRAL_OUT,
        K.LONG_TEXT,
        "details",
        S.REFERRALS,
        "Outgoing referral details",
        identifying=True,
    ),
    # Consent (con_)
    _f(
        "con_Consent",
        L.CONSENT,
        K.BOOLEAN,
        "is_given",
        S.CONSENT,
        "Consent to data processing",
        aliases=("vic_AgreementToManagePersonalData",),
    ),
) + tuple(
    _f(
        extension.name,
        L.LINK,
        K.CODES,
        extension.name,
        S.VICTIM_CONTEXT,
        extension.meaning,
        roles=extension.roles,
        choices=extension.values,
    )
    for extension in EXTENSIONS
)

FIELDS_BY_NAME: dict[str, FieldSpec] = {spec.name: spec for spec in FIELDS}
CODE_FIELDS = tuple(
    spec for spec in FIELDS if spec.kind is Kind.CODES and spec.name.startswith(("vic_", "per_"))
)
EXTENSION_FIELDS = tuple(
    spec for spec in FIELDS if spec.kind is Kind.CODES and spec.name.startswith("ext_")
)


@cache
def _lookup(name: str) -> dict[str, str]:
    spec = FIELDS_BY_NAME[name]
    if spec.choices is None:
        return {}
    if isinstance(spec.choices, tuple):
        return code_lookup(spec.choices, {}, {})
    with translation.override("en"):
        labels = {str(value): str(label) for value, label in spec.choices.choices}
    return code_lookup(
        spec.choices.values, labels, {str(k): str(v) for k, v in spec.value_aliases.items()}
    )
