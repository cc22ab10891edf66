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

from collections.abc import Mapping

from waypoint.screening.explanation import (
    ELEMENT_NAMES,
    GRADE_NAMES,
    Context,
    Translate,
    caveats,
    clause_text,
    codes_text,
    counts_text,
    element_sentence,
    gettext_noop,
    recommendation,
    same,
)
from waypoint.screening.results import (
    ANSWERED,
    OUTCOME_RANK,
    UNANSWERED,
    Answer,
    DimensionResult,
    DimensionSpec,
    Element,
    ElementResult,
    Evaluation,
    GradeStatus,
    IndicatorSpec,
    NearMiss,
    NextStep,
    Outcome,
    ProfileSpec,
    Recommendation,
    UnansweredQuestion,
)
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
__all__ = [
    "ANSWERED",
    "ENGINE_VERSION",
    "OUTCOME_RANK",
    "UNANSWERED",
    "Answer",
    "DimensionResult",
    "DimensionSpec",
    "Element",
    "ElementResult",
    "Evaluation",
    "GradeStatus",
    "IndicatorSpec",
    "NearMiss",
    "NextStep",
    "Outcome",
    "ProfileSpec",
    "Recommendation",
    "Translate",
    "UnansweredQuestion",
    "answer_problems",
    "clause_text",
    "counts_text",
    "evaluate",
    "gettext_noop",
]


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


def _dimension_results(context: Context, required: frozenset[str]) -> tuple[DimensionResult, ...]:
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


def _element_of(context: Context, codes: tuple[str, ...]) -> Element:
    elements = {context.dimension(code).element for code in codes}
    return elements.pop() if len(elements) == 1 else Element.OTHER


def _elements(
    context: Context, classification: Expression, results: tuple[DimensionResult, ...]
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
                name=context.translate(ELEMENT_NAMES[element]),
                is_required=True,
                dimensions=codes,
                met=met,
                could_be_met=could_be_met,
                via=tuple(r.code for r in members if r.positive),
                sentence=element_sentence(
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
                name=context.translate(ELEMENT_NAMES[element]),
                is_required=False,
                dimensions=tuple(r.code for r in members),
                met=any(r.positive for r in members),
                could_be_met=any(r.could_be_positive for r in members),
                via=tuple(r.code for r in members if r.positive),
                sentence=element_sentence(
                    context, element, members, is_required=False, met=False, could_be_met=False
                ),
            )
        )
    return tuple(elements)


def _near_misses(context: Context, results: tuple[DimensionResult, ...]) -> tuple[NearMiss, ...]:
    """Dimensions one indicator short of a clause, where an indicator of the missing grade that was
    not answered yes still exists."""
    _ = context.translate
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
                sentence=_(
                    "%(dimension)s (%(code)s) is one indicator short of being positive: it has "
                    "%(counts)s; one more %(grades)s indicator would meet “%(clause)s”."
                )
                % {
                    "dimension": result.name,
                    "code": result.code,
                    "counts": counts_text(result.present, _),
                    "grades": _(" or ").join(_(GRADE_NAMES[g]) for g in grades),
                    "clause": clause_text(completed, _),
                },
            )
        )
    return tuple(misses)


def _unanswered_that_matter(
    context: Context,
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
    context: Context,
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
    translate: Translate = same,
) -> Evaluation:
    """Read ``answers`` (indicator code → answer; missing codes are ``not_asked``) by the rules.

    Raises ``ValueError`` for an unknown code or answer (check them first with
    :func:`answer_problems`). ``translate`` renders the sentences (gettext, or the identity).
    """
    _ = translate
    values = _normalise(profile, answers)
    child = is_child or profile.is_child
    context = Context(profile=profile, rules=rules, values=values, translate=_)
    if not profile.is_seeded or profile.classification is None:
        advice = recommendation(None, child, (), profile.name, _)
        notes = (
            _("The answers were recorded but not read: this profile's grades are not available."),
            *caveats(context, (), child)[:1],
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
            caveats=notes,
            recommendation=advice,
            explanation=(advice.sentence,),
        )
    classification = profile.classification
    required = frozenset(expression_dimensions(classification))
    results = _dimension_results(context, required)
    outcome, possible = _outcome(context, classification, results)
    elements = _elements(context, classification, results)
    near_misses = _near_misses(context, results)
    unanswered = _unanswered_that_matter(context, outcome, results, elements, possible)
    advice = recommendation(
        outcome, child, tuple(item.indicator for item in unanswered), profile.name, _
    )
    explanation = [element.sentence for element in elements]
    explanation.extend(miss.sentence for miss in near_misses)
    if unanswered:
        explanation.append(
            _("Unanswered questions that could change this reading: %(codes)s.")
            % {"codes": codes_text(tuple(item.indicator for item in unanswered), _)}
        )
    explanation.append(advice.sentence)
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
        caveats=caveats(context, results, child),
        recommendation=advice,
        explanation=tuple(explanation),
    )
