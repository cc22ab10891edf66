"""Criminal cases: statutes, investigations, suspects, organised-crime groups, prosecutions,
defendants, charges, verdicts, sentences, appeals, restitution and compensation, hearings, and
victims taking part in proceedings (as pseudonymous witnesses).

Suspects are ``waypoint.people.Person`` records (identifying fields encrypted there). A victim is
never linked to a criminal case directly: :class:`VictimParticipation` holds a witness code and the
facts the victim consented to share, and points to the support case only for the case worker side.
Zero and unknown are different everywhere: NULL or a blank code means "not recorded".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organisation
from waypoint.common.fields import EncryptedTextField
from waypoint.common.models import BaseModel, VersionedModel
from waypoint.enforcement.choices import (
    AppealOutcome,
    Appellant,
    ClosureReason,
    CompensationKind,
    HearingOutcome,
    HearingType,
    InvestigationStatus,
    OfficialAgencyType,
    ProsecutionStatus,
    ProtectiveMeasure,
    RoleInProcess,
    TypeOfExploitation,
    VerdictOutcome,
)
from waypoint.people.models import Person

User = settings.AUTH_USER_MODEL


class ImportedRecord(models.Model):
    """Import idempotence: the record's id in the source file, per importing organisation."""

    source_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_record_id = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        abstract = True


class Statute(VersionedModel):
    """An offence provision of one country's law (e.g. Malta Criminal Code art. 248A)."""

    # Seeded by a migration into every installation; a restore replaces it with the backup's copy.
    waypoint_reference_data = True

    country = models.CharField(_("country"), max_length=2)
    instrument = models.CharField(_("law"), max_length=120)
    code = models.CharField(_("article or section"), max_length=20)
    short_title = models.CharField(_("short title"), max_length=200)
    is_trafficking_offence = models.BooleanField(_("trafficking offence"), default=True)
    # Seeded titles are paraphrases; a system administrator confirms them against the official text.
    is_title_verified = models.BooleanField(
        _("title checked against the official text"), default=False
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["country", "instrument", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "instrument", "code"], name="statute_once_per_law"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.code}"


