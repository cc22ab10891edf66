"""Reading defendant-level prosecution data (the humantraffickingdata.org shape, one row per
defendant) into a plan of criminal-case records. Pure: no database; the service writes the plan.

The mapping from columns to fields is documented in ``docs/enforcement.md``. Every row is checked
before anything is written; each problem names the line, the column, the value and the reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from waypoint.enforcement.choices import GUILTY_OUTCOMES, VerdictOutcome
from waypoint.people.choices import Gender, age_band_for

REQUIRED_COLUMNS = (
    "id",
    "case_id",
    "gender",
    "arrest_age",
    "arrest_date",
    "charge_date",
    "statute_sentence",
    "statute_counts",
    "statute_counts_np",
    "statute_plea_dismissed",
    "statute_plea_guilty",
    "statute_trial_guilty",
    "statute_trial_ng",
    "statute_fines",
    "year_terminated",
    "total_months_sentenced",
    "total_months_probation",
    "restitution",
    "forfeiture_sentence",
)
# Per-statute columns, aligned with ``statute_sentence``.
STATUTE_COLUMNS = (
    "statute_counts",
    "statute_counts_np",
    "statute_plea_dismissed",
    "statute_plea_guilty",
    "statute_trial_guilty",
    "statute_trial_ng",
    "statute_fines",
)
# Columns read but deliberately not stored (see docs/enforcement.md).
IGNORED_COLUMNS = (
    "race",
    "bail_type",
    "bail_amount",
    "statute_months_sentenced",
    "statute_months_probation",
    "n_charges",
    "n_sentences",
    "forfeiture_charge",
)
GENDERS = {
    "male": Gender.MASCULINE,
    "female": Gender.FEMININE,
    "unknown": Gender.NON_SPECIFIED_UNKNOWN,
    "": "",
}
CURRENCY = "USD"  # US federal courts
MAX_MONTHS = 20000
_TOKEN = re.compile(r"'([^']*)'|(None)")
_STATUTE = re.compile(r"^[0-9A-Za-z_.\-]{1,40}$")


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column} = {self.value!r}: {self.reason}"


@dataclass
class ChargePlan:
    statute_code: str
    counts: int | None
    outcome: str  # VerdictOutcome code, "" = no verdict recorded
    fine: Decimal | None


@dataclass
class DefendantPlan:
    line: int
    source_id: str
    case_id: str
    gender: str
    age_band: str
    arrested_on: dt.date | None
    charged_on: dt.date | None
    year_terminated: int | None
    charges: list[ChargePlan] = field(default_factory=list)
    imprisonment_months: int | None = None
    probation_months: int | None = None
    forfeiture: bool = False
    restitution: Decimal | None = None

    @property
    def is_convicted(self) -> bool:
        return any(charge.outcome in GUILTY_OUTCOMES for charge in self.charges)

    @property
    def outcome(self) -> str:
        """The defendant's outcome: convicted, else acquitted, else dismissed, else none."""
        outcomes = {charge.outcome for charge in self.charges}
        if outcomes & set(GUILTY_OUTCOMES):
            return "convicted"
        if VerdictOutcome.ACQUITTED in outcomes:
            return "acquitted"
        if VerdictOutcome.DISMISSED in outcomes:
            return "dismissed"
        return ""

    @property
    def has_sentence(self) -> bool:
        """A sentence is imported for a defendant convicted on a listed statute, when the file
        records the months of imprisonment (0 included: a sentence without prison)."""
        return self.is_convicted and self.imprisonment_months is not None

    @property
    def fine(self) -> Decimal | None:
        fines = [charge.fine for charge in self.charges if charge.fine]
        return sum(fines, Decimal("0")) if fines else None

    @property
    def has_order(self) -> bool:
        """Restitution is imported as an order when greater than zero and the defendant is
        convicted (an order follows a conviction, as for orders entered by hand)."""
        return self.is_convicted and self.restitution is not None and self.restitution > 0


@dataclass
class Plan:
    rows_read: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    defendants: list[DefendantPlan] = field(default_factory=list)


