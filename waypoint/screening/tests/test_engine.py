"""The evaluation engine: the dimension rule's truth table, the classification for adults and
children, outcomes, explanation and what the result never contains."""

import itertools
import json

import pytest

from waypoint.screening import engine
from waypoint.screening.engine import Answer, NextStep, Outcome, evaluate
from waypoint.screening.rules import (
    Grade,
    GradeCounts,
    InsufficiencyRule,
    RuleError,
    RuleSet,
    parse_clauses,
    parse_expression,
)
from waypoint.screening.tests.instrument import (
    ADULT,
    CHILD,
    adult_labour,
    everything_no,
    present,
    shipped,
    synthetic_profile,
)


def ilo_rules():
    return shipped().rule_set()


def reference_rule(s, m, w):
    """The ILO/EC rule written out by hand (identification-and-reporting.md §1.5)."""
    return s >= 2 or (s >= 1 and m + w >= 1) or m >= 3 or (m >= 2 and w >= 1)


# Every count from 0 to one past each clause's boundary, in every grade.
COUNTS = list(itertools.product(range(4), range(5), range(5)))


@pytest.mark.parametrize(("s", "m", "w"), COUNTS)
def test_dimension_rule_truth_table(s, m, w):
    counts = GradeCounts(strong=s, medium=m, weak=w)
    assert ilo_rules().is_positive(counts) is reference_rule(s, m, w)


@pytest.mark.parametrize(
    ("s", "m", "w", "positive", "clause"),
    [
        (1, 0, 0, False, None),  # a single strong indicator alone is not enough
        (0, 0, 9, False, None),  # weak indicators alone never are
        (0, 1, 5, False, None),  # one medium plus any number of weak is not enough
        (0, 2, 0, False, None),
        (2, 0, 0, True, {"S": 2}),
        (1, 1, 0, True, {"S": 1, "M+W": 1}),
        (1, 0, 1, True, {"S": 1, "M+W": 1}),
        (0, 3, 0, True, {"M": 3}),
        (0, 2, 1, True, {"M": 2, "W": 1}),
        (3, 3, 3, True, {"S": 2}),  # the first clause met is the one reported
    ],
)
def test_named_boundaries_and_the_clause_reported(s, m, w, positive, clause):
    rules = ilo_rules()
    counts = GradeCounts(strong=s, medium=m, weak=w)
    met = rules.first_met(counts)
    assert (met is not None) is positive
    assert (met.as_json() if met else None) == clause


@pytest.mark.parametrize(("s", "m", "w"), COUNTS)
def test_engine_applies_the_rule_inside_a_dimension(s, m, w):
    profile = synthetic_profile(ADULT)
    answers = dict.fromkeys(profile.indicator_codes, "no")
    answers.update(present("D4", s, m, w))
    result = evaluate(profile, ilo_rules(), answers)
    d4 = next(r for r in result.dimensions if r.code == "D4")
    assert d4.present == GradeCounts(s, m, w)
    assert d4.positive is reference_rule(s, m, w)
    assert d4.could_be_positive is d4.positive  # nothing unanswered


def _positive_dimensions(profile, positive):
    answers = dict.fromkeys(profile.indicator_codes, "no")
    for dimension in positive:
        answers.update(present(dimension, strong=2))
    return answers


@pytest.mark.parametrize("positive", list(itertools.product([False, True], repeat=6)))
def test_adult_classification_truth_table(positive):
    profile = synthetic_profile(ADULT)
    dims = {f"D{n + 1}" for n, flag in enumerate(positive) if flag}
    result = evaluate(profile, ilo_rules(), _positive_dimensions(profile, dims))
    expected = bool(dims & {"D1", "D2", "D3"}) and "D4" in dims and bool(dims & {"D5", "D6"})
    assert (result.outcome is Outcome.MEETS_COMBINATION) is expected
    if not expected:
        assert result.outcome is (Outcome.PARTIAL if dims else Outcome.NO_POSITIVE_DIMENSION)
    assert result.is_child is False


@pytest.mark.parametrize("positive", list(itertools.product([False, True], repeat=6)))
def test_child_classification_truth_table_and_safeguarding(positive):
    profile = synthetic_profile(CHILD, is_child=True)
    dims = {f"D{n + 1}" for n, flag in enumerate(positive) if flag}
    result = evaluate(profile, ilo_rules(), _positive_dimensions(profile, dims))
    # Children: means at destination are not required.
    expected = bool(dims & {"D1", "D2", "D3"}) and "D4" in dims
    assert (result.outcome is Outcome.MEETS_COMBINATION) is expected
    assert result.recommendation.next_step is NextStep.SAFEGUARDING_REFERRAL
    assert result.recommendation.is_safeguarding
    destination = [e for e in result.elements if e.element == "destination"]
    assert destination
    assert all(not e.is_required for e in destination)