class Investigation(VersionedModel, ImportedRecord):
    """A criminal investigation by one agency: the root of a criminal case."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    # Empty only for imported records whose source does not name the agency.
    investigating_agency = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="investigations"
    )
    external_reference = models.CharField(
        _("agency file number"), max_length=60, blank=True, default=""
    )
    lead_investigator = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_investigations"
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=InvestigationStatus.choices, default=InvestigationStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        max_length=32, choices=ClosureReason.choices, blank=True, default=""
    )
    summary = EncryptedTextField(_("summary"))
    offences = models.ManyToManyField(Statute, blank=True, related_name="investigations")

    class Meta:
        ordering = ["-opened_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InvestigationStatus.values),
                name="investigation_status_known",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=F("opened_on")),
                name="investigation_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(closure_reason=""),
                name="investigation_closed_has_reason",
            ),
            models.UniqueConstraint(
                fields=["source_organisation", "source_record_id"],
                condition=~Q(source_record_id=""),
                name="investigation_source_record_once",
            ),
        ]
        indexes = [models.Index(fields=["investigating_agency", "status"])]

    def __str__(self) -> str:
        return self.reference


class InvestigationExploitation(models.Model):
    """One exploitation form of an investigation (HTCDS ``vic_TypeOfExploitation`` codes)."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="exploitation_forms"
    )
    code = models.CharField(max_length=40, choices=TypeOfExploitation.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "code"], name="investigation_form_once"
            ),
            models.CheckConstraint(
                condition=Q(code__in=TypeOfExploitation.values), name="investigation_form_known"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Handover(BaseModel):
    """The investigation file was handed to a prosecution service, whose prosecutors then see it."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="handovers"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    handed_on = models.DateField(_("handed over on"))
    handed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["handed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "organisation"], name="handover_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"handover {self.public_id}"


class Suspect(VersionedModel, ImportedRecord):
    """A person suspected in an investigation, with the HTCDS perpetrator context (``per_``)."""

    investigation = models.ForeignKey(
        Investigation, on_delete=models.PROTECT, related_name="suspects"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="suspect_links")
    identified_on = models.DateField(_("suspected since"), null=True, blank=True)
    arrested_on = models.DateField(_("arrested on"), null=True, blank=True)
    role_details = EncryptedTextField(_("role details"))  # per_RoleDetails
    # Complicity of a public official: NULL = not recorded.
    is_public_official = models.BooleanField(_("public official"), null=True, blank=True)
    official_agency_type = models.CharField(
        _("official's agency"),
        max_length=20,
        choices=OfficialAgencyType.choices,
        blank=True,
        default="",
    )
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["investigation", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["investigation", "person"], name="suspect_once"),
            models.CheckConstraint(
                condition=Q(official_agency_type="") | Q(is_public_official=True),
                name="suspect_agency_only_for_officials",
            ),
            models.UniqueConstraint(
                fields=["source_organisation", "source_record_id"],
                condition=~Q(source_record_id=""),
                name="suspect_source_record_once",
            ),
        ]
        indexes = [models.Index(fields=["is_public_official", "official_agency_type"])]

    def __str__(self) -> str:
        return f"suspect {self.public_id}"


class SuspectRole(models.Model):
    """One ``per_RoleInProcess`` code of a suspect (multi-valued)."""

    suspect = models.ForeignKey(Suspect, on_delete=models.CASCADE, related_name="roles")
    code = models.CharField(max_length=40, choices=RoleInProcess.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["suspect", "code"], name="suspect_role_once"),
            models.CheckConstraint(
                condition=Q(code__in=RoleInProcess.values), name="suspect_role_known"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class CriminalGroup(VersionedModel):
    """An organised-crime group known to an investigating agency; its members are suspects."""

    reference = models.CharField(max_length=20, unique=True)
    investigating_agency = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="criminal_groups"
    )
    name = EncryptedTextField(_("name or working name"))
    description = EncryptedTextField(_("description"))
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    members: models.ManyToManyField[Suspect, CriminalGroupMembership] = models.ManyToManyField(
        Suspect, through="CriminalGroupMembership", related_name="criminal_groups"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference


class CriminalGroupMembership(BaseModel):
    group = models.ForeignKey(CriminalGroup, on_delete=models.CASCADE, related_name="memberships")
    suspect = models.ForeignKey(Suspect, on_delete=models.CASCADE, related_name="memberships")
    added_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "suspect"], name="group_member_once")
        ]

    def __str__(self) -> str:
        return f"member {self.public_id}"


class Prosecution(VersionedModel, ImportedRecord):
    """Criminal proceedings brought by a prosecution service on an investigation."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    investigation = models.ForeignKey(
        Investigation, on_delete=models.PROTECT, related_name="prosecutions"
    )
    prosecuting_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="prosecutions"
    )
    court = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="court_cases"
    )
    court_case_number = EncryptedTextField(_("court case number"))
    lead_prosecutor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_prosecutions"
    )
    status = models.CharField(
        max_length=16, choices=ProsecutionStatus.choices, default=ProsecutionStatus.PRE_TRIAL
    )
    filed_on = models.DateField(_("proceedings started on"), null=True, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-filed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProsecutionStatus.values), name="prosecution_status_known"
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True)
                | Q(filed_on__isnull=True)
                | Q(concluded_on__gte=F("filed_on")),
                name="prosecution_concluded_after_filed",
            ),
            models.UniqueConstraint(
                fields=["source_organisation", "source_record_id"],
                condition=~Q(source_record_id=""),
                name="prosecution_source_record_once",
            ),
        ]
        indexes = [models.Index(fields=["prosecuting_organisation", "status"])]

    def __str__(self) -> str:
        return self.reference


