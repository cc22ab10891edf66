"""The screening evaluation engine: answers in, an explained reading out. Pure and typed: no
database, no Django, no clock. The same answers and the same instrument version always give the
same result, so every stored screening can be re-read exactly as it was evaluated.

How a reading is made (docs/screening.md has examples):

1. Each indicator answered ``yes`` is *present*; ``unknown``, ``declined`` and ``not_asked`` are
   *unanswered* and never count as present; ``no`` is answered and absent.
2. Per dimension, the present indicators are counted by grade (strong, medium, weak). The dimension
   is *positive* when the counts meet a clause of ``dimension_positive_if_any``; it *could be
   positive* when the counts with every unanswered indicator taken as present would meet one.
3. The profile's classification combines dimensions. Outcomes, from the rule:

   - ``meets_combination``: the positive dimensions satisfy the classification.
   - ``partial``: not met, but some dimension is positive, or the classification could be met if
     the unanswered questions were ``yes`` (and enough was asked, see 4).
   - ``insufficient_information``: no dimension is positive, the classification could still be
     met, and the interview said too little: fewer than half of the profile's indicators answered
     (yes or no), or a required element (e.g. recruitment) with no answered indicator at all. The
     thresholds are the instrument's ``insufficient_information`` rule.
   - ``no_positive_dimension``: no dimension is positive and the classification cannot be met.

   Order (used by the tests): no_positive_dimension < insufficient_information < partial <
   meets_combination. Turning an answer from ``no`` to ``yes`` never lowers it.
4. A child (under 18, or of uncertain age) always gets a safeguarding referral recommendation.
5. There is never a score: the result holds counts per dimension and plain sentences, no number
   that rates a person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from waypoint.screening.rules import (
    GRADE_ORDER,
    Clause,
    Expression,
    Grade,
    GradeCounts,
    RuleSet,
    expression_as_json,
    expression_dimensions,
    expression_holds,
    required_terms,
)

ENGINE_VERSION = "1"
Translate = Callable[[str], str]


def gettext_noop(text: str) -> str:
    """Marks a sentence template for translation; it is translated when the result is rendered."""
    return text


def _same(text: str) -> str:
    return text


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


_OUTCOME_STEP: dict[Outcome, NextStep] = {
    Outcome.MEETS_COMBINATION: NextStep.REFER_AS_PRESUMED_VICTIM,
    Outcome.PARTIAL: NextStep.REFER_FOR_ASSESSMENT,
    Outcome.INSUFFICIENT_INFORMATION: NextStep.REINTERVIEW,
    Outcome.NO_POSITIVE_DIMENSION: NextStep.RECORD_NO_REFERRAL,
}
ELEMENT_NAMES: dict[Element, str] = {
    Element.RECRUITMENT: gettext_noop("Recruitment"),
    Element.EXPLOITATION: gettext_noop("Exploitation"),
    Element.DESTINATION: gettext_noop("Coercion or abuse of vulnerability at destination"),
    Element.OTHER: gettext_noop("Other indicators"),
}
GRADE_NAMES: dict[Grade, str] = {
    Grade.STRONG: gettext_noop("strong"),
    Grade.MEDIUM: gettext_noop("medium"),
    Grade.WEAK: gettext_noop("weak"),
}
_NUMBERS = (
    gettext_noop("one"),
    gettext_noop("two"),
    gettext_noop("three"),
    gettext_noop("four"),
    gettext_noop("five"),
)
_LISTED_CODES = 6


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


def answer_problems(
    indicator_codes: frozenset[str], answers: Mapping[str, object]
) -> dict[str, str]:
    """One plain message per bad key: unknown indicator codes and values that are not answers."""
    problems: dict[str, str] = {}
    allowed = ", ".join(answer.value for answer in Answer)
    for code, value in answers.items():
        if code not in indicator_codes:
            problems[code] = "This is not an indicator code of this profile."
        elif not isinstance(value, str) or value not in Answer.__members__.values():
            problems[code] = f"'{value}' is not an answer: use one of {allowed}."
    return problems


def _normalise(profile: ProfileSpec, answers: Mapping[str, str]) -> dict[str, Answer]:
    problems = answer_problems(profile.indicator_codes, answers)
    if problems:
        raise ValueError(f"invalid answers: {sorted(problems)}")
    values = dict.fromkeys(profile.indicator_codes, Answer.NOT_ASKED)
    values.update({code: Answer(value) for code, value in answers.items()})
    return values


def _number(count: int, t: Translate) -> str:
    return t(_NUMBERS[count - 1]) if 1 <= count <= len(_NUMBERS) else str(count)


def clause_text(clause: Clause, translate: Translate = _same) -> str:
    """``{"S": 1, "M+W": 1}`` → "one strong plus one medium or weak indicator"."""
    t = translate
    parts = [
        f"{_number(term.minimum, t)} {t(' or ').join(t(GRADE_NAMES[g]) for g in term.grades)}"
        for term in clause.terms
    ]
    noun = t("indicator") if clause.terms[-1].minimum == 1 else t("indicators")
    return f"{t(' plus ').join(parts)} {noun}"


def counts_text(counts: GradeCounts, translate: Translate = _same) -> str:
    return translate("%(strong)s strong, %(medium)s medium, %(weak)s weak") % counts.as_json()


def _codes_text(codes: tuple[str, ...], t: Translate) -> str:
    if len(codes) <= _LISTED_CODES:
        return ", ".join(codes)
    return t("%(codes)s and %(count)s more") % {
        "codes": ", ".join(codes[:_LISTED_CODES]),
        "count": len(codes) - _LISTED_CODES,
    }


@dataclass(frozen=True)
class _Context:
    profile: ProfileSpec
    rules: RuleSet
    values: dict[str, Answer]
    t: Translate

    def indicators_of(self, dimension: str) -> tuple[IndicatorSpec, ...]:
        return tuple(i for i in self.profile.indicators if i.dimension == dimension)

    def dimension(self, code: str) -> DimensionSpec:
        for dimension in self.profile.dimensions:
            if dimension.code == code:
                return dimension
        return DimensionSpec(code=code, name=code, element=Element.OTHER)


def _dimension_results(context: _Context, required: frozenset[str]) -> tuple[DimensionResult, ...]:
    results = []
    for dimension in context.profile.dimensions:
        present = GradeCounts()
        possible = GradeCounts()
        present_codes: list[str] = []
        unanswered_codes: list[str] = []
        for indicator in context.indicators_of(dimension.code):
            value = context.values[indicator.code]
            if value is Answer.YES:
                present = present.plus(indicator.grade)
                possible = possible.plus(indicator.grade)
                present_codes.append(indicator.code)
            elif value in UNANSWERED:
                possible = possible.plus(indicator.grade)
                unanswered_codes.append(indicator.code)
        clause = context.rules.first_met(present)
        results.append(
            DimensionResult(
                code=dimension.code,
                name=dimension.name,
                element=dimension.element,
                is_required=dimension.code in required,
                present=present,
                positive=clause is not None,
                clause=clause,
                could_be_positive=context.rules.is_positive(possible),
                present_indicators=tuple(present_codes),
                unanswered_indicators=tuple(unanswered_codes),
            )
        )
    return tuple(results)


def _element_of(context: _Context, codes: tuple[str, ...]) -> Element:
    elements = {context.dimension(code).element for code in codes}
    return elements.pop() if len(elements) == 1 else Element.OTHER


def _indicator_phrase(context: _Context, dimension: str, codes: tuple[str, ...]) -> str:
    by_code = {i.code: i for i in context.indicators_of(dimension)}
    return "; ".join(
        f"{by_code[code].label} ({code}, {context.t(GRADE_NAMES[by_code[code].grade])})"
        for code in codes
    )


def _element_sentence(
    context: _Context,
    element: Element,
    results: list[DimensionResult],
    *,
    is_required: bool,
    met: bool,
    could_be_met: bool,
) -> str:
    t = context.t
    name = t(ELEMENT_NAMES[element])
    counts = "; ".join(f"{r.code}: {counts_text(r.present, t)}" for r in results)
    if not is_required:
        return t("%(element)s: not required for this profile (%(counts)s).") % {
            "element": name,
            "counts": counts,
        }
    if met:
        reasons = "; ".join(
            t("%(dimension)s (%(code)s) is positive: %(clause)s answered yes — %(indicators)s")
            % {
                "dimension": r.name,
                "code": r.code,
                "clause": clause_text(r.clause, t),
                "indicators": _indicator_phrase(context, r.code, r.present_indicators),
            }
            for r in results
            if r.positive and r.clause is not None
        )
        return t("%(element)s: met. %(reasons)s.") % {"element": name, "reasons": reasons}
    if could_be_met:
        return t(
            "%(element)s: not met. No dimension here is positive yet (%(counts)s); one could "
            "become positive if unanswered questions were answered yes."
        ) % {"element": name, "counts": counts}
    return t(
        "%(element)s: not met. No dimension here has enough indicators answered yes (%(counts)s)."
    ) % {"element": name, "counts": counts}


def _elements(
    context: _Context, classification: Expression, results: tuple[DimensionResult, ...]
) -> tuple[ElementResult, ...]:
    truth = {r.code: r.positive for r in results}
    could = {r.code: r.could_be_positive for r in results}
    by_code = {r.code: r for r in results}
    elements: list[ElementResult] = []
    for term in required_terms(classification):
        codes = expression_dimensions(term)
        element = _element_of(context, codes)
        met = expression_holds(term, truth)
        could_be_met = expression_holds(term, could)
        members = [by_code[code] for code in codes if code in by_code]
        elements.append(
            ElementResult(
                element=element,
                name=context.t(ELEMENT_NAMES[element]),
                is_required=True,
                dimensions=codes,
                met=met,
                could_be_met=could_be_met,
                via=tuple(r.code for r in members if r.positive),
                sentence=_element_sentence(
                    context,
                    element,
                    members,
                    is_required=True,
                    met=met,
                    could_be_met=could_be_met,
                ),
            )
        )
    optional: dict[Element, list[DimensionResult]] = {}
    for result in results:
        if not result.is_required:
            optional.setdefault(result.element, []).append(result)
    for element, members in optional.items():
        elements.append(
            ElementResult(
                element=element,
                name=context.t(ELEMENT_NAMES[element]),
                is_required=False,
                dimensions=tuple(r.code for r in members),
                met=any(r.positive for r in members),
                could_be_met=any(r.could_be_positive for r in members),
                via=tuple(r.code for r in members if r.positive),
                sentence=_element_sentence(
                    context, element, members, is_required=False, met=False, could_be_met=False
                ),
            )
        )
    return tuple(elements)


def _near_misses(context: _Context, results: tuple[DimensionResult, ...]) -> tuple[NearMiss, ...]:
    """Dimensions one indicator short of a clause, where an indicator of the missing grade that was
    not answered yes still exists."""
    t = context.t
    misses: list[NearMiss] = []
    for result in results:
        if result.positive or not result.is_required:
            continue
        candidates = [
            i for i in context.indicators_of(result.code) if context.values[i.code] != Answer.YES
        ]
        grades: list[Grade] = []
        completed: Clause | None = None
        for grade in GRADE_ORDER:
            if not any(i.grade is grade for i in candidates):
                continue
            clause = context.rules.first_met(result.present.plus(grade))
            if clause is not None:
                grades.append(grade)
                completed = completed or clause
        if completed is None:
            continue
        unanswered_first = sorted(
            (i for i in candidates if i.grade in grades),
            key=lambda i: (context.values[i.code] not in UNANSWERED, GRADE_ORDER.index(i.grade)),
        )
        candidate_codes = tuple(i.code for i in unanswered_first)
        misses.append(
            NearMiss(
                dimension=result.code,
                present=result.present,
                missing_grades=tuple(grades),
                clause=completed,
                candidate_indicators=candidate_codes,
                sentence=t(
                    "%(dimension)s (%(code)s) is one indicator short of being positive: it has "
                    "%(counts)s; one more %(grades)s indicator would meet “%(clause)s”."
                )
                % {
                    "dimension": result.name,
                    "code": result.code,
                    "counts": counts_text(result.present, t),
                    "grades": t(" or ").join(t(GRADE_NAMES[g]) for g in grades),
                    "clause": clause_text(completed, t),
                },
            )
        )
    return tuple(misses)


def _unanswered_that_matter(
    context: _Context,
    outcome: Outcome,
    results: tuple[DimensionResult, ...],
    elements: tuple[ElementResult, ...],
    possible: bool,
) -> tuple[UnansweredQuestion, ...]:
    """Unanswered indicators whose answer "yes" could change the outcome.

    - meets_combination: none (it is the highest outcome, and unanswered never counts as yes).
    - no_positive_dimension / insufficient_information: those in any required dimension that is not
      positive but could be (one positive dimension would make the reading partial).
    - partial: when the combination could still be met, those in the open dimensions of the
      required elements not met yet; otherwise none.
    """
    if outcome is Outcome.MEETS_COMBINATION:
        return ()
    open_dimensions = {r.code for r in results if r.is_required and r.could_be_positive}
    open_dimensions -= {r.code for r in results if r.positive}
    if outcome is Outcome.PARTIAL:
        if not possible:
            return ()
        unmet = {code for e in elements if e.is_required and not e.met for code in e.dimensions}
        open_dimensions &= unmet
    dimension_order = [r.code for r in results]
    indicators = sorted(
        (
            i
            for i in context.profile.indicators
            if i.dimension in open_dimensions and context.values[i.code] in UNANSWERED
        ),
        # Strong indicators first: they are the ones most likely to change the reading.
        key=lambda i: (GRADE_ORDER.index(i.grade), dimension_order.index(i.dimension)),
    )
    return tuple(
        UnansweredQuestion(
            indicator=i.code,
            dimension=i.dimension,
            grade=i.grade,
            answer=context.values[i.code],
            label=i.label,
            questions=i.questions,
        )
        for i in indicators
    )


def _outcome(
    context: _Context,
    classification: Expression,
    results: tuple[DimensionResult, ...],
) -> tuple[Outcome, bool]:
    truth = {r.code: r.positive for r in results}
    could = {r.code: r.could_be_positive for r in results}
    met = expression_holds(classification, truth)
    possible = expression_holds(classification, could)
    if met:
        return Outcome.MEETS_COMBINATION, possible
    if any(r.positive for r in results):
        return Outcome.PARTIAL, possible
    if not possible:
        return Outcome.NO_POSITIVE_DIMENSION, possible
    rule = context.rules.insufficiency
    codes = context.profile.indicator_codes
    answered = sum(1 for code in codes if context.values[code] in ANSWERED)
    too_few = answered < rule.min_answered_share * len(codes)
    unasked_element = rule.every_required_element_asked and any(
        not any(
            context.values[i.code] in ANSWERED
            for code in expression_dimensions(term)
            for i in context.indicators_of(code)
        )
        for term in required_terms(classification)
    )
    if too_few or unasked_element:
        return Outcome.INSUFFICIENT_INFORMATION, possible
    return Outcome.PARTIAL, possible


def _recommendation(
    outcome: Outcome | None,
    is_child: bool,
    questions: tuple[str, ...],
    profile_name: str,
    t: Translate,
) -> Recommendation:
    codes = _codes_text(questions, t)
    if outcome is None:
        base = t(
            "The %(profile)s profile is not available in this version of the instrument (its "
            "grades have not been entered), so the answers were recorded but not read: refer "
            "for an assessment by someone trained for this situation."
        ) % {"profile": profile_name}
        step = NextStep.REFER_FOR_ASSESSMENT
    elif outcome is Outcome.MEETS_COMBINATION:
        base = t(
            "The indicators meet the combination: refer the person to the National Referral "
            "Mechanism as a presumed victim (an adult needs to give informed consent)."
        )
        step = NextStep.REFER_AS_PRESUMED_VICTIM
    elif outcome is Outcome.PARTIAL:
        base = (
            t(
                "Some indicators are present but the combination is not met: refer for a fuller "
                "assessment, or interview again asking first about %(codes)s."
            )
            % {"codes": codes}
            if questions
            else t(
                "Some indicators are present but the combination is not met: refer for a fuller "
                "assessment if you are concerned."
            )
        )
        step = NextStep.REFER_FOR_ASSESSMENT
    elif outcome is Outcome.INSUFFICIENT_INFORMATION:
        base = t(
            "Too many questions are unanswered to read the indicators: interview again when it is "
            "safe, asking first about %(codes)s."
        ) % {"codes": codes}
        step = NextStep.REINTERVIEW
    else:
        base = t(
            "No dimension is positive, so the indicators do not call for a referral. Record the "
            "screening; refer anyway if you have other reasons for concern."
        )
        step = NextStep.RECORD_NO_REFERRAL
    if is_child:
        base = (
            t(
                "The person is a child or their age is uncertain: make a safeguarding referral "
                "now, whatever the indicators show."
            )
            + " "
            + base
        )
        step = NextStep.SAFEGUARDING_REFERRAL
    return Recommendation(
        next_step=step, is_safeguarding=is_child, questions_that_matter=questions, sentence=base
    )


def _caveats(
    context: _Context, results: tuple[DimensionResult, ...], is_child: bool
) -> tuple[str, ...]:
    t = context.t
    caveats = [
        t(
            "This reading is an indication to guide referral, not a legal determination: only the "
            "competent authority decides whether a person is a victim of trafficking."
        ),
        t("No score is given: the reading follows the instrument's rules, dimension by dimension."),
    ]
    present = {code for r in results for code in r.present_indicators}
    by_status: dict[GradeStatus, list[str]] = {}
    for indicator in context.profile.indicators:
        if indicator.code in present and indicator.grade_status is not GradeStatus.VERIFIED:
            by_status.setdefault(indicator.grade_status, []).append(indicator.code)
    if GradeStatus.PROVISIONAL in by_status:
        caveats.append(
            t(
                "These indicators answered yes have provisional grades, not yet verified against "
                "the published tables: %(codes)s."
            )
            % {"codes": ", ".join(sorted(set(by_status[GradeStatus.PROVISIONAL])))}
        )
    if GradeStatus.DISPUTED in by_status:
        caveats.append(
            t("Sources disagree about the grades of these indicators answered yes: %(codes)s.")
            % {"codes": ", ".join(sorted(set(by_status[GradeStatus.DISPUTED])))}
        )
    if any(i.grade_status is not GradeStatus.VERIFIED for i in context.profile.indicators):
        caveats.append(
            t(
                "Some grades of this profile are provisional or disputed; the national coordinator "
                "can replace them in a new version of the instrument."
            )
        )
    unanswered = sum(1 for value in context.values.values() if value in UNANSWERED)
    if unanswered:
        caveats.append(
            t(
                "%(count)s of %(total)s questions were not answered (unknown, declined or not asked)."
            )
            % {"count": unanswered, "total": len(context.values)}
        )
    if is_child:
        caveats.append(
            t(
                "The person is a child or of uncertain age: the child profile applies and "
                "safeguarding comes first."
            )
        )
    return tuple(caveats)


def _answer_counts(values: Mapping[str, Answer]) -> dict[str, int]:
    counts = {answer.value: 0 for answer in Answer}
    for value in values.values():
        counts[value.value] += 1
    return counts


def evaluate(
    profile: ProfileSpec,
    rules: RuleSet,
    answers: Mapping[str, str],
    *,
    is_child: bool = False,
    translate: Translate = _same,
) -> Evaluation:
    """Read ``answers`` (indicator code → answer; missing codes are ``not_asked``) by the rules.

    Raises ``ValueError`` for an unknown code or answer (check them first with
    :func:`answer_problems`). ``translate`` renders the sentences (gettext, or the identity).
    """
    t = translate
    values = _normalise(profile, answers)
    child = is_child or profile.is_child
    context = _Context(profile=profile, rules=rules, values=values, t=t)
    if not profile.is_seeded or profile.classification is None:
        recommendation = _recommendation(None, child, (), profile.name, t)
        caveats = (
            t("The answers were recorded but not read: this profile's grades are not available."),
            *_caveats(context, (), child)[:1],
        )
        return Evaluation(
            instrument=profile.instrument,
            version=profile.version,
            rule_version=rules.rule_version,
            engine_version=ENGINE_VERSION,
            profile=profile.code,
            profile_name=profile.name,
            is_child=child,
            answer_counts=_answer_counts(values),
            profile_available=False,
            outcome=None,
            classification=None,
            caveats=caveats,
            recommendation=recommendation,
            explanation=(recommendation.sentence,),
        )
    classification = profile.classification
    required = frozenset(expression_dimensions(classification))
    results = _dimension_results(context, required)
    outcome, possible = _outcome(context, classification, results)
    elements = _elements(context, classification, results)
    near_misses = _near_misses(context, results)
    unanswered = _unanswered_that_matter(context, outcome, results, elements, possible)
    recommendation = _recommendation(
        outcome, child, tuple(item.indicator for item in unanswered), profile.name, t
    )
    explanation = [element.sentence for element in elements]
    explanation.extend(miss.sentence for miss in near_misses)
    if unanswered:
        explanation.append(
            t("Unanswered questions that could change this reading: %(codes)s.")
            % {"codes": _codes_text(tuple(item.indicator for item in unanswered), t)}
        )
    explanation.append(recommendation.sentence)
    return Evaluation(
        instrument=profile.instrument,
        version=profile.version,
        rule_version=rules.rule_version,
        engine_version=ENGINE_VERSION,
        profile=profile.code,
        profile_name=profile.name,
        is_child=child,
        answer_counts=_answer_counts(values),
        profile_available=True,
        outcome=outcome,
        classification=expression_as_json(classification),
        dimensions=results,
        elements=elements,
        near_misses=near_misses,
        unanswered_that_matter=unanswered,
        caveats=_caveats(context, results, child),
        recommendation=recommendation,
        explanation=tuple(explanation),
    )
