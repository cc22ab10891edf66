"""Writes for screening: instruments, screenings, and what follows a completed screening."""

from waypoint.screening.services.instruments import (
    grade_update,
    instrument_draft_create,
    instrument_draft_discard,
    instrument_import,
    instrument_publish,
    publication_problems,
    question_create,
    question_delete,
    question_update,
)
from waypoint.screening.services.outcomes import (
    anonymous_notification_create,
    is_referral_recommended,
    screening_consent_record,
    screening_link,
    screening_person_case_create,
)
from waypoint.screening.services.screenings import (
    choose_profiles,
    screening_answers_save,
    screening_context_update,
    screening_discard,
    screening_start,
    screening_submit,
)

__all__ = [
    "anonymous_notification_create",
    "choose_profiles",
    "grade_update",
    "instrument_draft_create",
    "instrument_draft_discard",
    "instrument_import",
    "instrument_publish",
    "is_referral_recommended",
    "publication_problems",
    "question_create",
    "question_delete",
    "question_update",
    "screening_answers_save",
    "screening_consent_record",
    "screening_context_update",
    "screening_discard",
    "screening_link",
    "screening_person_case_create",
    "screening_start",
    "screening_submit",
]