class Defendant(BaseModel, ImportedRecord):
    """A suspect brought before the court in a prosecution."""

    prosecution = models.ForeignKey(
        Prosecution, on_delete=models.PROTECT, related_name="defendants"
    )
    suspect = models.ForeignKey(Suspect, on_delete=models.PROTECT, related_name="defendants")

    class Meta:
        ordering = ["prosecution", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["prosecution", "suspect"], name="defendant_once"),
            models.UniqueConstraint(
                fields=["source_organisation", "source_record_id"],
                condition=~Q(source_record_id=""),
                name="defendant_source_record_once",
            ),
        ]

    def __str__(self) -> str:
        return f"defendant {self.public_id}"


class Charge(BaseModel):
    """A charge against a defendant under a statute (or, for imports, an external statute code)."""

    defendant = models.ForeignKey(Defendant, on_delete=models.CASCADE, related_name="charges")
    statute = models.ForeignKey(
        Statute, null=True, blank=True, on_delete=models.PROTECT, related_name="charges"
    )
    external_statute_code = models.CharField(max_length=60, blank=True, default="")
    charged_on = models.DateField(_("charged on"), null=True, blank=True)
    counts = models.PositiveSmallIntegerField(_("counts"), null=True, blank=True)

    class Meta:
        ordering = ["defendant", "charged_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(statute__isnull=False) | ~Q(external_statute_code=""),
                name="charge_names_a_statute",
            )
        ]
        indexes = [models.Index(fields=["charged_on"])]

    def __str__(self) -> str:
        return f"charge {self.public_id}"


class DatedOutcome(models.Model):
    """An outcome dated to the day, or (imports) only to the year: both NULL = date not recorded."""

    year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        abstract = True


class Verdict(BaseModel, DatedOutcome):
    """The court's decision for one defendant on one charge."""

    charge = models.OneToOneField(Charge, on_delete=models.CASCADE, related_name="verdict")
    outcome = models.CharField(max_length=12, choices=VerdictOutcome.choices)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=VerdictOutcome.values), name="verdict_outcome_known"
            )
        ]
        indexes = [models.Index(fields=["outcome", "decided_on"])]

    def __str__(self) -> str:
        return self.outcome


