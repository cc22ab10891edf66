"""Code lists of criminal cases. HTCDS 2.0 has no enforcement fields: everything here is a Waypoint
extension, except the exploitation forms (``vic_TypeOfExploitation``, with the Waypoint extension
``ForcedCriminality``) and the perpetrator roles (``per_RoleInProcess``) reused from cases."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from waypoint.cases.choices import RoleInProcess, TypeOfExploitation

__all__ = [
    "AppealOutcome",
    "Appellant",
    "ClosureReason",
    "CompensationKind",
    "HearingOutcome",
    "HearingType",
    "InvestigationStatus",
    "OfficialAgencyType",
    "ProsecutionStatus",
    "ProtectiveMeasure",
    "RoleInProcess",
    "SentenceMeasure",
    "SharedFact",
    "TypeOfExploitation",
    "VerdictOutcome",
]


class InvestigationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    """Why an investigation closed (coded, so statistics can count it)."""

    PROSECUTION = "prosecution", _("Handed over for prosecution")
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("Insufficient evidence")
    NOT_TRAFFICKING = "not_trafficking", _("No trafficking offence found")
    TRANSFERRED = "transferred", _("Transferred to another agency or country")
    SUSPECT_UNTRACED = "suspect_untraced", _("Suspects could not be traced")
    OTHER = "other", _("Other")


class OfficialAgencyType(models.TextChoices):
    """The agency of a public official suspected of complicity (TIP report, complicity table)."""

    POLICE = "police", _("Police")
    IMMIGRATION = "immigration", _("Immigration")
    LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
    JUDICIARY = "judiciary", _("Judiciary")
    OTHER_GOVERNMENT = "other_government", _("Other government")


class ProsecutionStatus(models.TextChoices):
    PRE_TRIAL = "pre_trial", _("Charged, before trial")
    TRIAL = "trial", _("At trial")
    JUDGMENT = "judgment", _("Judgment given")
    APPEAL = "appeal", _("On appeal")
    CONCLUDED = "concluded", _("Concluded (final)")
    DISCONTINUED = "discontinued", _("Discontinued")


# Prosecution statuses still before the courts (not final).
ACTIVE_PROSECUTION_STATUSES = frozenset(
    {
        ProsecutionStatus.PRE_TRIAL,
        ProsecutionStatus.TRIAL,
        ProsecutionStatus.JUDGMENT,
        ProsecutionStatus.APPEAL,
    }
)


class VerdictOutcome(models.TextChoices):
    """The outcome for one defendant on one charge."""

    CONVICTED = "convicted", _("Convicted at trial")
    PLEA = "plea", _("Guilty plea (convicted)")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed or withdrawn")


GUILTY_OUTCOMES = frozenset({VerdictOutcome.CONVICTED, VerdictOutcome.PLEA})


class SentenceMeasure(models.TextChoices):
    """Measures other than imprisonment and fines."""

    PROBATION = "probation", _("Probation or supervised release")
    COMMUNITY_SERVICE = "community_service", _("Community service")
    FORFEITURE = "forfeiture", _("Forfeiture or confiscation of assets")
    EXPULSION = "expulsion", _("Expulsion from the country")
    DISQUALIFICATION = "disqualification", _("Disqualification from office or a trade")
    OTHER = "other", _("Other")


class Appellant(models.TextChoices):
    DEFENCE = "defence", _("Defence")
    PROSECUTION = "prosecution", _("Prosecution")


class AppealOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Judgment upheld")
    CONVICTION_OVERTURNED = "conviction_overturned", _("Conviction overturned")
    ACQUITTAL_OVERTURNED = "acquittal_overturned", _("Acquittal overturned")
    SENTENCE_INCREASED = "sentence_increased", _("Sentence increased")
    SENTENCE_REDUCED = "sentence_reduced", _("Sentence reduced")
    RETRIAL_ORDERED = "retrial_ordered", _("Retrial ordered")
    WITHDRAWN = "withdrawn", _("Appeal withdrawn")


class CompensationKind(models.TextChoices):
    RESTITUTION = "restitution", _("Restitution ordered against the offender")
    COMPENSATION = "compensation", _("Compensation to the victim")


class HearingType(models.TextChoices):
    FIRST_APPEARANCE = "first_appearance", _("First appearance")
    COMPILATION = "compilation", _("Compilation of evidence")
    PRELIMINARY = "preliminary", _("Preliminary hearing")
    TRIAL = "trial", _("Trial")
    SENTENCING = "sentencing", _("Sentencing")
    APPEAL = "appeal", _("Appeal hearing")
    OTHER = "other", _("Other")


class HearingOutcome(models.TextChoices):
    HELD = "held", _("Held")
    ADJOURNED = "adjourned", _("Adjourned")
    CANCELLED = "cancelled", _("Cancelled")


class ProtectiveMeasure(models.TextChoices):
    """Measures protecting a victim in criminal proceedings (TIP report, victims in justice)."""

    VIDEO_TESTIMONY = "video_testimony", _("Testimony by video link")
    RECORDED_STATEMENT = "recorded_statement", _("Pre-recorded statement used in court")
    SCREEN = "screen", _("Screen or separate waiting room")
    CLOSED_HEARING = "closed_hearing", _("Hearing in private")
    ANONYMITY = "anonymity", _("Identity withheld from the public")
    INTERPRETER = "interpreter", _("Interpreter")
    SUPPORT_PERSON = "support_person", _("Support person present")
    LEGAL_AID = "legal_aid", _("Free legal aid")
    PROTECTION_ORDER = "protection_order", _("Protection or restraining order")
    WITNESS_PROTECTION = "witness_protection", _("Witness protection programme")
    OTHER = "other", _("Other")


class SharedFact(models.TextChoices):
    """Facts about a victim that a case worker may share with law enforcement, with consent."""

    GENDER = "gender", _("Gender")
    AGE_BAND = "age_band", _("Age band")
    NATIONALITY = "nationality", _("Nationality")
    EXPLOITATION_TYPE = "exploitation_type", _("Form of exploitation")
