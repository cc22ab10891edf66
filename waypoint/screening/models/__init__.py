"""Screening models: instruments as versioned data, screenings, answers, anonymous notifications."""

from waypoint.screening.models.instruments import (
    Dimension,
    Framework,
    Indicator,
    IndicatorGrade,
    InstrumentVersion,
    Profile,
    Question,
)
from waypoint.screening.models.screenings import (
    AnonymousNotification,
    Screening,
    ScreeningAnswer,
)

__all__ = [
    "AnonymousNotification",
    "Dimension",
    "Framework",
    "Indicator",
    "IndicatorGrade",
    "InstrumentVersion",
    "Profile",
    "Question",
    "Screening",
    "ScreeningAnswer",
]
