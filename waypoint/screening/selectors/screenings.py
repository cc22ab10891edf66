"""Reads of screenings, always through the screening scopes; reads that show identifying answers
(notes, the interpreter's name) record a ``screening.view`` audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from waypoint.access.actor import Actor
from waypoint.access.checks import get_visible
from waypoint.access.scopes.cases import visible_cases
from waypoint.access.scopes.screening import (
    own_draft_screenings,
    visible_anonymous_notifications,
    visible_screenings,
)
from waypoint.audit import services as audit
from waypoint.cases.models import Case
from waypoint.screening.choices import AnswerBasis, AnswerChoice, ScreeningStatus
from waypoint.screening.engine import ENGINE_VERSION, DimensionSpec, IndicatorSpec, evaluate
from waypoint.screening.models import AnonymousNotification, Screening, ScreeningAnswer
from waypoint.screening.selectors.instruments import profile_spec, rule_set

START_STEP = "start"
REVIEW_STEP = "review"
SORTS = {
    "-started": ("-started_at",),
    "started": ("started_at",),
    "-submitted": ("-submitted_at", "-started_at"),
    "submitted": ("submitted_at", "started_at"),
    "outcome": ("outcome", "-started_at"),
    "status": ("status", "-started_at"),
}


@dataclass(frozen=True)
class ScreeningFilter:
    status: str = ""
    outcome: str = ""
    profile: str = ""
    referral_status: str = ""
    mine: bool = False
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "-started"


def screening_list(*, actor: Actor, filters: ScreeningFilter) -> QuerySet[Screening]:
    """Screenings the actor may see (no identifying data in the rows), filtered and sorted."""
    queryset = visible_screenings(actor).select_related(
        "organisation", "screener", "instrument_version__framework", "profile", "case"
    )
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.outcome:
        queryset = queryset.filter(outcome=filters.outcome)
    if filters.profile:
        queryset = queryset.filter(profile__code=filters.profile)
    if filters.referral_status:
        queryset = queryset.filter(referral_status=filters.referral_status)
    if filters.mine and actor.user is not None:
        queryset = queryset.filter(screener=actor.user)
    if filters.date_from:
        queryset = queryset.filter(started_at__date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(started_at__date__lte=filters.date_to)
    return queryset.order_by(*SORTS.get(filters.sort, SORTS["-started"]))


def screening_get(
    *,
    actor: Actor,
    public_id: object,
    purpose: str = "view",
    details: dict[str, object] | None = None,
) -> Screening:
    """One visible screening; the read is audited (it can show notes and the interpreter)."""
    screening = get_visible(
        visible_screenings(actor).select_related(
            "organisation", "screener", "instrument_version__framework", "profile", "case", "person"
        ),
        public_id=public_id,
    )
    audit.record(
        actor=actor,
        action="screening.view",
        target=screening,
        subject=screening.case or screening,
        details={"purpose": purpose, **(details or {})},
    )
    return screening


def draft_get(*, actor: Actor, public_id: object) -> Screening:
    """A draft the actor is conducting (for the interview pages; the read is audited)."""
    screening = get_visible(
        own_draft_screenings(actor).select_related(
            "instrument_version__framework", "profile", "question_profile"
        ),
        public_id=public_id,
    )
    audit.record(
        actor=actor, action="screening.view", target=screening, details={"purpose": "interview"}
    )
    return screening


@dataclass(frozen=True)
class Step:
    code: str
    title: str
    dimension: DimensionSpec | None = None


@dataclass(frozen=True)
class StepQuestion:
    indicator: IndicatorSpec
    text: str
    english: str
    answer: ScreeningAnswer | None


def interview_steps(screening: Screening) -> list[Step]:
    """The start step, one step per dimension of the questions asked, and the review step."""
    spec = profile_spec(screening.instrument_version, screening.question_profile.code)
    steps = [Step(START_STEP, _("About the interview"))]
    steps.extend(
        Step(dimension.code, dimension.name, dimension)
        for dimension in spec.dimensions
        if any(indicator.dimension == dimension.code for indicator in spec.indicators)
    )
    steps.append(Step(REVIEW_STEP, _("Check and finish")))
    return steps


def screening_answers(screening: Screening) -> dict[str, ScreeningAnswer]:
    return {
        answer.indicator.code: answer
        for answer in screening.answers.select_related("indicator").order_by("indicator__order")
    }


def step_questions(screening: Screening, dimension: str) -> list[StepQuestion]:
    """The questions of one dimension, in the interview language (English beside it)."""
    version = screening.instrument_version
    code = screening.question_profile.code
    local = profile_spec(version, code, screening.interview_language)
    english = {i.code: i for i in profile_spec(version, code, "en").indicators}
    answers = screening_answers(screening)
    return [
        StepQuestion(
            indicator=indicator,
            text=" ".join(indicator.questions) or indicator.label,
            english=" ".join(english[indicator.code].questions) or indicator.label,
            answer=answers.get(indicator.code),
        )
        for indicator in local.indicators
        if indicator.dimension == dimension
    ]


def answer_values(screening: Screening) -> dict[str, str]:
    return {code: answer.value for code, answer in screening_answers(screening).items()}


def screening_result(screening: Screening) -> dict[str, object] | None:
    """The stored result, rendered in the reader's language when it can be reproduced exactly
    (same engine, same version: the outcome must match the stored one); else as stored."""
    stored = screening.result
    if screening.status != ScreeningStatus.SUBMITTED or not isinstance(stored, dict):
        return None
    language = (get_language() or "en").split("-")[0]
    if language == "en" or screening.engine_version != ENGINE_VERSION:
        return stored
    if not screening.profile.is_seeded:
        return stored
    version = screening.instrument_version
    spec = profile_spec(version, screening.profile.code, language)
    answers = {k: v for k, v in answer_values(screening).items() if k in spec.indicator_codes}
    rendered = evaluate(
        spec, rule_set(version), answers, is_child=screening.is_child, translate=_
    ).as_json()
    if rendered.get("outcome") != stored.get("outcome"):
        return stored
    return rendered


def anonymous_notification_list(
    *,
    actor: Actor,
    sort: str = "-date",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AnonymousNotification]:
    """The organisation's anonymous notifications (no identifying data in them)."""
    queryset = visible_anonymous_notifications(actor)
    if date_from:
        queryset = queryset.filter(notified_on__gte=date_from)
    if date_to:
        queryset = queryset.filter(notified_on__lte=date_to)
    orderings = {"-date": ("-notified_on", "-created_at"), "date": ("notified_on", "created_at")}
    return queryset.order_by(*orderings.get(sort, orderings["-date"]))


