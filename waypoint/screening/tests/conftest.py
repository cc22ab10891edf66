"""Fixtures for screening tests: the shipped instrument (loaded by migration; ensured here, since
transactional tests empty the tables), screeners in two organisations, and interview helpers."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils import timezone

from waypoint.access.roles import Role
from waypoint.screening import services
from waypoint.screening.storage import load_builtin
from waypoint.testing.factories import actor_for, member


@pytest.fixture
def instrument(db):
    return load_builtin(apps, now=timezone.now())


@pytest.fixture
def responder_a(org_a, instrument):
    return member(org_a, Role.FIRST_RESPONDER)


@pytest.fixture
def responder_b(org_b, instrument):
    return member(org_b, Role.FIRST_RESPONDER)


ADULT = {
    "interview_language": "en",
    "is_interpreter_present": True,
    "interpreter_name": "Yohannes Quirava",
    "interpreter_organisation": "Mediators Guild",
    "interpreter_language": "ti",
    "age_years": 29,
    "exploitation_types": ["ForcedLabour"],
}
MEETS = ("AL-D1-01", "AL-D1-08", "AL-D4-01", "AL-D4-04", "AL-D5-01", "AL-D5-02")


def start(actor, **values):
    return services.screening_start(actor=actor, values={**ADULT, **values})


def answer_all(actor, screening, *, yes=(), unknown=(), note=None):
    """Answer every question: yes for ``yes``, unknown for ``unknown``, no for the rest."""
    from waypoint.screening.selectors import profile_spec

    spec = profile_spec(screening.instrument_version, screening.question_profile.code)
    answers = {}
    for code in spec.indicator_codes:
        value = "yes" if code in yes else "unknown" if code in unknown else "no"
        answers[code] = {"value": value, "basis": "self_report" if value != "unknown" else ""}
    if note:
        code, text = note
        answers[code]["note"] = text
    return services.screening_answers_save(
        actor=actor, screening=screening, answers=answers, expected_version=screening.version
    )


def completed(user, organisation, *, yes=MEETS, **values):
    actor = actor_for(user, organisation)
    screening = start(actor, **values)
    screening = answer_all(actor, screening, yes=yes)
    return services.screening_submit(
        actor=actor, screening=screening, expected_version=screening.version
    )
