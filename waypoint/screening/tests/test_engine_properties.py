"""Properties of the engine over any answers (hypothesis).

Outcome order: no_positive_dimension < insufficient_information < partial < meets_combination.
insufficient_information sits explicitly between the two ends: it can become partial or
meets_combination when an answer turns "yes", and it is never reached from partial or
meets_combination that way (more "yes" answers cannot make an interview say less).
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from waypoint.screening.engine import (
    ANSWERED,
    OUTCOME_RANK,
    UNANSWERED,
    Answer,
    NextStep,
    Outcome,
    evaluate,
)
from waypoint.screening.tests.instrument import CHILD, adult_labour, synthetic_profile

SPEC, RULES = adult_labour()
CODES = sorted(SPEC.indicator_codes)
CHILD_SPEC = synthetic_profile(CHILD, is_child=True)

answers_strategy = st.dictionaries(
    st.sampled_from(CODES), st.sampled_from([answer.value for answer in Answer])
)
# Answers weighted towards "yes" and "no", so that every outcome is reached often.
dense_answers = st.fixed_dictionaries(
    {code: st.sampled_from(["yes", "no", "no", "unknown", "not_asked"]) for code in CODES}
)
ALLOWED_AFTER_YES = {
    Outcome.NO_POSITIVE_DIMENSION: set(Outcome),
    Outcome.INSUFFICIENT_INFORMATION: {
        Outcome.INSUFFICIENT_INFORMATION,
        Outcome.PARTIAL,
        Outcome.MEETS_COMBINATION,
    },
    Outcome.PARTIAL: {Outcome.PARTIAL, Outcome.MEETS_COMBINATION},
    Outcome.MEETS_COMBINATION: {Outcome.MEETS_COMBINATION},
}


def _no_codes(answers):
    return [code for code in CODES if answers.get(code, "not_asked") == "no"]


@settings(max_examples=300, deadline=None)
@given(answers=st.one_of(answers_strategy, dense_answers), data=st.data())
def test_turning_no_into_yes_never_lowers_the_outcome(answers, data):
    no_codes = _no_codes(answers)
    if not no_codes:
        return
    code = data.draw(st.sampled_from(no_codes))
    before = evaluate(SPEC, RULES, answers)
    after = evaluate(SPEC, RULES, {**answers, code: "yes"})
    assert after.outcome in ALLOWED_AFTER_YES[before.outcome]
    assert OUTCOME_RANK[after.outcome] >= OUTCOME_RANK[before.outcome]
    # Per dimension, a "yes" only ever adds.
    for old, new in zip(before.dimensions, after.dimensions, strict=True):
        assert new.present.total >= old.present.total
        assert new.positive >= old.positive
        assert new.could_be_positive >= old.could_be_positive


@settings(max_examples=300, deadline=None)
@given(answers=st.one_of(answers_strategy, dense_answers))
def test_unknowns_never_count_as_yes(answers):
    result = evaluate(SPEC, RULES, answers)
    as_no = {
        code: ("no" if Answer(value) in UNANSWERED else value) for code, value in answers.items()
    }
    as_no.update({code: "no" for code in CODES if code not in answers})
    reference = evaluate(SPEC, RULES, as_no)
    for mine, theirs in zip(result.dimensions, reference.dimensions, strict=True):
        assert mine.present == theirs.present
        assert mine.positive == theirs.positive
        assert mine.clause == theirs.clause
        assert set(mine.present_indicators).isdisjoint(mine.unanswered_indicators)
    # Meeting the combination never rests on an unanswered question.
    if result.outcome is Outcome.MEETS_COMBINATION:
        assert reference.outcome is Outcome.MEETS_COMBINATION
    # The reading with unknowns differs from "all unknown = no" only by being undecided.
    if reference.outcome is not result.outcome:
        assert result.outcome in (Outcome.PARTIAL, Outcome.INSUFFICIENT_INFORMATION)
        assert reference.outcome is Outcome.NO_POSITIVE_DIMENSION


@settings(max_examples=200, deadline=None)
@given(answers=st.one_of(answers_strategy, dense_answers), data=st.data())
def test_answering_an_unknown_no_never_raises_to_meets(answers, data):
    open_codes = [code for code in CODES if Answer(answers.get(code, "not_asked")) in UNANSWERED]
    if not open_codes:
        return
    code = data.draw(st.sampled_from(open_codes))
    before = evaluate(SPEC, RULES, answers)
    after = evaluate(SPEC, RULES, {**answers, code: "no"})
    if before.outcome is not Outcome.MEETS_COMBINATION:
        assert after.outcome is not Outcome.MEETS_COMBINATION
    for old, new in zip(before.dimensions, after.dimensions, strict=True):
        assert new.present == old.present


@settings(max_examples=200, deadline=None)
@given(answers=st.one_of(answers_strategy, dense_answers))
def test_every_result_is_consistent_and_explained(answers):
    result = evaluate(SPEC, RULES, answers)
    assert result.outcome in OUTCOME_RANK
    assert result.recommendation is not None
    assert result.explanation[-1] == result.recommendation.sentence
    assert any("not a legal determination" in caveat for caveat in result.caveats)
    positive = [r for r in result.dimensions if r.positive]
    if result.outcome is Outcome.NO_POSITIVE_DIMENSION:
        assert not positive
        # ... and the combination could not be met even if every unanswered question were yes.
        assert not all(e.could_be_met for e in result.elements if e.is_required)
    if positive and result.outcome is not Outcome.MEETS_COMBINATION:
        assert result.outcome is Outcome.PARTIAL
    for item in result.unanswered_that_matter:
        assert Answer(answers.get(item.indicator, "not_asked")) in UNANSWERED
    answered = sum(1 for value in answers.values() if Answer(value) in ANSWERED)
    assert result.answer_counts["yes"] + result.answer_counts["no"] == answered


@settings(max_examples=100, deadline=None)
@given(
    answers=st.dictionaries(
        st.sampled_from(sorted(CHILD_SPEC.indicator_codes)),
        st.sampled_from([answer.value for answer in Answer]),
    )
)
def test_children_always_get_a_safeguarding_referral(answers):
    result = evaluate(CHILD_SPEC, RULES, answers)
    assert result.recommendation.next_step is NextStep.SAFEGUARDING_REFERRAL
    assert result.recommendation.is_safeguarding
