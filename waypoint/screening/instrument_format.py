"""The instrument exchange format and the content of one instrument version. Pure Python.

An instrument is imported from two files in the shapes of the ILO/EC reference files (see
docs/screening.md), plus an optional third:

- the indicators CSV: ``instrument, profile, dimension, dimension_name, indicator, label, grade,
  grade_status`` (optional ``element``), one row per graded (profile, dimension, indicator);
- the rules JSON: ``instrument``, ``rule_version``, ``grades``, ``dimension_positive_if_any``,
  ``classification`` per profile, ``profiles_seeded``, ``profiles_unseeded`` (optional ``title``,
  ``notes``, ``insufficient_information``);
- the questions CSV (optional): ``indicator, order, language, text``; every question needs English.

:func:`parse` checks everything and raises :class:`FormatError` naming each bad row and field, so
an import is all or nothing. :class:`InstrumentContent` is also what a stored version reads back
as: the engine's specs and the version's checksum are built from it, whichever way it was loaded.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from waypoint.screening.engine import (
    DimensionSpec,
    Element,
    GradeStatus,
    IndicatorSpec,
    ProfileSpec,
)
from waypoint.screening.rules import (
    Grade,
    RuleError,
    RuleSet,
    parse_clauses,
    parse_expression,
    parse_insufficiency,
)

INDICATOR_COLUMNS = (
    "instrument",
    "profile",
    "dimension",
    "dimension_name",
    "indicator",
    "label",
    "grade",
    "grade_status",
)
OPTIONAL_INDICATOR_COLUMNS = ("element",)
QUESTION_COLUMNS = ("indicator", "language", "text")
OPTIONAL_QUESTION_COLUMNS = ("order",)
RULE_KEYS = frozenset(
    {
        "instrument",
        "title",
        "rule_version",
        "grades",
        "dimension_positive_if_any",
        "classification",
        "profiles_seeded",
        "profiles_unseeded",
        "notes",
        "insufficient_information",
    }
)
MAX_ROWS = 5000
MAX_TEXT = 500
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{0,39}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_DEFAULT_ELEMENTS = {
    "D1": Element.RECRUITMENT,
    "D2": Element.RECRUITMENT,
    "D3": Element.RECRUITMENT,
    "D4": Element.EXPLOITATION,
    "D5": Element.DESTINATION,
    "D6": Element.DESTINATION,
}
PROFILE_NAMES = {
    "ADULT_LABOUR": "Adults — labour exploitation",
    "ADULT_SEXUAL": "Adults — sexual exploitation",
    "CHILD_LABOUR": "Children — labour exploitation",
    "CHILD_SEXUAL": "Children — sexual exploitation",
}


class FormatError(Exception):
    """The files cannot be imported; ``problems`` lists (where, what is wrong), where naming the
    file, the row and the field."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = list(problems)


@dataclass(frozen=True)
class ProfileContent:
    code: str
    name: str
    is_seeded: bool
    is_child: bool
    exploitation_family: str
    classification: object


@dataclass(frozen=True)
class DimensionContent:
    code: str
    name: str
    element: str


@dataclass(frozen=True)
class IndicatorContent:
    code: str
    label: str


@dataclass(frozen=True)
class GradeContent:
    profile: str
    dimension: str
    indicator: str
    grade: str
    status: str


@dataclass(frozen=True)
class QuestionContent:
    indicator: str
    order: int
    texts: tuple[tuple[str, str], ...]  # (language, text), sorted by language

    def text(self, language: str) -> str:
        texts = dict(self.texts)
        return texts.get(language) or texts.get("en", "")


