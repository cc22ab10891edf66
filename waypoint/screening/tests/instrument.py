"""The shipped ILO/EC instrument read straight from the product's data files (no database), and
builders of synthetic profiles for rule tests."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from waypoint.screening import instrument_format
from waypoint.screening.engine import (
    DimensionSpec,
    Element,
    GradeStatus,
    IndicatorSpec,
    ProfileSpec,
)
from waypoint.screening.rules import Grade, parse_expression

DATA = Path(__file__).resolve().parents[1] / "data"
ADULT = {"all": [{"any": ["D1", "D2", "D3"]}, "D4", {"any": ["D5", "D6"]}]}
CHILD = {"all": [{"any": ["D1", "D2", "D3"]}, "D4"]}


@lru_cache(maxsize=1)
def shipped():
    return instrument_format.parse(
        (DATA / "ilo_ec_2009_adult_labour.csv").read_text(encoding="utf-8"),
        (DATA / "ilo_ec_2009_rules.json").read_text(encoding="utf-8"),
        (DATA / "ilo_ec_2009_questions.csv").read_text(encoding="utf-8"),
    )


def adult_labour():
    content = shipped()
    return content.profile_spec("ADULT_LABOUR", version=1), content.rule_set()


def codes():
    spec, _rules = adult_labour()
    return sorted(spec.indicator_codes)


def everything_no(*, yes=(), unknown=(), declined=(), not_asked=()):
    answers = dict.fromkeys(codes(), "no")
    for value, group in (
        ("yes", yes),
        ("unknown", unknown),
        ("declined", declined),
        ("not_asked", not_asked),
    ):
        for code in group:
            assert code in answers, code
            answers[code] = value
    return answers


def synthetic_profile(classification, *, is_child=False, per_grade=(3, 4, 4), dimensions=6):
    """A seeded profile with ``dimensions`` dimensions, each holding per_grade[S, M, W] indicators."""
    dimension_specs = tuple(
        DimensionSpec(
            code=f"D{n}",
            name=f"Dimension {n}",
            element=Element(instrument_format.default_element(f"D{n}")),
        )
        for n in range(1, dimensions + 1)
    )
    indicators = []
    for dimension in dimension_specs:
        for grade, count in zip((Grade.STRONG, Grade.MEDIUM, Grade.WEAK), per_grade, strict=True):
            for index in range(1, count + 1):
                indicators.append(
                    IndicatorSpec(
                        code=f"X-{dimension.code}-{grade.value}{index}",
                        dimension=dimension.code,
                        grade=grade,
                        grade_status=GradeStatus.VERIFIED,
                        label=f"{grade.value}{index} of {dimension.code}",
                        questions=(f"Question {grade.value}{index}?",),
                    )
                )
    return ProfileSpec(
        instrument="TEST",
        version=1,
        code="CHILD_TEST" if is_child else "ADULT_TEST",
        name="Test profile",
        is_seeded=True,
        is_child=is_child,
        classification=parse_expression(classification),
        dimensions=dimension_specs,
        indicators=tuple(indicators),
    )


def present(dimension, strong=0, medium=0, weak=0):
    """Answers making exactly these counts present in a synthetic dimension (rest answered no)."""
    answers = {}
    for grade, count in (("S", strong), ("M", medium), ("W", weak)):
        for index in range(1, count + 1):
            answers[f"X-{dimension}-{grade}{index}"] = "yes"
    return answers
