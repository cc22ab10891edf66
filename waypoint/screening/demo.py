"""Fictional demo screenings by the demo first responders: one meeting the combination (with a
person, a case and consent to referral), one partial, and one adult who declined referral and was
counted through an anonymous notification. Idempotent: a responder who already has a screening is
left alone."""

from __future__ import annotations

from typing import Any

from waypoint.operations.demo import DemoContext
from waypoint.screening import services
from waypoint.screening.models import Screening
from waypoint.screening.selectors import latest_published, profile_spec

MEETS = ("AL-D1-01", "AL-D1-08", "AL-D4-01", "AL-D4-04", "AL-D5-01", "AL-D5-02", "AL-D6-02")
PARTIAL = ("AL-D4-01", "AL-D4-02", "AL-D4-07")
DECLINED = ("AL-D1-02", "AL-D1-05", "AL-D1-08", "AL-D4-04", "AL-D4-06", "AL-D5-14", "AL-D5-11")


def _screen(
    context: DemoContext,
    username: str,
    *,
    values: dict[str, Any],
    yes: tuple[str, ...],
    unknown: tuple[str, ...] = (),
) -> Screening | None:
    user = context.users[username]
    if Screening.objects.filter(screener=user).exists():
        return None
    actor = context.actor(username)
    version = latest_published("ILO_EC_2009")
    screening = services.screening_start(actor=actor, values=values, version=version)
    spec = profile_spec(screening.instrument_version, screening.question_profile.code)
    answers = {
        code: (
            {"value": "yes", "basis": "self_report"}
            if code in yes
            else {"value": "unknown"}
            if code in unknown
            else {"value": "no", "basis": "self_report"}
        )
        for code in spec.indicator_codes
    }
    screening = services.screening_answers_save(
        actor=actor, screening=screening, answers=answers, expected_version=screening.version
    )
    screening = services.screening_submit(
        actor=actor, screening=screening, expected_version=screening.version
    )
    context.log.append(f"screening by {username}: {screening.outcome}")
    return screening


def load(context: DemoContext) -> None:
    meets = _screen(
        context,
        "responder.ngo1",
        values={
            "interview_language": "ti",
            "is_interpreter_present": True,
            "interpreter_name": "Demo Interpreter",
            "interpreter_organisation": "Demo Mediators Network",
            "interpreter_language": "ti",
            "age_years": 27,
            "exploitation_types": ["ForcedLabour"],
        },
        yes=MEETS,
    )
    if meets is not None:
        actor = context.actor("responder.ngo1")
        meets = services.screening_person_case_create(
            actor=actor,
            screening=meets,
            person_values={
                "first_name": "Demo",
                "second_name": "Farmworker",
                "gender": "Feminine",
                "citizenship": ["ER"],
            },
        )
        services.screening_consent_record(actor=actor, screening=meets, is_given=True)
    _screen(
        context,
        "responder.labour1",
        values={
            "interview_language": "bn",
            "is_interpreter_present": False,
            "age_band": "30-38",
            "exploitation_types": ["ForcedLabour"],
        },
        yes=PARTIAL,
        unknown=("AL-D5-01", "AL-D5-02", "AL-D5-03"),
    )
    declined = _screen(
        context,
        "responder.police1",
        values={
            "interview_language": "tl",
            "is_interpreter_present": False,
            "age_years": 41,
            "exploitation_types": ["ForcedLabour", "Servitude"],
        },
        yes=DECLINED,
    )
    if declined is not None:
        services.anonymous_notification_create(
            actor=context.actor("responder.police1"),
            screening=declined,
            values={"gender": "Feminine", "nationality": "PH", "country_of_exploitation": "MT"},
        )
