"""The National Referral Mechanism: country profiles, NRM records with their decisions and step
history, parallel tracks, and the timers that keep every time limit.

HTCDS has no NRM: everything here is a Waypoint extension. Free text about a person (the
information sent to the authority, reasons) is encrypted at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organisation
from waypoint.cases.models import Case, CaseAccessGrant, CasePerson
from waypoint.common.fields import EncryptedTextField
from waypoint.common.models import BaseModel, VersionedModel
from waypoint.people.models import ConsentRecord
from waypoint.referrals.choices import (
    DayKind,
    DecisionOutcome,
    DecisionStage,
    NrmClosureReason,
    NrmState,
    TimerKind,
    TimerStatus,
    TrackKind,
)

User = settings.AUTH_USER_MODEL


class CountryProfile(BaseModel):
    """One version of a country's NRM rules (document shape: ``profiles.CountryRules``).

    A new version never changes anything already decided: each timer stores its due date and the
    version it was computed with.
    """

    # Loaded by a migration; a restore replaces it with the backup's copy.
    waypoint_reference_data = True

    country = models.CharField(max_length=2)
    version = models.PositiveIntegerField()
    effective_from = models.DateField()
    rules = models.JSONField()
    source = models.CharField(max_length=100, blank=True, default="")
    change_note = models.CharField(max_length=300, blank=True, default="")
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["country", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["country", "version"], name="profile_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.country} v{self.version}"


class NrmReferral(VersionedModel):
    """One person's way through the NRM, from detection to closure (one open record per person in
    a case). The referral to the competent authority is its central step."""

    reference = models.CharField(max_length=20, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="nrm_referrals")
    case_person = models.ForeignKey(
        CasePerson, on_delete=models.PROTECT, related_name="nrm_referrals"
    )
    state = models.CharField(max_length=32, choices=NrmState.choices, default=NrmState.DETECTED)
    referring_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="nrm_referrals_made"
    )
    opened_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referred_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    competent_authority = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nrm_referrals_received",
    )
    assigned_to = models.ForeignKey(  # the decision maker handling it
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The screening the referral came from (the screening app's public id), if any.
    screening_public_id = models.CharField(max_length=36, blank=True, default="")
    is_child = models.BooleanField(default=False)
    consent = models.ForeignKey(
        ConsentRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    grant = models.ForeignKey(
        CaseAccessGrant, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the authority needs to decide: grounds, indicators observed, urgency (free text).
    information = EncryptedTextField(_("information for the competent authority"))
    referred_at = models.DateTimeField(null=True, blank=True)
    preliminary_decision_on = models.DateField(null=True, blank=True)
    formal_decision_on = models.DateField(null=True, blank=True)
    recovery_period_ends_on = models.DateField(null=True, blank=True)
    reconsideration_count = models.PositiveSmallIntegerField(default=0)
    was_identified = models.BooleanField(default=False)
    closure_reason = models.CharField(
        max_length=24, choices=NrmClosureReason.choices, blank=True, default=""
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    profile = models.ForeignKey(CountryProfile, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=NrmState.values), name="nrm_state_known"),
            models.UniqueConstraint(
                fields=["case_person"],
                condition=~Q(state="closed"),
                name="nrm_one_open_record_per_person_in_case",
            ),
            models.CheckConstraint(
                condition=~Q(state="closed") | ~Q(closure_reason=""),
                name="nrm_closed_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["competent_authority", "state"]),
            models.Index(fields=["referring_organisation", "state"]),
        ]

    def __str__(self) -> str:
        return self.reference


class NrmDecision(BaseModel):
    """A decision of the competent authority: the step, the outcome, the standard applied, the
    legal basis and the reasons, and whether it came within the target."""

    referral = models.ForeignKey(NrmReferral, on_delete=models.CASCADE, related_name="decisions")
    stage = models.CharField(max_length=32, choices=DecisionStage.choices)
    outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices)
    decision_name = models.CharField(max_length=100)
    standard = models.CharField(max_length=300, blank=True, default="")
    decided_on = models.DateField()
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    decision_making_org = models.CharField(max_length=40)  # HTCDS code of the deciding body
    legal_basis = models.CharField(max_length=300)
    reason = EncryptedTextField(_("reasons"))
    due_on = models.DateField(null=True, blank=True)
    is_within_target = models.BooleanField(null=True)
    profile = models.ForeignKey(CountryProfile, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decided_at"]
        indexes = [models.Index(fields=["stage", "outcome", "decided_on"])]

    def __str__(self) -> str:
        return f"{self.stage} {self.outcome}"


class Track(VersionedModel):
    """A parallel track on a case (permit, protection order, shelter placement, guardianship,
    compensation) with its own state and timers (tables in track_workflow.py)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tracks")
    case_person = models.ForeignKey(CasePerson, on_delete=models.PROTECT, related_name="tracks")
    kind = models.CharField(max_length=24, choices=TrackKind.choices)
    state = models.CharField(max_length=16)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    opened_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    # Freedom of movement: precondition code -> ISO date it was recorded as done.
    conditions = models.JSONField(default=dict, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    # Permit numbers, court references, the guardian's name: identifying, so encrypted.
    details = EncryptedTextField(_("details"))
    profile = models.ForeignKey(CountryProfile, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["kind", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=TrackKind.values), name="track_kind_known")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.state}"


