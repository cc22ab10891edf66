"""The combination rules of a screening instrument, as data: dimension clauses and classification
expressions. Pure Python (no database, no Django), shared by the engine, the importer and the
data migration.

A *clause* says how many indicators of which grades must be present for a dimension to be positive,
e.g. ``{"S": 1, "M+W": 1}``: at least one strong AND at least one medium-or-weak. Every term is
counted on its own (``"M+W"`` adds the medium and the weak counts), and every term must reach its
minimum. A dimension is positive when *any* clause of ``dimension_positive_if_any`` is met.

A *classification* combines dimensions: a dimension code (``"D4"``), ``{"all": [...]}`` or
``{"any": [...]}``, nested freely. There is deliberately no "not": the rules are monotone, so an
answer turned from "no" to "yes" can never make a person look less like a victim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias


class Grade(StrEnum):
    """How strongly an indicator points to trafficking (ILO/EC 2009 grading)."""

    STRONG = "S"
    MEDIUM = "M"
    WEAK = "W"


GRADE_ORDER: tuple[Grade, ...] = (Grade.STRONG, Grade.MEDIUM, Grade.WEAK)
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


class RuleError(Exception):
    """Rules that cannot be used; ``problems`` lists (where, what is wrong) pairs."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{where}: {message}" for where, message in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class GradeCounts:
    """How many indicators of each grade were answered "yes" in a dimension."""

    strong: int = 0
    medium: int = 0
    weak: int = 0

    def of(self, grade: Grade) -> int:
        if grade is Grade.STRONG:
            return self.strong
        if grade is Grade.MEDIUM:
            return self.medium
        return self.weak

    def plus(self, grade: Grade, count: int = 1) -> GradeCounts:
        return GradeCounts(
            strong=self.strong + (count if grade is Grade.STRONG else 0),
            medium=self.medium + (count if grade is Grade.MEDIUM else 0),
            weak=self.weak + (count if grade is Grade.WEAK else 0),
        )

    @property
    def total(self) -> int:
        return self.strong + self.medium + self.weak

    def as_json(self) -> dict[str, int]:
        return {"strong": self.strong, "medium": self.medium, "weak": self.weak}


@dataclass(frozen=True)
class ClauseTerm:
    """At least ``minimum`` indicators whose grade is one of ``grades``."""

    grades: tuple[Grade, ...]
    minimum: int

    @property
    def key(self) -> str:
        return "+".join(grade.value for grade in self.grades)

    def count(self, counts: GradeCounts) -> int:
        return sum(counts.of(grade) for grade in self.grades)

    def is_met(self, counts: GradeCounts) -> bool:
        return self.count(counts) >= self.minimum


@dataclass(frozen=True)
class Clause:
    """All terms met at once make the dimension positive."""

    terms: tuple[ClauseTerm, ...]

    def is_met(self, counts: GradeCounts) -> bool:
        return all(term.is_met(counts) for term in self.terms)

    def as_json(self) -> dict[str, int]:
        return {term.key: term.minimum for term in self.terms}


def parse_clause(raw: object, where: str) -> Clause:
    """A clause from its JSON form, e.g. ``{"S": 1, "M+W": 1}``; ``RuleError`` names each problem."""
    problems: list[tuple[str, str]] = []
    if not isinstance(raw, Mapping) or not raw:
        raise RuleError([(where, 'a clause is a non-empty object such as {"S": 2}')])
    terms: list[ClauseTerm] = []
    for key, minimum in raw.items():
        grades: list[Grade] = []
        for part in str(key).split("+"):
            try:
                grades.append(Grade(part.strip()))
            except ValueError:
                problems.append((f"{where}.{key}", f"'{part}' is not a grade (use S, M or W)"))
        if len(set(grades)) != len(grades):
            problems.append((f"{where}.{key}", "a grade appears twice in the same term"))
        if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
            problems.append((f"{where}.{key}", "the minimum must be a whole number of at least 1"))
            continue
        terms.append(ClauseTerm(grades=tuple(grades), minimum=minimum))
    if problems:
        raise RuleError(problems)
    return Clause(terms=tuple(terms))


def parse_clauses(raw: object, where: str = "dimension_positive_if_any") -> tuple[Clause, ...]:
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes) or not raw:
        raise RuleError([(where, "a non-empty list of clauses is required")])
    clauses: list[Clause] = []
    problems: list[tuple[str, str]] = []
    for index, item in enumerate(raw):
        try:
            clauses.append(parse_clause(item, f"{where}[{index}]"))
        except RuleError as error:
            problems.extend(error.problems)
    if problems:
        raise RuleError(problems)
    return tuple(clauses)


@dataclass(frozen=True)
class DimensionRef:
    code: str


@dataclass(frozen=True)
class AllOf:
    terms: tuple[Expression, ...]


@dataclass(frozen=True)
class AnyOf:
    terms: tuple[Expression, ...]


