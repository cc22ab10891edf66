"""Code lists for cases. HTCDS 2.0 code lists are in choices_htcds.py (generated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.cases.choices_htcds import (
    HTCDS_CODE_LISTS,
    CaseStatus,
    EventType,
    ExploitationWebsitesAndApps,
    ForcedLabourIndustry,
    MethodOfRecruitment,
    MethodsOfControl,
    ReasonForIncomingReferral,
    ReasonForOutgoingReferral,
    RecruitmentWebsitesAndApps,
    RelationshipToTrafficker,
    RoleInProcess,
    SupportPlanType,
    TraffickingStatus,
    TraffickingStatusDecisionMakingOrg,
    TypeOfExploitation,
    TypeOfSexExploitation,
    Vulnerabilities,
)

__all__ = [
    "HTCDS_CODE_LISTS",
    "MULTI_VALUED_FIELDS",
    "CaseStatus",
    "ClosureReason",
    "DocumentType",
    "EventType",
    "ExploitationWebsitesAndApps",
    "ForcedLabourIndustry",
    "GrantKind",
    "MethodOfRecruitment",
    "MethodsOfControl",
    "PersonRole",
    "ReasonForIncomingReferral",
    "ReasonForOutgoingReferral",
    "RecruitmentWebsitesAndApps",
    "ReferralDirection",
    "RelationshipToTrafficker",
    "RoleInProcess",
    "SupportPlanType",
    "TaskStatus",
    "TraffickingStatus",
    "TraffickingStatusDecisionMakingOrg",
    "TransferStatus",
    "TypeOfExploitation",
    "TypeOfSexExploitation",
    "Vulnerabilities",
]


class PersonRole(models.TextChoices):
    """How a person is connected to a case (HTCDS "Person Case Context")."""

    VICTIM = "victim", _("Victim")
    PERPETRATOR = "perpetrator", _("Perpetrator")
    CONTACT = "contact", _("Contact")
    OTHER = "other", _("Other")


class ClosureReason(models.TextChoices):
    """Why a case closed (coded, so statistics can count it; HTCDS keeps a free-text reason)."""

    SUPPORT_COMPLETED = "SupportCompleted", _("Support completed")
    REFERRED_ELSEWHERE = "ReferredElsewhere", _("Referred to another organisation")
    RETURNED_HOME = "ReturnedHome", _("Returned to country of origin")
    DECLINED_SUPPORT = "DeclinedSupport", _("The person declined further support")
    LOST_CONTACT = "LostContact", _("Contact lost")
    NOT_A_VICTIM = "NotAVictim", _("Found not to be a victim of trafficking")
    DECEASED = "Deceased", _("The person died")
    DUPLICATE = "Duplicate", _("Duplicate of another case")
    OTHER = "Other", _("Other")


# Case statuses that mean "closed".
CLOSED_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED})


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class DocumentType(models.TextChoices):
    IDENTITY = "identity", _("Identity or travel document")
    MEDICAL = "medical", _("Medical")
    LEGAL = "legal", _("Legal")
    CONSENT_FORM = "consent_form", _("Signed consent form")
    PHOTO = "photo", _("Photograph")
    EMPLOYMENT = "employment", _("Employment or contract")
    OTHER = "other", _("Other")


class GrantKind(models.TextChoices):
    """Why another organisation may see a case (need to know decides how much)."""

    TRANSFER = "transfer", _("Case transferred to the organisation")
    NRM_REFERRAL = "nrm_referral", _("NRM referral to the competent authority")
    SERVICE_REFERRAL = "service_referral", _("Referral to a service")
    JOINT_CASE = "joint_case", _("Joint case work")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the receiving organisation")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class ReferralDirection(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")


# Multi-valued HTCDS fields of the person-in-case context, stored as rows of CasePersonCode.
MULTI_VALUED_FIELDS: dict[str, type[models.TextChoices]] = {
    "vic_TypeOfExploitation": TypeOfExploitation,
    "vic_TypeOfSexExploitation": TypeOfSexExploitation,
    "vic_MethodOfRecruitment": MethodOfRecruitment,
    "vic_MethodsOfControl": MethodsOfControl,
    "vic_ForcedLabourIndustry": ForcedLabourIndustry,
    "vic_RecruitmentWebsitesAndApps": RecruitmentWebsitesAndApps,
    "vic_ExploitationWebsitesAndApps": ExploitationWebsitesAndApps,
    "vic_Vulnerabilities": Vulnerabilities,
    "per_RoleInProcess": RoleInProcess,
}
