"""Code lists for screening. The values of answers, grades, outcomes and next steps are the engine's
(``waypoint.screening.engine``); these classes add the labels people see."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class GradeChoice(models.TextChoices):
    STRONG = "S", _("Strong")
    MEDIUM = "M", _("Medium")
    WEAK = "W", _("Weak")


class GradeStatusChoice(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    PROVISIONAL = "provisional", _("Provisional")
    DISPUTED = "disputed", _("Disputed (sources disagree)")


class ElementChoice(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment")
    EXPLOITATION = "exploitation", _("Exploitation")
    DESTINATION = "destination", _("Coercion or abuse of vulnerability at destination")
    OTHER = "other", _("Other")


class ExploitationFamily(models.TextChoices):
    LABOUR = "labour", _("Labour exploitation")
    SEXUAL = "sexual", _("Sexual exploitation")


class AnswerChoice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Does not know")
    DECLINED = "declined", _("Did not want to answer")
    NOT_ASKED = "not_asked", _("Not asked")


class AnswerBasis(models.TextChoices):
    """How the screener knows the answer."""

    SELF_REPORT = "self_report", _("The person said so")
    OBSERVED = "observed", _("I saw it")
    DOCUMENT = "document", _("A document shows it")
    THIRD_PARTY = "third_party", _("Someone else said so")


class ScreeningStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    SUBMITTED = "submitted", _("Completed")


class ScreeningOutcome(models.TextChoices):
    MEETS_COMBINATION = "meets_combination", _("Indicators meet the combination")
    PARTIAL = "partial", _("Some indicators present")
    INSUFFICIENT_INFORMATION = "insufficient_information", _("Not enough information")
    NO_POSITIVE_DIMENSION = "no_positive_dimension", _("No positive dimension")
    PROFILE_UNAVAILABLE = "profile_unavailable", _("Profile not available: answers recorded")


class NextStep(models.TextChoices):
    REFER_AS_PRESUMED_VICTIM = "refer_as_presumed_victim", _("Refer as a presumed victim")
    REFER_FOR_ASSESSMENT = "refer_for_assessment", _("Refer for assessment")
    REINTERVIEW = "reinterview", _("Interview again")
    RECORD_NO_REFERRAL = "record_no_referral", _("No referral indicated: record")
    SAFEGUARDING_REFERRAL = "safeguarding_referral", _("Safeguarding referral (child)")


REFERRAL_STEPS = frozenset(
    {
        NextStep.REFER_AS_PRESUMED_VICTIM,
        NextStep.REFER_FOR_ASSESSMENT,
        NextStep.SAFEGUARDING_REFERRAL,
    }
)


class ReferralStatus(models.TextChoices):
    """Where the screening stands towards a referral (the NRM workflow takes it from here)."""

    REFERRAL_RECOMMENDED = "referral_recommended", _("Referral recommended")
    REINTERVIEW_RECOMMENDED = "reinterview_recommended", _("Interview again recommended")
    NO_REFERRAL_INDICATED = "no_referral_indicated", _("No referral indicated")
    REFERRAL_CONSENTED = "referral_consented", _("Referral recommended; consent given")
    REFERRAL_DECLINED = "referral_declined", _("The person declined referral")
    ANONYMOUS_NOTIFICATION = "anonymous_notification", _("Declined; anonymous notification made")


# Interview languages offered in the interview (ISO 639 codes); "other" is recorded as "und".
INTERVIEW_LANGUAGES = (
    ("en", _("English")),
    ("mt", _("Maltese")),
    ("ms", _("Malay")),
    ("ar", _("Arabic")),
    ("am", _("Amharic")),
    ("bn", _("Bengali")),
    ("zh", _("Chinese")),
    ("fr", _("French")),
    ("ha", _("Hausa")),
    ("hi", _("Hindi")),
    ("id", _("Indonesian")),
    ("km", _("Khmer")),
    ("my", _("Burmese")),
    ("ne", _("Nepali")),
    ("om", _("Oromo")),
    ("pa", _("Punjabi")),
    ("fa", _("Persian")),
    ("ps", _("Pashto")),
    ("pt", _("Portuguese")),
    ("ro", _("Romanian")),
    ("ru", _("Russian")),
    ("so", _("Somali")),
    ("es", _("Spanish")),
    ("sw", _("Swahili")),
    ("tl", _("Filipino (Tagalog)")),
    ("ta", _("Tamil")),
    ("th", _("Thai")),
    ("ti", _("Tigrinya")),
    ("uk", _("Ukrainian")),
    ("ur", _("Urdu")),
    ("vi", _("Vietnamese")),
    ("yo", _("Yoruba")),
    ("und", _("Another language")),
)