Expression: TypeAlias = DimensionRef | AllOf | AnyOf


def parse_expression(
    raw: object, where: str = "classification", known_dimensions: frozenset[str] | None = None
) -> Expression:
    """A classification from its JSON form; unknown dimension codes are problems when
    ``known_dimensions`` is given."""
    problems: list[tuple[str, str]] = []

    def walk(node: object, path: str) -> Expression | None:
        if isinstance(node, str):
            if not _CODE.match(node):
                problems.append((path, f"'{node}' is not a dimension code"))
                return None
            if known_dimensions is not None and node not in known_dimensions:
                problems.append((path, f"dimension '{node}' does not exist in this instrument"))
                return None
            return DimensionRef(node)
        if isinstance(node, Mapping) and len(node) == 1:
            ((operator, children),) = node.items()
            if operator not in ("all", "any"):
                problems.append((path, f"'{operator}' is not an operator (use all or any)"))
                return None
            if not isinstance(children, Sequence) or isinstance(children, str) or not children:
                problems.append((f"{path}.{operator}", "a non-empty list is required"))
                return None
            parsed = [walk(child, f"{path}.{operator}[{i}]") for i, child in enumerate(children)]
            terms = tuple(term for term in parsed if term is not None)
            if len(terms) != len(parsed):
                return None
            return AllOf(terms) if operator == "all" else AnyOf(terms)
        problems.append((path, 'use a dimension code, {"all": [...]} or {"any": [...]} (one key)'))
        return None

    result = walk(raw, where)
    if problems or result is None:
        raise RuleError(problems or [(where, "empty classification")])
    return result


def expression_holds(expression: Expression, truth: Mapping[str, bool]) -> bool:
    """Evaluate ``expression`` with each dimension's truth value (missing dimensions are false)."""
    if isinstance(expression, DimensionRef):
        return truth.get(expression.code, False)
    if isinstance(expression, AllOf):
        return all(expression_holds(term, truth) for term in expression.terms)
    return any(expression_holds(term, truth) for term in expression.terms)


def expression_dimensions(expression: Expression) -> tuple[str, ...]:
    """Every dimension code the expression mentions, in order, once each."""
    if isinstance(expression, DimensionRef):
        return (expression.code,)
    seen: list[str] = []
    for term in expression.terms:
        for code in expression_dimensions(term):
            if code not in seen:
                seen.append(code)
    return tuple(seen)


def expression_as_json(expression: Expression) -> object:
    if isinstance(expression, DimensionRef):
        return expression.code
    operator = "all" if isinstance(expression, AllOf) else "any"
    return {operator: [expression_as_json(term) for term in expression.terms]}


def required_terms(expression: Expression) -> tuple[Expression, ...]:
    """The elements that must all hold: the terms of a top-level ``all``, else the whole rule."""
    if isinstance(expression, AllOf):
        return expression.terms
    return (expression,)


@dataclass(frozen=True)
class InsufficiencyRule:
    """When an interview says too little to read anything from it.

    ``insufficient_information`` is the outcome when no dimension is positive, the combination could
    still be met if the unanswered questions were "yes", and either fewer than
    ``min_answered_share`` of the profile's indicators were answered (yes or no), or
    (``every_required_element_asked``) a required element of the classification has no answered
    indicator at all.
    """

    min_answered_share: float = 0.5
    every_required_element_asked: bool = True

    def as_json(self) -> dict[str, object]:
        return {
            "min_answered_share": self.min_answered_share,
            "every_required_element_asked": self.every_required_element_asked,
        }


def parse_insufficiency(raw: object, where: str = "insufficient_information") -> InsufficiencyRule:
    if raw is None:
        return InsufficiencyRule()
    if not isinstance(raw, Mapping):
        raise RuleError([(where, "an object is required")])
    problems: list[tuple[str, str]] = []
    unknown = sorted(set(raw) - {"min_answered_share", "every_required_element_asked"})
    problems.extend((f"{where}.{key}", "unknown setting") for key in unknown)
    share = raw.get("min_answered_share", 0.5)
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
        problems.append((f"{where}.min_answered_share", "a number from 0 to 1 is required"))
    every = raw.get("every_required_element_asked", True)
    if not isinstance(every, bool):
        problems.append((f"{where}.every_required_element_asked", "true or false is required"))
    if problems:
        raise RuleError(problems)
    return InsufficiencyRule(min_answered_share=float(share), every_required_element_asked=every)


@dataclass(frozen=True)
class RuleSet:
    """The dimension clauses and the insufficiency rule of one instrument version."""

    rule_version: str
    clauses: tuple[Clause, ...]
    insufficiency: InsufficiencyRule = field(default_factory=InsufficiencyRule)

    def first_met(self, counts: GradeCounts) -> Clause | None:
        for clause in self.clauses:
            if clause.is_met(counts):
                return clause
        return None

    def is_positive(self, counts: GradeCounts) -> bool:
        return self.first_met(counts) is not None
