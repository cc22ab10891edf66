"""Screening vignettes: answers as a screener would record them, and the reading a trained screener
reaches by the ILO/EC rules (act or means at recruitment AND exploitation AND, for adults, coercion
or abuse of vulnerability at destination; per dimension: two strong, one strong plus one medium or
weak, three medium, or two medium plus one weak)."""

from dataclasses import dataclass, field

import pytest

from waypoint.screening.engine import NextStep, Outcome, evaluate
from waypoint.screening.tests.instrument import adult_labour, everything_no, shipped


@dataclass(frozen=True)
class Vignette:
    story: str
    yes: tuple[str, ...]
    outcome: Outcome
    step: NextStep
    unknown: tuple[str, ...] = ()
    declined: tuple[str, ...] = ()
    not_asked: tuple[str, ...] = ()
    positive: tuple[str, ...] = ()
    mattering: tuple[str, ...] = field(default=())


D5_D6 = tuple(f"AL-D5-{n:02d}" for n in range(1, 16)) + tuple(f"AL-D6-{n:02d}" for n in range(1, 8))

VIGNETTES = [
    Vignette(
        "Construction worker: promised a different job and wage, works 14-hour days for almost "
        "nothing, passport held by the boss and a recruitment debt to repay",
        yes=("AL-D1-01", "AL-D1-08", "AL-D4-01", "AL-D4-04", "AL-D5-01", "AL-D5-02"),
        outcome=Outcome.MEETS_COMBINATION,
        step=NextStep.REFER_AS_PRESUMED_VICTIM,
        positive=("D1", "D4", "D5"),
    ),
    Vignette(
        "Cleaner: came freely through a friend, long hours and very low pay, but free to leave, "
        "keeps her papers, nobody threatens her",
        yes=("AL-D4-01", "AL-D4-04"),
        outcome=Outcome.PARTIAL,
        step=NextStep.REFER_FOR_ASSESSMENT,
        positive=("D4",),
    ),
    Vignette(
        "Farm worker beaten and threatened on the journey, dangerous work without protection and "
        "no insurance, depends on the employer for food and bed, in an unknown area, afraid of "
        "immigration",
        yes=(
            "AL-D2-01",
            "AL-D2-07",
            "AL-D4-03",
            "AL-D4-06",
            "AL-D6-01",
            "AL-D6-02",
            "AL-D6-05",
        ),
        outcome=Outcome.MEETS_COMBINATION,
        step=NextStep.REFER_AS_PRESUMED_VICTIM,
        positive=("D2", "D4", "D6"),
    ),
    Vignette(
        "Only weak vulnerability indicators at recruitment (beliefs, general context, past "
        "hardship), but exploited and coerced at destination: recruitment is not met",
        yes=("AL-D3-13", "AL-D3-14", "AL-D3-15", "AL-D4-01", "AL-D4-02", "AL-D5-03", "AL-D5-04"),
        outcome=Outcome.PARTIAL,
        step=NextStep.REFER_FOR_ASSESSMENT,
        positive=("D4", "D5"),
    ),
    Vignette(
        "One strong indicator in each element and nothing else: a single strong indicator never "
        "makes a dimension positive",
        yes=("AL-D1-01", "AL-D4-01", "AL-D5-01"),
        outcome=Outcome.NO_POSITIVE_DIMENSION,
        step=NextStep.RECORD_NO_REFERRAL,
    ),
    Vignette(
        "Interview stopped at once: the person did not want to talk",
        yes=(),
        not_asked=tuple(
            f"AL-D{d}-{n:02d}"
            for d, top in ((1, 10), (2, 10), (3, 16), (4, 9))
            for n in range(1, top + 1)
        )
        + D5_D6,
        outcome=Outcome.INSUFFICIENT_INFORMATION,
        step=NextStep.REINTERVIEW,
    ),
    Vignette(
        "Asked everything, every answer no: a regular worker",
        yes=(),
        outcome=Outcome.NO_POSITIVE_DIMENSION,
        step=NextStep.RECORD_NO_REFERRAL,
    ),
    Vignette(
        "Domestic worker: deceived about conditions, housing and wages (three medium), no "
        "contract or insurance and wage cuts plus no access to education (two medium + one weak), "
        "beaten and pay held back at destination (one strong + one medium)",
        yes=(
            "AL-D1-02",
            "AL-D1-05",
            "AL-D1-08",
            "AL-D4-05",
            "AL-D4-06",
            "AL-D4-09",
            "AL-D5-04",
            "AL-D5-14",
        ),
        outcome=Outcome.MEETS_COMBINATION,
        step=NextStep.REFER_AS_PRESUMED_VICTIM,
        positive=("D1", "D4", "D5"),
    ),
    Vignette(
        "One medium and four weak vulnerability indicators at recruitment (one medium plus any "
        "number of weak is not enough), exploited and coerced: partial",
        yes=(
            "AL-D3-01",
            "AL-D3-13",
            "AL-D3-14",
            "AL-D3-15",
            "AL-D3-16",
            "AL-D4-01",
            "AL-D4-07",
            "AL-D5-02",
            "AL-D5-11",
        ),
        outcome=Outcome.PARTIAL,
        step=NextStep.REFER_FOR_ASSESSMENT,
        positive=("D4", "D5"),
    ),
    Vignette(
        "Deceived and exploited; the situation at destination was not discussed (all unknown): "
        "refer for assessment naming the destination questions, strong ones first",
        yes=("AL-D1-01", "AL-D1-03", "AL-D4-02", "AL-D4-04"),
        unknown=D5_D6,
        outcome=Outcome.PARTIAL,
        step=NextStep.REFER_FOR_ASSESSMENT,
        positive=("D1", "D4"),
        mattering=("AL-D5-01", "AL-D5-02", "AL-D5-03", "AL-D5-04"),
    ),
    Vignette(
        "Exploited and controlled at destination, but came freely and was not deceived (every "
        "recruitment question answered no): an exploited migrant, the combination cannot be met",
        yes=("AL-D4-01", "AL-D4-03", "AL-D4-04", "AL-D5-01", "AL-D5-03"),
        outcome=Outcome.PARTIAL,
        step=NextStep.REFER_FOR_ASSESSMENT,
        positive=("D4", "D5"),
    ),
    Vignette(
        "Sex worker deceived about the job and forced into tasks and clients, with violence "
        "(labour list used): deception, exploitation and coercion all present",
        yes=(
            "AL-D1-01",
            "AL-D1-02",
            "AL-D4-01",
            "AL-D4-07",
            "AL-D5-04",
            "AL-D5-06",
            "AL-D5-12",
        ),
        outcome=Outcome.MEETS_COMBINATION,
        step=NextStep.REFER_AS_PRESUMED_VICTIM,
        positive=("D1", "D4", "D5"),
    ),
    Vignette(
        "Declined to answer most questions; the few answers were no",
        yes=(),
        declined=tuple(
            f"AL-D{d}-{n:02d}" for d, top in ((2, 10), (3, 16), (4, 9)) for n in range(1, top + 1)
        )
        + D5_D6,
        outcome=Outcome.INSUFFICIENT_INFORMATION,
        step=NextStep.REINTERVIEW,
    ),
]


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.story[:40] for v in VIGNETTES])
def test_vignette(vignette):
    spec, rules = adult_labour()
    answers = everything_no(
        yes=vignette.yes,
        unknown=vignette.unknown,
        declined=vignette.declined,
        not_asked=vignette.not_asked,
    )
    result = evaluate(spec, rules, answers)
    assert result.outcome is vignette.outcome, result.explanation
    assert result.recommendation.next_step is vignette.step
    assert tuple(r.code for r in result.dimensions if r.positive) == vignette.positive
    if vignette.mattering:
        found = tuple(item.indicator for item in result.unanswered_that_matter)
        assert found[: len(vignette.mattering)] == vignette.mattering


def test_a_child_with_the_meets_vignette_is_safeguarded_even_without_child_grades():
    content = shipped()
    child = content.profile_spec("CHILD_LABOUR", version=1)
    result = evaluate(child, content.rule_set(), {}, is_child=True)
    assert result.profile_available is False
    assert result.recommendation.next_step is NextStep.SAFEGUARDING_REFERRAL


def test_at_least_ten_vignettes():
    assert len(VIGNETTES) >= 10
    assert {v.outcome for v in VIGNETTES} == set(Outcome)
