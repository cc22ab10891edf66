"""Cases (HTCDS ``cas_``), persons in cases with their victim (``vic_``) and perpetrator (``per_``)
context, trafficking events (``hte_``), support plans (``spl_``), comments (``cco_``), referral
details, tasks, documents, access grants and transfers.

Zero and unknown are different everywhere: a blank code or a NULL means "not recorded".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organisation
from waypoint.cases.choices import (
    CaseStatus,
    ClosureReason,
    DocumentType,
    EventType,
    GrantKind,
    PersonRole,
    ReasonForIncomingReferral,
    ReferralDirection,
    RelationshipToTrafficker,
    SupportPlanType,
    TaskStatus,
    TraffickingStatus,
    TraffickingStatusDecisionMakingOrg,
    TransferStatus,
)
from waypoint.common.fields import EncryptedTextField
from waypoint.common.models import BaseModel, VersionedModel
from waypoint.people.models import Person

User = settings.AUTH_USER_MODEL


class Case(VersionedModel):
    """The case work of one organisation for one or more persons."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="owned_cases"
    )
    case_owner = models.ForeignKey(  # cas_CaseOwner: the person responsible (assignee)
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_cases"
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(  # cas_Status
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.ACTIVE
    )
    opened_on = models.DateField(_("registered on"))
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=32, choices=ClosureReason.choices, blank=True, default=""
    )
    closure_details = EncryptedTextField(_("reason for case closure"))  # cas_ReasonForCaseClosure
    summary = EncryptedTextField(_("summary"))
    reopened_count = models.PositiveSmallIntegerField(default=0)
    is_deidentified = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opened_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CaseStatus.values), name="case_status_known"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["Active", "FollowUp"]) | ~Q(closure_reason=""),
                name="case_closed_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["owner_organisation", "status"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status in (CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED)