def test_an_adult_profile_used_for_a_child_still_recommends_safeguarding():
    spec, rules = adult_labour()
    result = evaluate(spec, rules, everything_no(), is_child=True)
    assert result.outcome is Outcome.NO_POSITIVE_DIMENSION
    assert result.recommendation.next_step is NextStep.SAFEGUARDING_REFERRAL


def test_unseeded_child_profile_is_unavailable_but_recommends_safeguarding():
    content = shipped()
    spec = content.profile_spec("CHILD_LABOUR", version=1)
    assert spec.is_seeded is False
    assert spec.indicators == ()
    result = evaluate(spec, content.rule_set(), {})
    assert result.profile_available is False
    assert result.outcome is None
    assert result.dimensions == ()
    assert result.recommendation.next_step is NextStep.SAFEGUARDING_REFERRAL
    assert "not available" in result.recommendation.sentence


def test_unseeded_adult_profile_recommends_assessment():
    content = shipped()
    result = evaluate(content.profile_spec("ADULT_SEXUAL", version=1), content.rule_set(), {})
    assert result.profile_available is False
    assert result.recommendation.next_step is NextStep.REFER_FOR_ASSESSMENT


def test_outcomes_and_next_steps():
    spec, rules = adult_labour()
    meets = everything_no(
        yes=["AL-D1-01", "AL-D1-08", "AL-D4-01", "AL-D4-04", "AL-D5-04", "AL-D5-11"]
    )
    assert evaluate(spec, rules, meets).recommendation.next_step is (
        NextStep.REFER_AS_PRESUMED_VICTIM
    )
    partial = everything_no(yes=["AL-D4-01", "AL-D4-04"])
    assert evaluate(spec, rules, partial).recommendation.next_step is NextStep.REFER_FOR_ASSESSMENT
    assert evaluate(spec, rules, {}).recommendation.next_step is NextStep.REINTERVIEW
    assert evaluate(spec, rules, everything_no()).recommendation.next_step is (
        NextStep.RECORD_NO_REFERRAL
    )


def test_insufficient_information_when_a_required_element_was_never_asked():
    spec, rules = adult_labour()
    destination = [c for c in spec.indicator_codes if c.startswith(("AL-D5", "AL-D6"))]
    answers = everything_no(
        not_asked=destination, unknown=["AL-D1-01", "AL-D1-02", "AL-D4-01", "AL-D4-02"]
    )
    result = evaluate(spec, rules, answers)
    assert result.outcome is Outcome.INSUFFICIENT_INFORMATION
    assert result.recommendation.next_step is NextStep.REINTERVIEW
    # Once destination was asked about at all, the combination could still be met: partial.
    answers["AL-D5-01"] = "no"
    assert evaluate(spec, rules, answers).outcome is Outcome.PARTIAL


def test_insufficient_information_when_fewer_than_half_were_answered():
    spec, rules = adult_labour()
    answered = {code: "no" for code in spec.indicator_codes if code.startswith(("AL-D2", "AL-D3"))}
    answered.update({code: "no" for code in spec.indicator_codes if code.startswith("AL-D1")})
    del answered["AL-D1-01"], answered["AL-D1-02"]  # recruitment can still be positive
    answered.update({"AL-D4-09": "no", "AL-D5-15": "no"})  # every element asked
    assert len(answered) == 36  # of 67: more than half
    assert evaluate(spec, rules, answered).outcome is Outcome.PARTIAL
    for code in ("AL-D3-14", "AL-D3-15", "AL-D3-16"):
        answered[code] = "unknown"  # 33 of 67 answered: fewer than half
    assert evaluate(spec, rules, answered).outcome is Outcome.INSUFFICIENT_INFORMATION


def test_insufficiency_thresholds_are_data():
    spec, _rules = adult_labour()
    lenient = RuleSet(
        rule_version="test",
        clauses=ilo_rules().clauses,
        insufficiency=InsufficiencyRule(min_answered_share=0, every_required_element_asked=False),
    )
    assert evaluate(spec, lenient, {}).outcome is Outcome.PARTIAL


