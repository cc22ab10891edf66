"""Models of national coordination (one module per subdomain, all importable from here)."""

from waypoint.action_plans.models.plans import (
    Action,
    Indicator,
    Objective,
    Pillar,
    Plan,
    ReportingRound,
)
from waypoint.action_plans.models.prevention import Campaign, Training, TrainingParticipants
from waypoint.action_plans.models.reports import (
    Attachment,
    IndicatorValue,
    ProgressReport,
    Reporter,
)
from waypoint.action_plans.models.reviews import (
    CriterionEntry,
    Recommendation,
    TierRecord,
    TipSubmission,
)

__all__ = [
    "Action",
    "Attachment",
    "Campaign",
    "CriterionEntry",
    "Indicator",
    "IndicatorValue",
    "Objective",
    "Pillar",
    "Plan",
    "ProgressReport",
    "Recommendation",
    "Reporter",
    "ReportingRound",
    "TierRecord",
    "TipSubmission",
    "Training",
    "TrainingParticipants",
]