def parse_list(value: str) -> list[str | None] | None:
    """A statute column: empty or ``None`` (not recorded), one value, a Python-style list
    (``['1591', '1594']``), or a NumPy-style list without commas (``['0' '0']``)."""
    text = value.strip()
    if text in ("", "None"):
        return None
    if text.startswith("["):
        if not text.endswith("]"):
            raise ValueError("an unclosed list")
        inner = text[1:-1]
        tokens = [quoted if none == "" else None for quoted, none in _TOKEN.findall(inner)]
        leftover = _TOKEN.sub("", inner).replace(",", "").strip()
        if leftover:
            raise ValueError("a list of quoted values or None")
        return tokens
    return [text]


def _whole_number(text: str, *, maximum: int) -> int:
    if not re.fullmatch(r"\d+", text):
        raise ValueError("a whole number")
    number = int(text)
    if number > maximum:
        raise ValueError(f"a number no greater than {maximum}")
    return number


def _date(text: str, *, today: dt.date) -> dt.date | None:
    if not text:
        return None
    try:
        value = dt.date.fromisoformat(text)
    except ValueError as error:
        raise ValueError("a date as YYYY-MM-DD") from error
    if value > today:
        raise ValueError("a date that is not in the future")
    if value.year < 1950:
        raise ValueError("a date not before 1950")
    return value


class _Row:
    """One CSV row with problem collection."""

    def __init__(self, line: int, values: dict[str, str], problems: list[RowProblem]) -> None:
        self.line = line
        self.values = values
        self.problems = problems

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def problem(self, column: str, value: str, reason: str) -> None:
        self.problems.append(RowProblem(self.line, column, value, reason))

    def number(self, column: str, *, maximum: int) -> int | None:
        text = self.text(column)
        if not text:
            return None
        try:
            return _whole_number(text, maximum=maximum)
        except ValueError as error:
            self.problem(column, text, f"expected {error}")
            return None

    def date(self, column: str, *, today: dt.date) -> dt.date | None:
        text = self.text(column)
        try:
            return _date(text, today=today)
        except ValueError as error:
            self.problem(column, text, f"expected {error}")
            return None

    def items(self, column: str, length: int) -> list[int | None] | None:
        """A per-statute column as whole numbers, aligned with the statutes."""
        raw = self.values.get(column) or ""
        try:
            parsed = parse_list(raw)
        except ValueError as error:
            self.problem(column, raw, f"expected {error}")
            return None
        if parsed is None:
            return [None] * length
        if len(parsed) != length:
            self.problem(
                column, raw, f"has {len(parsed)} values but statute_sentence lists {length}"
            )
            return None
        numbers: list[int | None] = []
        for item in parsed:
            if item is None:
                numbers.append(None)
                continue
            try:
                numbers.append(_whole_number(item, maximum=10**9))
            except ValueError as error:
                self.problem(column, raw, f"expected {error} in every position")
                return None
        return numbers


def _outcome(position: int, columns: dict[str, list[int | None]]) -> str:
    """A statute's verdict: guilty at trial, else guilty plea, else acquitted at trial, else
    dismissed (as part of a plea, or not prosecuted); otherwise none recorded."""

    def positive(column: str) -> bool:
        return (columns[column][position] or 0) > 0

    if positive("statute_trial_guilty"):
        return VerdictOutcome.CONVICTED
    if positive("statute_plea_guilty"):
        return VerdictOutcome.PLEA
    if positive("statute_trial_ng"):
        return VerdictOutcome.ACQUITTED
    if positive("statute_plea_dismissed") or positive("statute_counts_np"):
        return VerdictOutcome.DISMISSED
    return ""


