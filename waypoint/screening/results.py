"""The engine's vocabulary: answers, grades' verification, elements, outcomes and next steps; the
specification of a profile the engine reads; and the result it returns (``Evaluation.as_json`` is
what the API returns and a screening stores). Pure Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from waypoint.screening.rules import Clause, Expression, Grade, GradeCounts


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"
    DECLINED = "declined"
    NOT_ASKED = "not_asked"


UNANSWERED = frozenset({Answer.UNKNOWN, Answer.DECLINED, Answer.NOT_ASKED})
ANSWERED = frozenset({Answer.YES, Answer.NO})


class GradeStatus(StrEnum):
    VERIFIED = "verified"
    PROVISIONAL = "provisional"
    DISPUTED = "disputed"


class Element(StrEnum):
    """The part of the trafficking definition a dimension stands for."""

    RECRUITMENT = "recruitment"
    EXPLOITATION = "exploitation"
    DESTINATION = "destination"
    OTHER = "other"


class Outcome(StrEnum):
    MEETS_COMBINATION = "meets_combination"
    PARTIAL = "partial"
    INSUFFICIENT_INFORMATION = "insufficient_information"
    NO_POSITIVE_DIMENSION = "no_positive_dimension"


OUTCOME_RANK: dict[Outcome, int] = {
    Outcome.NO_POSITIVE_DIMENSION: 0,
    Outcome.INSUFFICIENT_INFORMATION: 1,
    Outcome.PARTIAL: 2,
    Outcome.MEETS_COMBINATION: 3,
}


class NextStep(StrEnum):
    REFER_AS_PRESUMED_VICTIM = "refer_as_presumed_victim"
    REFER_FOR_ASSESSMENT = "refer_for_assessment"
    REINTERVIEW = "reinterview"
    RECORD_NO_REFERRAL = "record_no_referral"
    SAFEGUARDING_REFERRAL = "safeguarding_referral"


@dataclass(frozen=True)
class IndicatorSpec:
    """One graded indicator of a profile, in one dimension."""

    code: str
    dimension: str
    grade: Grade
    grade_status: GradeStatus
    label: str
    questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class DimensionSpec:
    code: str
    name: str
    element: Element


@dataclass(frozen=True)
class ProfileSpec:
    """Everything the engine needs about one profile of one instrument version."""

    instrument: str
    version: int
    code: str
    name: str
    is_seeded: bool
    is_child: bool
    classification: Expression | None
    dimensions: tuple[DimensionSpec, ...]
    indicators: tuple[IndicatorSpec, ...]

    @property
    def indicator_codes(self) -> frozenset[str]:
        return frozenset(indicator.code for indicator in self.indicators)


@dataclass(frozen=True)
class DimensionResult:
    code: str
    name: str
    element: Element
    is_required: bool
    present: GradeCounts
    positive: bool
    clause: Clause | None
    could_be_positive: bool
    present_indicators: tuple[str, ...]
    unanswered_indicators: tuple[str, ...]


@dataclass(frozen=True)
class ElementResult:
    element: Element
    name: str
    is_required: bool
    dimensions: tuple[str, ...]
    met: bool
    could_be_met: bool
    via: tuple[str, ...]
    sentence: str


@dataclass(frozen=True)
class NearMiss:
    dimension: str
    present: GradeCounts
    missing_grades: tuple[Grade, ...]
    clause: Clause
    candidate_indicators: tuple[str, ...]
    sentence: str


@dataclass(frozen=True)
class UnansweredQuestion:
    indicator: str
    dimension: str
    grade: Grade
    answer: Answer
    label: str
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Recommendation:
    next_step: NextStep
    is_safeguarding: bool
    questions_that_matter: tuple[str, ...]
    sentence: str


@dataclass(frozen=True)
class Evaluation:
    """The reading of one set of answers. ``outcome`` is None when the profile is unavailable."""

    instrument: str
    version: int
    rule_version: str
    engine_version: str
    profile: str
    profile_name: str
    profile_available: bool
    is_child: bool
    outcome: Outcome | None
    classification: object
    dimensions: tuple[DimensionResult, ...] = ()
    elements: tuple[ElementResult, ...] = ()
    near_misses: tuple[NearMiss, ...] = ()
    unanswered_that_matter: tuple[UnansweredQuestion, ...] = ()
    caveats: tuple[str, ...] = ()
    recommendation: Recommendation | None = None
    explanation: tuple[str, ...] = ()
    answer_counts: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        """The result as plain JSON (what the API returns and a screening stores)."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "rule_version": self.rule_version,
            "engine_version": self.engine_version,
            "profile": self.profile,
            "profile_name": self.profile_name,
            "profile_available": self.profile_available,
            "is_child": self.is_child,
            "outcome": self.outcome.value if self.outcome else None,
            "classification": self.classification,
            "dimensions": [
                {
                    "code": result.code,
                    "name": result.name,
                    "element": result.element.value,
                    "is_required": result.is_required,
                    "present": result.present.as_json(),
                    "positive": result.positive,
                    "clause": result.clause.as_json() if result.clause else None,
                    "could_be_positive": result.could_be_positive,
                    "present_indicators": list(result.present_indicators),
                    "unanswered_indicators": list(result.unanswered_indicators),
                }
                for result in self.dimensions
            ],
            "elements": [
                {
                    "element": result.element.value,
                    "name": result.name,
                    "is_required": result.is_required,
                    "dimensions": list(result.dimensions),
                    "met": result.met,
                    "could_be_met": result.could_be_met,
                    "via": list(result.via),
                    "sentence": result.sentence,
                }
                for result in self.elements
            ],
            "near_misses": [
                {
                    "dimension": miss.dimension,
                    "present": miss.present.as_json(),
                    "missing_grades": [grade.value for grade in miss.missing_grades],
                    "clause": miss.clause.as_json(),
                    "candidate_indicators": list(miss.candidate_indicators),
                    "sentence": miss.sentence,
                }
                for miss in self.near_misses
            ],
            "unanswered_that_matter": [
                {
                    "indicator": item.indicator,
                    "dimension": item.dimension,
                    "grade": item.grade.value,
                    "answer": item.answer.value,
                    "label": item.label,
                    "questions": list(item.questions),
                }
                for item in self.unanswered_that_matter
            ],
            "caveats": list(self.caveats),
            "recommendation": (
                {
                    "next_step": self.recommendation.next_step.value,
                    "is_safeguarding": self.recommendation.is_safeguarding,
                    "questions_that_matter": list(self.recommendation.questions_that_matter),
                    "sentence": self.recommendation.sentence,
                }
                if self.recommendation
                else None
            ),
            "explanation": list(self.explanation),
            "answer_counts": dict(self.answer_counts),
        }