class CasePerson(VersionedModel):
    """A person in a case, with the HTCDS context of their role in it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_persons")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_links")
    role = models.CharField(max_length=16, choices=PersonRole.choices)
    # When this person was registered in this case (period of statistics). Banded years for records
    # imported with only a year band (CTDC): registration_year_from .. registration_year_to.
    registered_on = models.DateField(null=True, blank=True)
    registration_year_from = models.PositiveSmallIntegerField(null=True, blank=True)
    registration_year_to = models.PositiveSmallIntegerField(null=True, blank=True)
    # Victim context (vic_)
    trafficking_status = models.CharField(
        max_length=32, choices=TraffickingStatus.choices, blank=True, default=""
    )
    trafficking_status_decision_making_org = models.CharField(
        max_length=40, choices=TraffickingStatusDecisionMakingOrg.choices, blank=True, default=""
    )
    relationship_to_trafficker = models.CharField(
        max_length=16, choices=RelationshipToTrafficker.choices, blank=True, default=""
    )
    age_when_trafficked = models.PositiveSmallIntegerField(null=True, blank=True)
    is_child_when_exploited = models.BooleanField(null=True, blank=True)
    location_of_recruitment = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    location_of_exploitation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Waypoint extensions: the countries, when the places are not known as organisations.
    country_of_recruitment = models.CharField(max_length=2, blank=True, default="")
    country_of_exploitation = models.CharField(max_length=2, blank=True, default="")
    # Perpetrator context (per_)
    perpetrator_role_details = EncryptedTextField(_("role details"))  # per_RoleDetails
    perpetrator_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Import idempotence: the id of the row in the source file, per importing organisation.
    source_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_record_id = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        ordering = ["case", "role", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "role"], name="case_person_role_once"
            ),
            models.UniqueConstraint(
                fields=["source_organisation", "source_record_id"],
                condition=~Q(source_record_id=""),
                name="case_person_source_record_once",
            ),
            models.CheckConstraint(
                condition=Q(role__in=PersonRole.values), name="case_person_role_known"
            ),
            models.CheckConstraint(
                condition=Q(registration_year_from__isnull=True)
                | Q(registration_year_to__isnull=True)
                | Q(registration_year_to__gte=models.F("registration_year_from")),
                name="case_person_year_band_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["role", "registered_on"]),
            models.Index(fields=["country_of_exploitation"]),
        ]

    def __str__(self) -> str:
        return f"{self.role} in {self.case_id}"


class CasePersonCode(models.Model):
    """One value of a multi-valued HTCDS field of a person in a case (e.g. one exploitation type)."""

    case_person = models.ForeignKey(CasePerson, on_delete=models.CASCADE, related_name="codes")
    field = models.CharField(max_length=40)
    code = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case_person", "field", "code"], name="code_once")
        ]
        indexes = [models.Index(fields=["field", "code"])]

    def __str__(self) -> str:
        return f"{self.field}={self.code}"


class TraffickingStatusChange(models.Model):
    """History of ``vic_TraffickingStatus`` for a person in a case."""

    case_person = models.ForeignKey(
        CasePerson, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=32, choices=TraffickingStatus.choices, blank=True)
    decision_making_org = models.CharField(max_length=40, blank=True, default="")
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["changed_at"]

    def __str__(self) -> str:
        return self.status


class CaseReferralDetail(BaseModel):
    """HTCDS referral details (``cas_``): incoming and outgoing referrals of the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referral_details")
    direction = models.CharField(max_length=10, choices=ReferralDirection.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral_date = models.DateField(null=True, blank=True)
    primary_case_worker = EncryptedTextField()
    reason = models.CharField(
        max_length=40, choices=ReasonForIncomingReferral.choices, blank=True, default=""
    )
    details = EncryptedTextField()

    class Meta:
        ordering = ["referral_date", "created_at"]

    def __str__(self) -> str:
        return f"{self.direction} referral"


class TraffickingEvent(BaseModel):
    """A dated place in the person's trafficking history (``hte_``): recruitment, transit, exploitation."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    case_person = models.ForeignKey(
        CasePerson, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    event_type = models.CharField(max_length=16, choices=EventType.choices)
    event_date = models.DateField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True, default="")
    city = EncryptedTextField()
    state = EncryptedTextField()
    street = EncryptedTextField()
    postal_code = EncryptedTextField()
    latitude = EncryptedTextField()
    longitude = EncryptedTextField()
    description = EncryptedTextField()
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["event_date", "created_at"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_date or ''}"


class SupportPlan(VersionedModel):
    """A support plan (``spl_``) for a person in the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="support_plans")
    case_person = models.ForeignKey(
        CasePerson, null=True, blank=True, on_delete=models.CASCADE, related_name="support_plans"
    )
    plan_type = models.CharField(max_length=40, choices=SupportPlanType.choices)
    objectives = EncryptedTextField()
    action_plan = EncryptedTextField()
    planned_end_date = models.DateField(null=True, blank=True)
    actual_end_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["planned_end_date", "created_at"]

    def __str__(self) -> str:
        return self.plan_type


class CaseNote(BaseModel):
    """A case comment (``cco_CaseComment``)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    author_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    body = EncryptedTextField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"note {self.public_id}"


class CaseTask(VersionedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = EncryptedTextField()
    due_on = models.DateField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="case_tasks"
    )
    status = models.CharField(max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["status", "due_on"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"task {self.public_id}"


class Document(BaseModel):
    """A document of the case, encrypted at rest in the data directory."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    case_person = models.ForeignKey(
        CasePerson, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    title = EncryptedTextField()
    document_type = models.CharField(max_length=20, choices=DocumentType.choices)
    original_name = EncryptedTextField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=64, unique=True)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_for = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    encrypted_file_field = "stored_name"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"document {self.public_id}"

    def file_context(self) -> str:
        return f"cases.document:{self.public_id}"


class CaseAccessGrant(BaseModel):
    """Another organisation may see this case (how much depends on the kind: need to know)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_grants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=GrantKind.choices)
    granted_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The consent the sharing rests on; withdrawing it ends the grant at once. Empty when no
    # consent is needed (a child's referral, a transfer of the case itself).
    consent = models.ForeignKey(
        "people.ConsentRecord",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    source_id = models.CharField(max_length=36, blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.kind} grant"


class CaseTransfer(BaseModel):
    """A request to hand a case to another organisation; access changes only on acceptance."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=12, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    reason = EncryptedTextField()
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    responded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = EncryptedTextField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="pending"),
                name="case_one_pending_transfer",
            ),
            models.CheckConstraint(
                condition=~Q(from_organisation=models.F("to_organisation")),
                name="transfer_to_another_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"transfer {self.status}"
