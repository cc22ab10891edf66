"""Code lists of national coordination: plans, actions, recommendations, trainings, campaigns, TIP.

HTCDS 2.0 has no coordination section; these codes are Waypoint's own and stable (they appear in the
API, the exports and the audit log).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanKind(models.TextChoices):
    STRATEGY = "strategy", _("National strategy")
    ACTION_PLAN = "action_plan", _("National action plan")


class PlanStatus(models.TextChoices):
    """Draft plans are seen only by coordinators; only active plans are reported on."""

    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class PillarCode(models.TextChoices):
    """The four pillars every plan starts with ("4P"); a plan may rename them or add others."""

    PREVENTION = "prevention", _("Prevention")
    PROTECTION = "protection", _("Protection")
    PROSECUTION = "prosecution", _("Prosecution")
    PARTNERSHIP = "partnership", _("Partnership")


DEFAULT_PILLARS: tuple[PillarCode, ...] = (
    PillarCode.PREVENTION,
    PillarCode.PROTECTION,
    PillarCode.PROSECUTION,
    PillarCode.PARTNERSHIP,
)


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped")


CLOSED_ACTION_STATUSES: frozenset[str] = frozenset({ActionStatus.COMPLETED, ActionStatus.DROPPED})


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")


class ReportState(models.TextChoices):
    """Where a lead organisation's report for one action in one round stands (derived, not stored)."""

    ON_TIME = "on_time", _("Submitted on time")
    LATE = "late", _("Submitted late")
    DRAFT = "draft", _("Draft, not submitted")
    PENDING = "pending", _("Not yet due")
    MISSING = "missing", _("Missing")


class RoundFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


ROUND_MONTHS: dict[str, int] = {
    RoundFrequency.MONTHLY: 1,
    RoundFrequency.QUARTERLY: 3,
    RoundFrequency.HALF_YEARLY: 6,
    RoundFrequency.YEARLY: 12,
}


class RecommendationSource(models.TextChoices):
    TIP_REPORT = "tip_report", _("US Trafficking in Persons report")
    GRETA = "greta", _("GRETA (Council of Europe)")
    UN_TREATY_BODY = "un_treaty_body", _("UN treaty body")
    NATIONAL_RAPPORTEUR = "national_rapporteur", _("National rapporteur")
    OTHER = "other", _("Other review")


class StatedStatus(models.TextChoices):
    """What the coordinator states about a recommendation, with evidence (beside the derived status)."""

    NOT_ASSESSED = "not_assessed", _("Not assessed yet")
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY_IMPLEMENTED = "partially_implemented", _("Partially implemented")
    IMPLEMENTED = "implemented", _("Implemented")


STATUSES_NEEDING_EVIDENCE: frozenset[str] = frozenset(
    {StatedStatus.IN_PROGRESS, StatedStatus.PARTIALLY_IMPLEMENTED, StatedStatus.IMPLEMENTED}
)


class DerivedStatus(models.TextChoices):
    """A recommendation's status computed from the actions that answer it."""

    NO_ACTION = "no_action", _("No action answers it")
    NOT_STARTED = "not_started", _("Actions not started")
    IN_PROGRESS = "in_progress", _("Actions in progress")
    AT_RISK = "at_risk", _("Actions delayed or overdue")
    ADDRESSED = "addressed", _("All actions completed")
    DROPPED = "dropped", _("All actions dropped")


class Tier(models.TextChoices):
    TIER_1 = "tier_1", _("Tier 1")
    TIER_2 = "tier_2", _("Tier 2")
    TIER_2_WATCH_LIST = "tier_2_watch_list", _("Tier 2 Watch List")
    TIER_3 = "tier_3", _("Tier 3")
    SPECIAL_CASE = "special_case", _("Special case")


class TargetGroup(models.TextChoices):
    GENERAL_PUBLIC = "general_public", _("General public")
    ASYLUM_SEEKERS = "asylum_seekers", _("Asylum seekers and refugees")
    MIGRANT_WORKERS = "migrant_workers", _("Migrant workers")
    DOMESTIC_WORKERS = "domestic_workers", _("Domestic workers")
    CHILDREN_AND_YOUTH = "children_youth", _("Children and young people")
    STUDENTS = "students", _("Students")
    EMPLOYERS = "employers", _("Employers and recruiters")
    FRONTLINE_PROFESSIONALS = "frontline", _("Frontline professionals")
    PEOPLE_IN_COMMERCIAL_SEX = "commercial_sex", _("People in commercial sex")
    POTENTIAL_BUYERS = "potential_buyers", _("Potential buyers of commercial sex or forced labour")
    TRAVELLERS = "travellers", _("Travellers and tourists")


class Channel(models.TextChoices):
    TELEVISION = "television", _("Television")
    RADIO = "radio", _("Radio")
    PRINT = "print", _("Print (posters, leaflets, press)")
    SOCIAL_MEDIA = "social_media", _("Social media")
    WEBSITE = "website", _("Website")
    OUTREACH = "outreach", _("Outreach and events")
    HOTLINE = "hotline", _("Hotline promotion")
    SCHOOLS = "schools", _("Schools and universities")
    WORKPLACES = "workplaces", _("Workplaces")


class SubmissionStatus(models.TextChoices):
    DRAFTING = "drafting", _("Drafting")
    READY = "ready", _("Ready to submit")
    SUBMITTED = "submitted", _("Submitted")


class CriterionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFTING = "drafting", _("Drafting")
    COMPLETE = "complete", _("Complete")


class ReminderKind(models.TextChoices):
    """Kinds of the reminders this area sends through ``waypoint.notifications``."""

    REMINDER = "action_plans.reminder", _("Progress reports due")
    OVERDUE = "action_plans.overdue", _("Progress reports missing")
