"""Code lists of the National Referral Mechanism (Waypoint extensions: HTCDS has no NRM).

Codes are stable: they appear in the API, the audit log and statistics.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NrmState(models.TextChoices):
    """Where a person is in the NRM (DOMAIN.md §3; identification-and-reporting.md §6b)."""

    DETECTED = "detected", _("Detected")
    SCREENING = "screening", _("Screening")
    REFERRED = "referred", _("Referred to the competent authority")
    PRELIMINARY_PENDING = "preliminary_pending", _("Preliminary decision pending")
    PRESUMED_VICTIM = "presumed_victim", _("Presumed victim (recovery and reflection period)")
    FORMAL_PENDING = "formal_pending", _("Formal decision pending")
    IDENTIFIED_VICTIM = "identified_victim", _("Identified victim")
    SUPPORT = "support", _("Support and social inclusion")
    RETURN = "return", _("Assisted return")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    NOT_REFERRED = "not_referred", _("Not referred")
    NOT_PRESUMED = "not_presumed", _("Not presumed a victim (negative preliminary decision)")
    NOT_IDENTIFIED = "not_identified", _("Not identified (negative formal decision)")
    PRELIMINARY_RECONSIDERATION = (
        "preliminary_reconsideration",
        _("Preliminary decision under reconsideration"),
    )
    FORMAL_RECONSIDERATION = "formal_reconsideration", _("Formal decision under reconsideration")


# States in which the competent authority owes a decision.
DECISION_PENDING_STATES = frozenset(
    {
        NrmState.REFERRED,
        NrmState.PRELIMINARY_PENDING,
        NrmState.FORMAL_PENDING,
        NrmState.PRELIMINARY_RECONSIDERATION,
        NrmState.FORMAL_RECONSIDERATION,
    }
)
# States in which the referral is with the competent authority (its grant is needed).
WITH_AUTHORITY_STATES = DECISION_PENDING_STATES | frozenset(
    {
        NrmState.PRESUMED_VICTIM,
        NrmState.IDENTIFIED_VICTIM,
        NrmState.NOT_PRESUMED,
        NrmState.NOT_IDENTIFIED,
        NrmState.SUPPORT,
        NrmState.RETURN,
    }
)


class DecisionStage(models.TextChoices):
    PRELIMINARY = "preliminary", _("Preliminary decision")
    FORMAL = "formal", _("Formal decision")
    PRELIMINARY_RECONSIDERATION = (
        "preliminary_reconsideration",
        _("Reconsideration of the preliminary decision"),
    )
    FORMAL_RECONSIDERATION = "formal_reconsideration", _("Reconsideration of the formal decision")


class DecisionOutcome(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEGATIVE = "negative", _("Negative")


class NrmClosureReason(models.TextChoices):
    """Why an NRM record closed (§6b: completed, withdrew, lost contact, transferred abroad, deceased)."""

    COMPLETED = "completed", _("Support completed")
    WITHDREW = "withdrew", _("The person withdrew (or withdrew consent)")
    LOST_CONTACT = "lost_contact", _("Contact lost")
    TRANSFERRED_ABROAD = "transferred_abroad", _("Transferred abroad")
    DECEASED = "deceased", _("The person died")
    NO_ACTION = "no_action", _("No further action")
    NOT_A_VICTIM = "not_a_victim", _("Found not to be a victim")
    DUPLICATE = "duplicate", _("Duplicate record")


class DayKind(models.TextChoices):
    WORKING = "working", _("working days")
    CALENDAR = "calendar", _("calendar days")


class TimerKind(models.TextChoices):
    """Every clock Waypoint keeps. Deadlines can be breached; periods simply end."""

    PRELIMINARY_DECISION = "preliminary_decision", _("Preliminary decision due")
    RECOVERY_PERIOD = "recovery_period", _("Recovery and reflection period")
    FORMAL_DECISION = "formal_decision", _("Formal decision due")
    RECONSIDERATION = "reconsideration", _("Reconsideration decision due")
    PERMIT_DECISION = "permit_decision", _("Permit decision due")
    PERMIT_VALIDITY = "permit_validity", _("Permit valid until")
    FREEDOM_OF_MOVEMENT_DECISION = (
        "freedom_of_movement_decision",
        _("Freedom-of-movement decision due"),
    )
    INTERIM_PROTECTION_ORDER = "interim_protection_order", _("Interim protection order")
    PROTECTION_ORDER = "protection_order", _("Protection order")
    SHELTER_STAY = "shelter_stay", _("Shelter stay (maximum)")
    GUARDIAN_APPOINTMENT = "guardian_appointment", _("Guardian appointment due")
    COMPENSATION_FOLLOW_UP = "compensation_follow_up", _("Compensation claim follow-up")
    SERVICE_RESPONSE = "service_response", _("Answer to a service referral due")


# Deadlines: someone must act by the due date, and missing it is a breach that is counted.
DEADLINE_KINDS = frozenset(
    {
        TimerKind.PRELIMINARY_DECISION,
        TimerKind.FORMAL_DECISION,
        TimerKind.RECONSIDERATION,
        TimerKind.PERMIT_DECISION,
        TimerKind.FREEDOM_OF_MOVEMENT_DECISION,
        TimerKind.GUARDIAN_APPOINTMENT,
        TimerKind.COMPENSATION_FOLLOW_UP,
        TimerKind.SERVICE_RESPONSE,
    }
)
# Periods: they run to an end date (reminder before it), then elapse; nobody breaches them.
PERIOD_KINDS = frozenset(TimerKind) - DEADLINE_KINDS


class TimerStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    ELAPSED = "elapsed", _("Ended")
    CANCELLED = "cancelled", _("Cancelled")


class TrackKind(models.TextChoices):
    """Parallel tracks on a case, each with its own states and timers."""

    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    WORK_PERMIT = "work_permit", _("Work permit")
    FREEDOM_OF_MOVEMENT = "freedom_of_movement", _("Freedom-of-movement permission")
    PROTECTION_ORDER = "protection_order", _("Protection order")
    SHELTER_PLACEMENT = "shelter_placement", _("Shelter placement")
    GUARDIANSHIP = "guardianship", _("Child guardianship")
    COMPENSATION = "compensation", _("Compensation claim")


class TrackState(models.TextChoices):
    """States of all tracks (each kind uses its own subset; see track_workflow.py)."""

    APPLIED = "applied", _("Applied")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    ENDED = "ended", _("Ended")
    ASSESSING = "assessing", _("Preconditions being assessed")
    REQUESTED = "requested", _("Requested")
    REVOKED = "revoked", _("Revoked")
    INTERIM = "interim", _("Interim order in force")
    FULL = "full", _("Order in force")
    PLACED = "placed", _("Placed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    APPOINTED = "appointed", _("Guardian appointed")
    PREPARING = "preparing", _("Claim being prepared")
    FILED = "filed", _("Claim filed")
    AWARDED = "awarded", _("Compensation awarded")
    REJECTED = "rejected", _("Claim rejected")
    PAID = "paid", _("Compensation paid")


class Requester(models.TextChoices):
    """Who may ask for a reconsideration (country profile ``reconsideration.who_may_request``)."""

    FIRST_RESPONDER = "first_responder", _("The first responder who referred")
    SUPPORT_PROVIDER = "support_provider", _("The support provider")


class FreedomOfMovementCondition(models.TextChoices):
    """Malaysia's preconditions for freedom of movement (profile ``freedom_of_movement``)."""

    SECURITY_RISK_ASSESSMENT = "security_risk_assessment", _("Security risk assessment")
    MEDICAL_SCREENING = "medical_screening", _("Medical screening")
    MENTAL_HEALTH_EVALUATION = "mental_health_evaluation", _("Mental health evaluation")