class TransitionRecord(BaseModel):
    """Every step taken: who, for which organisation, when, on what legal basis and why."""

    referral = models.ForeignKey(
        NrmReferral, null=True, blank=True, on_delete=models.CASCADE, related_name="steps"
    )
    track = models.ForeignKey(
        Track, null=True, blank=True, on_delete=models.CASCADE, related_name="steps"
    )
    transition = models.CharField(max_length=48)
    from_state = models.CharField(max_length=32)
    to_state = models.CharField(max_length=32)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_roles = models.CharField(max_length=200, blank=True, default="")
    organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField()
    legal_basis = models.CharField(max_length=300, blank=True, default="")
    reason = EncryptedTextField(_("reason"))
    profile = models.ForeignKey(
        CountryProfile, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(referral__isnull=False, track__isnull=True)
                | Q(referral__isnull=True, track__isnull=False),
                name="transition_of_one_record",
            )
        ]

    def __str__(self) -> str:
        return self.transition


class Timer(BaseModel):
    """A time limit or period with its due date, reminder date and breach flag.

    Computed and stored when the step starts, with the profile version used: later profile changes
    never move it. The periodic sweep sends reminders (once), flags breaches (stored, so they can be
    counted) and ends periods.
    """

    kind = models.CharField(max_length=32, choices=TimerKind.choices)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timers")
    referral = models.ForeignKey(
        NrmReferral, null=True, blank=True, on_delete=models.CASCADE, related_name="timers"
    )
    track = models.ForeignKey(
        Track, null=True, blank=True, on_delete=models.CASCADE, related_name="timers"
    )
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    responsible_user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    profile = models.ForeignKey(
        CountryProfile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    day_kind = models.CharField(max_length=10, choices=DayKind.choices)
    length_days = models.PositiveIntegerField(null=True, blank=True)
    starts_on = models.DateField()
    due_on = models.DateField()
    remind_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=TimerStatus.choices, default=TimerStatus.RUNNING
    )
    stopped_on = models.DateField(null=True, blank=True)
    is_breached = models.BooleanField(default=False)
    breached_on = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    breach_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("starts_on")), name="timer_due_after_start"
            ),
            models.CheckConstraint(
                condition=Q(is_breached=False) | Q(breached_on__isnull=False),
                name="timer_breach_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["is_breached", "kind"]),
            models.Index(fields=["responsible_organisation", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} due {self.due_on}"