@dataclass(frozen=True)
class AnswerRow:
    dimension: str
    dimension_name: str
    indicator: str
    label: str
    grade: str
    question: str
    value: str
    value_label: str
    basis_label: str
    note: str


def answer_rows(screening: Screening) -> list[AnswerRow]:
    """Every question asked in the screening, in order, with its answer (not asked when blank).
    Notes are identifying: callers show them only on audited reads."""
    spec = profile_spec(screening.instrument_version, screening.question_profile.code)
    names = {dimension.code: dimension.name for dimension in spec.dimensions}
    answers = screening_answers(screening)
    rows = []
    for indicator in spec.indicators:
        answer = answers.get(indicator.code)
        value = answer.value if answer else AnswerChoice.NOT_ASKED
        rows.append(
            AnswerRow(
                dimension=indicator.dimension,
                dimension_name=names.get(indicator.dimension, indicator.dimension),
                indicator=indicator.code,
                label=indicator.label,
                grade=indicator.grade.value,
                question=" ".join(indicator.questions),
                value=value,
                value_label=str(AnswerChoice(value).label),
                basis_label=str(AnswerBasis(answer.basis).label) if answer and answer.basis else "",
                note=(answer.note or "") if answer else "",
            )
        )
    return rows


def visible_case_by_reference(*, actor: Actor, reference: str) -> Case | None:
    """A case the actor can see, by its exact reference (for linking a screening)."""
    return visible_cases(actor).filter(reference=reference.strip().upper()).first()