@dataclass(frozen=True)
class InstrumentContent:
    """Everything that defines one version of an instrument (what its checksum covers)."""

    framework: str
    title: str
    rule_version: str
    grade_names: tuple[tuple[str, str], ...]
    dimension_rule: object
    insufficiency: object
    notes: tuple[str, ...]
    profiles: tuple[ProfileContent, ...]
    dimensions: tuple[DimensionContent, ...]
    indicators: tuple[IndicatorContent, ...]
    grades: tuple[GradeContent, ...]
    questions: tuple[QuestionContent, ...]

    def canonical(self) -> dict[str, object]:
        return {
            "framework": self.framework,
            "title": self.title,
            "rule_version": self.rule_version,
            "grade_names": [list(pair) for pair in self.grade_names],
            "dimension_rule": self.dimension_rule,
            "insufficiency": self.insufficiency,
            "notes": list(self.notes),
            "profiles": [
                [p.code, p.name, p.is_seeded, p.is_child, p.exploitation_family, p.classification]
                for p in sorted(self.profiles, key=lambda p: p.code)
            ],
            "dimensions": [[d.code, d.name, d.element] for d in self.dimensions],
            "indicators": [[i.code, i.label] for i in self.indicators],
            "grades": sorted(
                [g.profile, g.dimension, g.indicator, g.grade, g.status] for g in self.grades
            ),
            "questions": sorted(
                [q.indicator, q.order, [list(pair) for pair in q.texts]] for q in self.questions
            ),
        }

    def checksum(self) -> str:
        encoded = json.dumps(
            self.canonical(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(encoded.encode()).hexdigest()

    def rule_set(self) -> RuleSet:
        return RuleSet(
            rule_version=self.rule_version,
            clauses=parse_clauses(self.dimension_rule),
            insufficiency=parse_insufficiency(self.insufficiency),
        )

    def profile(self, code: str) -> ProfileContent | None:
        for profile in self.profiles:
            if profile.code == code:
                return profile
        return None

    def profile_spec(self, code: str, *, version: int, language: str = "en") -> ProfileSpec:
        """The engine's view of one profile, with questions in ``language`` (English otherwise)."""
        profile = self.profile(code)
        if profile is None:
            raise KeyError(code)
        grades = [grade for grade in self.grades if grade.profile == code]
        labels = {indicator.code: indicator.label for indicator in self.indicators}
        questions: dict[str, list[QuestionContent]] = {}
        for question in sorted(self.questions, key=lambda q: (q.indicator, q.order)):
            questions.setdefault(question.indicator, []).append(question)
        dimension_codes = {grade.dimension for grade in grades}
        if profile.classification is not None:
            dimension_codes |= set(_expression_codes(profile.classification))
        order = {indicator.code: index for index, indicator in enumerate(self.indicators)}
        return ProfileSpec(
            instrument=self.framework,
            version=version,
            code=code,
            name=profile.name,
            is_seeded=profile.is_seeded,
            is_child=profile.is_child,
            classification=(
                parse_expression(profile.classification)
                if profile.is_seeded and profile.classification is not None
                else None
            ),
            dimensions=tuple(
                DimensionSpec(code=d.code, name=d.name, element=Element(d.element))
                for d in self.dimensions
                if d.code in dimension_codes
            ),
            indicators=tuple(
                IndicatorSpec(
                    code=grade.indicator,
                    dimension=grade.dimension,
                    grade=Grade(grade.grade),
                    grade_status=GradeStatus(grade.status),
                    label=labels.get(grade.indicator, grade.indicator),
                    questions=tuple(q.text(language) for q in questions.get(grade.indicator, [])),
                )
                for grade in sorted(grades, key=lambda g: order.get(g.indicator, 0))
            ),
        )


def _expression_codes(raw: object) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, Mapping):
        codes: list[str] = []
        for children in raw.values():
            if isinstance(children, list):
                for child in children:
                    codes.extend(_expression_codes(child))
        return codes
    return []


def default_element(dimension: str) -> str:
    return _DEFAULT_ELEMENTS.get(dimension, Element.OTHER).value


def profile_defaults(code: str) -> tuple[str, bool, str]:
    """Name, is-a-child-profile and exploitation family of a profile, from its code."""
    name = PROFILE_NAMES.get(code, code.replace("_", " ").capitalize())
    return name, code.startswith("CHILD"), "sexual" if "SEXUAL" in code else "labour"


def _read_csv(
    text: str, name: str, required: Sequence[str], optional: Sequence[str]
) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    text = text.lstrip("\ufeff")
    if not text.strip():
        return [], [(name, "the file is empty")]
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [column.strip() for column in (reader.fieldnames or [])]
        rows = []
        for row in reader:
            if None in row:
                problems.append((f"{name} row {reader.line_num}", "the row has extra cells"))
            rows.append(
                {(key or "").strip(): (value or "").strip() for key, value in row.items() if key}
            )
            if len(rows) > MAX_ROWS:
                return [], [(name, f"more than {MAX_ROWS} rows")]
    except csv.Error as error:
        return [], [(name, f"not a readable CSV file ({error})")]
    missing = [column for column in required if column not in header]
    if missing:
        problems.append((name, f"missing columns: {', '.join(missing)}"))
    unknown = [column for column in header if column not in (*required, *optional)]
    if unknown:
        problems.append((name, f"unknown columns: {', '.join(unknown)}"))
    return rows, problems


def _check_rules_shape(rules: Mapping[str, object], problems: list[tuple[str, str]]) -> None:
    for key in sorted(set(rules) - RULE_KEYS):
        problems.append((f"rules.{key}", "unknown key"))
    for key in ("instrument", "rule_version"):
        value = rules.get(key)
        if not isinstance(value, str) or not value.strip() or len(value) > 100:
            problems.append((f"rules.{key}", "a text of 1 to 100 characters is required"))
    if not isinstance(rules.get("instrument"), str) or not _CODE.match(str(rules["instrument"])):
        problems.append(("rules.instrument", "use capitals, digits, '_' or '-' (e.g. ILO_EC_2009)"))
    title = rules.get("title", "")
    if not isinstance(title, str) or len(title) > 300:
        problems.append(("rules.title", "a text of at most 300 characters is required"))
    grades = rules.get("grades")
    if not isinstance(grades, Mapping) or set(grades) != {g.value for g in Grade}:
        problems.append(("rules.grades", "name exactly the grades S, M and W"))
    notes = rules.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        problems.append(("rules.notes", "a list of texts is required"))


def _parse_rules(
    rules_text: str, problems: list[tuple[str, str]]
) -> tuple[dict[str, object], list[str], list[str]]:
    try:
        rules = json.loads(rules_text)
    except json.JSONDecodeError as error:
        problems.append(("rules", f"not valid JSON ({error.msg} at line {error.lineno})"))
        return {}, [], []
    if not isinstance(rules, dict):
        problems.append(("rules", "a JSON object is required"))
        return {}, [], []
    _check_rules_shape(rules, problems)
    seeded = rules.get("profiles_seeded")
    unseeded = rules.get("profiles_unseeded", [])
    seeded_list: list[str] = []
    unseeded_list: list[str] = []
    for key, value, target in (
        ("profiles_seeded", seeded, seeded_list),
        ("profiles_unseeded", unseeded, unseeded_list),
    ):
        if not isinstance(value, list) or not all(
            isinstance(code, str) and _CODE.match(code) for code in value
        ):
            problems.append((f"rules.{key}", "a list of profile codes is required"))
        else:
            target.extend(value)
    if not seeded_list and isinstance(seeded, list):
        problems.append(("rules.profiles_seeded", "at least one profile must be seeded"))
    for code in sorted(set(seeded_list) & set(unseeded_list)):
        problems.append((f"rules.profiles_unseeded.{code}", "listed as seeded and as unseeded"))
    classification = rules.get("classification")
    if not isinstance(classification, dict):
        problems.append(("rules.classification", "an object with one rule per profile is required"))
    else:
        listed = set(seeded_list) | set(unseeded_list)
        for code in sorted(set(classification) - listed):
            problems.append(
                (f"rules.classification.{code}", "this profile is neither seeded nor unseeded")
            )
        for code in sorted(listed - set(classification)):
            problems.append((f"rules.classification.{code}", "no classification for this profile"))
    try:
        parse_clauses(rules.get("dimension_positive_if_any"), "rules.dimension_positive_if_any")
    except RuleError as error:
        problems.extend(error.problems)
    try:
        parse_insufficiency(rules.get("insufficient_information"), "rules.insufficient_information")
    except RuleError as error:
        problems.extend(error.problems)
    return rules, seeded_list, unseeded_list


def _row_problems(
    row: dict[str, str], where: str, instrument: str, grades: frozenset[str]
) -> list[tuple[str, str]]:
    problems = []
    if row.get("instrument") != instrument:
        problems.append((f"{where}, instrument", f"must be {instrument} (as in the rules)"))
    for column in ("profile", "dimension", "indicator"):
        if not _CODE.match(row.get(column, "")):
            problems.append((f"{where}, {column}", "a code of capitals, digits, '_' or '-'"))
    for column in ("dimension_name", "label"):
        value = row.get(column, "")
        if not value or len(value) > MAX_TEXT:
            problems.append((f"{where}, {column}", f"a text of 1 to {MAX_TEXT} characters"))
    if row.get("grade") not in grades:
        problems.append((f"{where}, grade", "use S (strong), M (medium) or W (weak)"))
    if row.get("grade_status") not in {status.value for status in GradeStatus}:
        problems.append((f"{where}, grade_status", "use verified, provisional or disputed"))
    element = row.get("element", "")
    if element and element not in {e.value for e in Element}:
        problems.append(
            (f"{where}, element", "use recruitment, exploitation, destination or other")
        )
    return problems


def _parse_indicators(
    text: str, instrument: str, problems: list[tuple[str, str]]
) -> tuple[list[DimensionContent], list[IndicatorContent], list[GradeContent]]:
    name = "indicators.csv"
    rows, read_problems = _read_csv(text, name, INDICATOR_COLUMNS, OPTIONAL_INDICATOR_COLUMNS)
    problems.extend(read_problems)
    if read_problems and not rows:
        return [], [], []
    dimensions: dict[str, DimensionContent] = {}
    indicators: dict[str, IndicatorContent] = {}
    grades: dict[tuple[str, str, str], GradeContent] = {}
    allowed_grades = frozenset(grade.value for grade in Grade)
    for number, row in enumerate(rows, start=2):
        where = f"{name} row {number}"
        row_problems = _row_problems(row, where, instrument, allowed_grades)
        problems.extend(row_problems)
        if row_problems:
            continue
        dimension = dimensions.setdefault(
            row["dimension"],
            DimensionContent(
                code=row["dimension"],
                name=row["dimension_name"],
                element=row.get("element") or default_element(row["dimension"]),
            ),
        )
        if dimension.name != row["dimension_name"]:
            problems.append(
                (
                    f"{where}, dimension_name",
                    f"differs from the name given earlier for {dimension.code}",
                )
            )
        indicator = indicators.setdefault(
            row["indicator"], IndicatorContent(code=row["indicator"], label=row["label"])
        )
        if indicator.label != row["label"]:
            problems.append(
                (f"{where}, label", f"differs from the label given earlier for {indicator.code}")
            )
        key = (row["profile"], row["dimension"], row["indicator"])
        if key in grades:
            problems.append(
                (f"{where}, indicator", "this (profile, dimension, indicator) is repeated")
            )
            continue
        grades[key] = GradeContent(
            profile=row["profile"],
            dimension=row["dimension"],
            indicator=row["indicator"],
            grade=row["grade"],
            status=row["grade_status"],
        )
    return list(dimensions.values()), list(indicators.values()), list(grades.values())


def parse_questions(
    text: str, indicator_codes: frozenset[str], problems: list[tuple[str, str]]
) -> list[QuestionContent]:
    """Questions from the optional questions CSV: each (indicator, order) needs an English text."""
    name = "questions.csv"
    rows, read_problems = _read_csv(text, name, QUESTION_COLUMNS, OPTIONAL_QUESTION_COLUMNS)
    problems.extend(read_problems)
    texts: dict[tuple[str, int], dict[str, str]] = {}
    first_row: dict[tuple[str, int], int] = {}
    for number, row in enumerate(rows, start=2):
        where = f"{name} row {number}"
        bad = []
        if row.get("indicator") not in indicator_codes:
            bad.append((f"{where}, indicator", "not an indicator of this instrument"))
        order_text = row.get("order") or "1"
        if not order_text.isdigit() or not 1 <= int(order_text) <= 20:
            bad.append((f"{where}, order", "a whole number from 1 to 20"))
        if not _LANGUAGE.match(row.get("language", "")):
            bad.append((f"{where}, language", "an ISO 639 code such as en, mt or ms"))
        if not row.get("text") or len(row["text"]) > MAX_TEXT:
            bad.append((f"{where}, text", f"a text of 1 to {MAX_TEXT} characters"))
        problems.extend(bad)
        if bad:
            continue
        key = (row["indicator"], int(order_text))
        first_row.setdefault(key, number)
        if row["language"] in texts.setdefault(key, {}):
            problems.append((f"{where}, language", "this question already has a text in it"))
            continue
        texts[key][row["language"]] = row["text"]
    questions = []
    for key, by_language in sorted(texts.items()):
        if "en" not in by_language:
            problems.append(
                (f"{name} row {first_row[key]}, language", "every question needs an English text")
            )
            continue
        questions.append(
            QuestionContent(
                indicator=key[0], order=key[1], texts=tuple(sorted(by_language.items()))
            )
        )
    return questions


def parse(indicators_text: str, rules_text: str, questions_text: str = "") -> InstrumentContent:
    """Check and read an instrument; ``FormatError`` lists every problem (nothing is partial)."""
    problems: list[tuple[str, str]] = []
    rules, seeded, unseeded = _parse_rules(rules_text, problems)
    instrument = str(rules.get("instrument", ""))
    dimensions, indicators, grades = _parse_indicators(indicators_text, instrument, problems)
    profiles_with_rows = {grade.profile for grade in grades}
    for code in sorted(profiles_with_rows - set(seeded) - set(unseeded)):
        problems.append(("indicators.csv, profile", f"{code} is not in the rules' profiles"))
    for code in sorted(set(unseeded) & profiles_with_rows):
        problems.append(
            ("indicators.csv, profile", f"{code} is listed as unseeded but has indicator rows")
        )
    for code in sorted(set(seeded) - profiles_with_rows):
        if grades or not problems:
            problems.append(("rules.profiles_seeded", f"{code} has no indicator rows"))
    known_dimensions = frozenset(d.code for d in dimensions)
    classification = rules.get("classification")
    profiles: list[ProfileContent] = []
    if isinstance(classification, dict):
        for code in [*seeded, *unseeded]:
            raw = classification.get(code)
            if raw is None:
                continue
            try:
                parse_expression(raw, f"rules.classification.{code}", known_dimensions)
            except RuleError as error:
                problems.extend(error.problems)
            name, is_child, family = profile_defaults(code)
            profiles.append(
                ProfileContent(
                    code=code,
                    name=name,
                    is_seeded=code in seeded,
                    is_child=is_child,
                    exploitation_family=family,
                    classification=raw,
                )
            )
    questions = (
        parse_questions(questions_text, frozenset(i.code for i in indicators), problems)
        if questions_text.strip()
        else []
    )
    if problems:
        raise FormatError(problems)
    grade_names = rules.get("grades")
    notes = rules.get("notes", [])
    return InstrumentContent(
        framework=instrument,
        title=str(rules.get("title") or instrument),
        rule_version=str(rules["rule_version"]),
        grade_names=tuple(
            sorted((str(k), str(v)) for k, v in grade_names.items())
            if isinstance(grade_names, Mapping)
            else ()
        ),
        dimension_rule=rules["dimension_positive_if_any"],
        insufficiency=rules.get("insufficient_information"),
        notes=tuple(str(note) for note in (notes if isinstance(notes, list) else [])),
        profiles=tuple(profiles),
        dimensions=tuple(dimensions),
        indicators=tuple(indicators),
        grades=tuple(grades),
        questions=tuple(questions),
    )