def test_explanation_near_misses_unanswered_and_caveats():
    spec, rules = adult_labour()
    answers = everything_no(
        yes=["AL-D1-01", "AL-D1-08", "AL-D4-01", "AL-D4-04", "AL-D5-01", "AL-D3-15"],
        unknown=["AL-D5-03", "AL-D5-14"],
        declined=["AL-D6-01"],
    )
    result = evaluate(spec, rules, answers)
    assert result.outcome is Outcome.PARTIAL
    elements = {e.element: e for e in result.elements}
    assert elements["recruitment"].met and elements["recruitment"].via == ("D1",)
    assert "AL-D1-01" in elements["recruitment"].sentence
    assert "one strong plus one medium or weak indicator" in elements["recruitment"].sentence
    assert elements["exploitation"].met
    assert not elements["destination"].met and elements["destination"].could_be_met
    d5_miss = next(miss for miss in result.near_misses if miss.dimension == "D5")
    assert d5_miss.missing_grades == (Grade.STRONG, Grade.MEDIUM, Grade.WEAK)
    assert d5_miss.candidate_indicators[:2] == ("AL-D5-03", "AL-D5-14")  # unanswered first
    mattering = [item.indicator for item in result.unanswered_that_matter]
    # D6 cannot become positive with its one declined medium indicator, so it does not matter.
    assert mattering == ["AL-D5-03", "AL-D5-14"]  # strong first
    assert result.unanswered_that_matter[0].questions
    assert result.recommendation.questions_that_matter == tuple(mattering)
    assert "AL-D5-03" in result.recommendation.sentence
    caveats = " ".join(result.caveats)
    assert "not a legal determination" in caveats
    assert "provisional" in caveats and "AL-D1-01" in caveats
    assert "Sources disagree" in caveats and "AL-D3-15" in caveats
    assert len(result.explanation) >= 4


def test_meets_has_no_unanswered_that_matter():
    spec, rules = adult_labour()
    answers = everything_no(
        yes=["AL-D1-01", "AL-D1-08", "AL-D4-01", "AL-D4-04", "AL-D5-01", "AL-D5-02"],
        unknown=["AL-D6-01", "AL-D2-01"],
    )
    result = evaluate(spec, rules, answers)
    assert result.outcome is Outcome.MEETS_COMBINATION
    assert result.unanswered_that_matter == ()


def _keys_and_numbers(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _keys_and_numbers(item, f"{path}.{key}")
            yield ("key", key, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _keys_and_numbers(item, f"{path}[{index}]")
    elif isinstance(value, float):
        yield ("float", value, path)


def test_the_result_never_holds_a_score():
    spec, rules = adult_labour()
    result = evaluate(spec, rules, everything_no(yes=["AL-D4-01", "AL-D4-04"]))
    body = result.as_json()
    json.dumps(body)
    found = list(_keys_and_numbers(body))
    assert not [item for item in found if item[0] == "float"]
    keys = {str(item[1]).lower() for item in found if item[0] == "key"}
    assert not {key for key in keys if "score" in key or "probability" in key or "percent" in key}


def test_bad_answers_are_named_and_refused():
    spec, rules = adult_labour()
    problems = engine.answer_problems(
        spec.indicator_codes, {"AL-D9-99": "yes", "AL-D1-01": "maybe", "AL-D1-02": "yes"}
    )
    assert set(problems) == {"AL-D9-99", "AL-D1-01"}
    with pytest.raises(ValueError):
        evaluate(spec, rules, {"AL-D1-01": "maybe"})


def test_rules_are_checked_and_name_each_problem():
    with pytest.raises(RuleError) as error:
        parse_clauses([{"S": 0}, {"X": 1}, {}])
    where = [problem[0] for problem in error.value.problems]
    assert where == [
        "dimension_positive_if_any[0].S",
        "dimension_positive_if_any[1].X",
        "dimension_positive_if_any[2]",
    ]
    with pytest.raises(RuleError):
        parse_expression({"not": ["D1"]})
    with pytest.raises(RuleError):
        parse_expression({"all": ["D1", "D9"]}, known_dimensions=frozenset({"D1"}))


def test_translation_hook_renders_every_sentence():
    spec, rules = adult_labour()
    maltese = {"Recruitment": "Reklutaġġ", "strong": "qawwi"}
    result = evaluate(
        spec, rules, everything_no(yes=["AL-D4-01"]), translate=lambda text: maltese.get(text, text)
    )
    assert result.explanation[0].startswith("Reklutaġġ")
    assert "qawwi" in " ".join(result.explanation)
    assert Answer("declined") in engine.UNANSWERED