class Appeal(BaseModel):
    """An appeal against the judgment concerning one defendant."""

    defendant = models.ForeignKey(Defendant, on_delete=models.CASCADE, related_name="appeals")
    appellant = models.CharField(max_length=12, choices=Appellant.choices)
    filed_on = models.DateField(_("filed on"))
    court = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(
        max_length=24, choices=AppealOutcome.choices, default=AppealOutcome.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["filed_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("filed_on")),
                name="appeal_decided_after_filed",
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending", decided_on__isnull=True)
                | (~Q(outcome="pending") & Q(decided_on__isnull=False)),
                name="appeal_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"appeal {self.outcome}"


class Sentence(BaseModel, DatedOutcome):
    """A sentence imposed on a convicted defendant (first instance, or on appeal)."""

    defendant = models.ForeignKey(Defendant, on_delete=models.CASCADE, related_name="sentences")
    appeal = models.ForeignKey(
        Appeal, null=True, blank=True, on_delete=models.SET_NULL, related_name="sentences"
    )
    sentenced_on = models.DateField(_("sentenced on"), null=True, blank=True)
    # 0 = no imprisonment; NULL = not recorded.
    imprisonment_months = models.PositiveIntegerField(
        _("imprisonment (months)"), null=True, blank=True
    )
    is_suspended = models.BooleanField(_("suspended"), null=True, blank=True)
    fine_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    fine_currency = models.CharField(max_length=3, blank=True, default="")
    probation_months = models.PositiveIntegerField(null=True, blank=True)
    other_measures = models.JSONField(default=list, blank=True)  # SentenceMeasure codes
    other_details = EncryptedTextField(_("other details"))
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["sentenced_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fine_amount__isnull=True) | ~Q(fine_currency=""),
                name="sentence_fine_has_currency",
            )
        ]

    def __str__(self) -> str:
        return f"sentence {self.public_id}"


class CompensationOrder(BaseModel, DatedOutcome):
    """Restitution or compensation ordered against a defendant, optionally for one victim."""

    defendant = models.ForeignKey(
        Defendant, on_delete=models.CASCADE, related_name="compensation_orders"
    )
    kind = models.CharField(max_length=16, choices=CompensationKind.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    ordered_on = models.DateField(_("ordered on"), null=True, blank=True)
    beneficiary = models.ForeignKey(
        "VictimParticipation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="compensation_orders",
    )
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["ordered_on", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="order_amount_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=CompensationKind.values), name="order_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id}"


class CompensationPayment(BaseModel):
    order = models.ForeignKey(CompensationOrder, on_delete=models.CASCADE, related_name="payments")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["paid_on", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self) -> str:
        return f"payment {self.public_id}"


class Hearing(BaseModel):
    prosecution = models.ForeignKey(Prosecution, on_delete=models.CASCADE, related_name="hearings")
    hearing_type = models.CharField(max_length=20, choices=HearingType.choices)
    hearing_date = models.DateField(_("date"))
    hearing_time = models.TimeField(_("time"), null=True, blank=True)
    outcome = models.CharField(
        max_length=12, choices=HearingOutcome.choices, blank=True, default=""
    )  # blank = still to come or not recorded
    reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["hearing_date", "hearing_time"]
        indexes = [models.Index(fields=["hearing_date", "outcome"])]

    def __str__(self) -> str:
        return f"hearing {self.hearing_date}"


class VictimParticipation(VersionedModel):
    """A victim's part in a criminal case, seen by law enforcement only as a witness code.

    The case worker of the support case creates it and chooses which facts to share; the facts are
    copied here, so law enforcement never reads the person or the case. ``case_person`` is used only
    on the case worker's side.
    """

    investigation = models.ForeignKey(
        Investigation, on_delete=models.PROTECT, related_name="witnesses"
    )
    witness_code = models.CharField(max_length=8, unique=True)
    case_person = models.ForeignKey(
        "cases.CasePerson", on_delete=models.PROTECT, related_name="criminal_proceedings"
    )
    linked_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    linked_for = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Facts shared with consent (blank = not shared).
    shared_gender = models.CharField(max_length=32, blank=True, default="")
    shared_age_band = models.CharField(max_length=8, blank=True, default="")
    shared_nationality = models.CharField(max_length=2, blank=True, default="")
    shared_exploitation_types = models.JSONField(default=list, blank=True)
    # The victim's part in the proceedings, recorded by law enforcement (NULL = not recorded).
    is_cooperating = models.BooleanField(
        _("cooperating with the investigation"), null=True, blank=True
    )
    has_testified = models.BooleanField(_("testified"), null=True, blank=True)
    was_penalised = models.BooleanField(
        _("penalised for acts they were compelled to commit"), null=True, blank=True
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["investigation", "case_person"],
                condition=Q(ended_at__isnull=True),
                name="witness_once_per_investigation",
            )
        ]

    def __str__(self) -> str:
        return self.witness_code


class WitnessShare(BaseModel):
    """An organisation that may see the shared facts of a witness, on the victim's consent.

    Withdrawing the consent hides the facts from that organisation at once.
    """

    participation = models.ForeignKey(
        VictimParticipation, on_delete=models.CASCADE, related_name="shares"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    consent = models.ForeignKey(
        "people.ConsentRecord", on_delete=models.PROTECT, related_name="witness_shares"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "organisation"], name="witness_share_once"
            )
        ]

    def __str__(self) -> str:
        return f"share {self.public_id}"


class WitnessProtectiveMeasure(models.Model):
    participation = models.ForeignKey(
        VictimParticipation, on_delete=models.CASCADE, related_name="protective_measures"
    )
    code = models.CharField(max_length=24, choices=ProtectiveMeasure.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participation", "code"], name="measure_once"),
            models.CheckConstraint(
                condition=Q(code__in=ProtectiveMeasure.values), name="measure_known"
            ),
        ]

    def __str__(self) -> str:
        return self.code