def _parse_row(row: _Row, *, today: dt.date) -> DefendantPlan | None:
    before = len(row.problems)
    source_id = row.text("id")
    if not source_id:
        row.problem("id", "", "every row needs the defendant's id")
    elif len(source_id) > 90:
        row.problem("id", source_id[:20] + "…", "at most 90 characters")
    case_id = row.text("case_id")
    if not case_id:
        row.problem("case_id", "", "every row needs the case id")
    elif len(case_id) > 90:
        row.problem("case_id", case_id[:20] + "…", "at most 90 characters")
    gender_text = row.text("gender")
    gender = GENDERS.get(gender_text.lower())
    if gender is None:
        row.problem("gender", gender_text, "expected Male, Female, Unknown or empty")
    age = row.number("arrest_age", maximum=120)
    arrested_on = row.date("arrest_date", today=today)
    charged_on = row.date("charge_date", today=today)
    year = row.number("year_terminated", maximum=today.year)
    if year is not None and year < 1950:
        row.problem("year_terminated", row.text("year_terminated"), "expected a year from 1950")
    months = row.number("total_months_sentenced", maximum=MAX_MONTHS)
    probation = row.number("total_months_probation", maximum=MAX_MONTHS)
    restitution = row.number("restitution", maximum=10**11)
    raw_statutes = row.values.get("statute_sentence") or ""
    try:
        statutes = parse_list(raw_statutes) or []
    except ValueError as error:
        row.problem("statute_sentence", raw_statutes, f"expected {error}")
        statutes = []
    for code in statutes:
        if code is None or not _STATUTE.match(code):
            row.problem("statute_sentence", raw_statutes, "expected statute codes such as 1591")
            statutes = []
            break
    columns = {}
    for column in STATUTE_COLUMNS:
        values = row.items(column, len(statutes))
        if values is not None:
            columns[column] = values
    if len(row.problems) > before:
        return None
    charges = [
        ChargePlan(
            statute_code=str(code),
            counts=columns["statute_counts"][index],
            outcome=_outcome(index, columns),
            fine=(
                Decimal(columns["statute_fines"][index] or 0)
                if columns["statute_fines"][index]
                else None
            ),
        )
        for index, code in enumerate(statutes)
    ]
    return DefendantPlan(
        line=row.line,
        source_id=source_id,
        case_id=case_id,
        gender=gender or "",
        age_band=age_band_for(age) if age is not None else "",
        arrested_on=arrested_on,
        charged_on=charged_on,
        year_terminated=year,
        charges=charges,
        imprisonment_months=months,
        probation_months=probation,
        forfeiture=row.text("forfeiture_sentence").lower() == "yes",
        restitution=Decimal(restitution) if restitution is not None else None,
    )


def _lines(stream: IO[bytes] | IO[str]) -> Iterator[str]:
    content = stream.read()
    if isinstance(content, bytes):
        content = content.decode("utf-8-sig")
    return iter(io.StringIO(content, newline=""))


def read_defendants(
    stream: IO[bytes] | IO[str], *, today: dt.date, progress: object = None
) -> Plan:
    """Parse and check every row. ``progress`` (if given) is called with the rows read so far."""
    plan = Plan()
    try:
        reader = csv.DictReader(_lines(stream))
        header = reader.fieldnames or []
    except (UnicodeDecodeError, csv.Error) as error:
        plan.problems.append(RowProblem(1, "(file)", "", f"not a UTF-8 CSV file ({error})"))
        return plan
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    for column in missing:
        plan.problems.append(RowProblem(1, column, "", "this column is missing from the header"))
    if missing:
        return plan
    first_line: dict[str, int] = {}
    try:
        for values in reader:
            plan.rows_read += 1
            row = _Row(reader.line_num, values, plan.problems)
            if None in values:
                row.problem("(row)", "", "the row has more values than the header")
                continue
            defendant = _parse_row(row, today=today)
            if defendant is not None:
                if defendant.source_id in first_line:
                    row.problem(
                        "id",
                        defendant.source_id,
                        f"the same id is already on line {first_line[defendant.source_id]}",
                    )
                else:
                    first_line[defendant.source_id] = row.line
                    plan.defendants.append(defendant)
            if callable(progress):
                progress(plan.rows_read)
    except csv.Error as error:
        plan.problems.append(RowProblem(reader.line_num, "(file)", "", f"malformed CSV: {error}"))
    if plan.rows_read == 0 and not plan.problems:
        plan.problems.append(RowProblem(1, "(file)", "", "the file has no rows"))
    return plan


__all__ = [
    "CURRENCY",
    "IGNORED_COLUMNS",
    "REQUIRED_COLUMNS",
    "ChargePlan",
    "DefendantPlan",
    "Plan",
    "RowProblem",
    "parse_list",
    "read_defendants",
]
