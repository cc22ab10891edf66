"""One row of the exchange shape (one person in one case), read and checked on its own.

``parse_row`` turns the raw cells of a row (already keyed by canonical field name) into typed values,
or names every cell it cannot accept and why. Checks that need other rows (duplicates, rows of one
case that disagree) and the database (records that moved to another organisation) come later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from waypoint.cases.choices import CLOSED_STATUSES, PersonRole
from waypoint.common import countries
from waypoint.exchange.htcds.schema import FIELDS_BY_NAME, FieldSpec, Level
from waypoint.exchange.htcds.values import (
    CellError,
    Kind,
    ParseContext,
    looks_like_formula,
    match_code,
    parse_boolean,
    parse_coordinate,
    parse_country,
    parse_date,
    parse_integer,
    parse_year_band,
    split_multi,
)
from waypoint.people.choices import age_band_for

MAX_TEXT = 500
MAX_LONG_TEXT = 5000
MAX_REFERENCE = 100
NOT_SHOWN = "(identifying value not shown)"
RawValue = str | list[str] | None


@dataclass
class ParsedRow:
    number: int
    where: str
    present: frozenset[str]
    values: dict[str, Any] = field(default_factory=dict)
    warnings: list[tuple[str, str, str]] = field(default_factory=list)  # field, value, reason

    @property
    def role(self) -> str:
        return str(self.values.get("ext_Role") or PersonRole.VICTIM)

    @property
    def source_record_id(self) -> str:
        return str(self.values.get("ext_SourceRecordId") or "")

    @property
    def case_key(self) -> str:
        return str(self.values.get("ext_CaseReference") or "")

    @property
    def person_key(self) -> str:
        return str(self.values.get("ext_PersonReference") or "")

    def given(self, level: Level) -> dict[str, Any]:
        """Values of the present fields of one level."""
        return {
            name: self.values.get(name)
            for name in self.present
            if FIELDS_BY_NAME[name].level is level
        }


@dataclass
class RowProblem:
    field: str
    value: str
    reason: str


def shown(spec: FieldSpec | None, value: RawValue) -> str:
    """The value as quoted in a report: identifying values are never repeated there."""
    if spec is not None and spec.identifying and value:
        return NOT_SHOWN
    if isinstance(value, list):
        return ";".join(value)
    return value or ""


def unescape(text: str) -> str:
    """Undo the apostrophe Waypoint's own exports put before formula-like cells."""
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return text[1:]
    return text


def parse_value(spec: FieldSpec, raw: RawValue, context: ParseContext) -> Any:
    """The typed value of one cell (``None`` or an empty set when empty), or ``CellError``."""
    if not raw:
        return frozenset() if spec.is_multi else None
    if spec.is_multi:
        parts = split_multi(raw, space_separated=context.space_separated)
        if spec.kind is Kind.COUNTRIES:
            return frozenset(parse_country(part) for part in parts)
        return frozenset(_parse_code(spec, part) for part in parts)
    if isinstance(raw, list):
        raise CellError(_("This field takes one value, not a list."))
    text = (raw or "").strip()
    if not text:
        return None
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.REFERENCE):
        limit = {Kind.TEXT: MAX_TEXT, Kind.LONG_TEXT: MAX_LONG_TEXT}.get(kind, MAX_REFERENCE)
        if len(text) > limit:
            raise CellError(_("At most %(count)s characters.") % {"count": limit})
        return text
    if kind is Kind.DATE:
        return parse_date(text, today=context.today, is_birthdate=spec.name == "prs_Birthdate")
    if kind is Kind.CODE:
        return _parse_code(spec, text)
    if kind is Kind.COUNTRY:
        return parse_country(text)
    if kind is Kind.INTEGER:
        return parse_integer(text, minimum=spec.minimum, maximum=spec.maximum)
    if kind is Kind.BOOLEAN:
        value = parse_boolean(text)
        if spec.name == "ext_Deidentified":
            # Only "de-identified" is a fact worth recording; FALSE is the same as empty.
            return True if value else None
        return value
    if kind is Kind.YEAR_BAND:
        return parse_year_band(text, today=context.today)
    if kind is Kind.LANGUAGE:
        if not text.isascii() or not 2 <= len(text) <= 3 or not text.isalpha():
            raise CellError(_("Use an ISO 639 language code such as 'en' or 'ara'."))
        return text.lower()
    if kind is Kind.COORDINATE:
        return parse_coordinate(text, limit=spec.maximum)
    if kind is Kind.ORGANISATION:
        organisation = context.organisations_by_name.get(" ".join(text.casefold().split()))
        if organisation is None:
            raise CellError(
                _(
                    "No organisation in Waypoint is called “%(name)s”. Add it first, or leave the cell empty."
                )
                % {"name": text}
            )
        return organisation
    if kind is Kind.USER:
        return context.users_by_name.get(text.casefold())
    raise CellError(_("This field cannot be imported."))  # pragma: no cover - every kind handled


def _parse_code(spec: FieldSpec, text: str) -> str:
    if spec.name == "ext_KnownAbsent":
        name, _equals, code = text.partition("=")
        target = FIELDS_BY_NAME.get(name.strip())
        if target is None or target.kind is not Kind.CODES or not name.startswith("vic_"):
            raise CellError(_("Write field=code, for example vic_TypeOfExploitation=ForcedLabour."))
        return f"{target.name}={match_code(code, target.lookup)}"
    return match_code(text, spec.lookup)


def parse_row(
    cells: Mapping[str, RawValue], *, number: int, where: str, context: ParseContext
) -> tuple[ParsedRow, list[RowProblem]]:
    """Typed values of a row and every problem with it (the row is rejected when there is one)."""
    row = ParsedRow(number=number, where=where, present=frozenset(cells))
    problems: list[RowProblem] = []
    for name, cell in cells.items():
        spec = FIELDS_BY_NAME[name]
        raw = unescape(cell) if isinstance(cell, str) else cell
        if isinstance(raw, str) and looks_like_formula(raw):
            problems.append(
                RowProblem(
                    name,
                    shown(spec, raw),
                    _(
                        "The cell looks like a spreadsheet formula; formulas are refused. Type the value itself."
                    ),
                )
            )
            continue
        try:
            row.values[name] = parse_value(spec, raw, context)
        except CellError as error:
            problems.append(RowProblem(name, shown(spec, raw), str(error)))
        if spec.kind is Kind.USER and raw and row.values.get(name) is None:
            row.warnings.append(
                (
                    name,
                    shown(spec, raw),
                    _(
                        "No case worker of your organisation has this user name; the case is left unassigned."
                    ),
                )
            )
    if not problems:
        problems.extend(_row_rules(row, context))
    return row, problems


def _row_rules(row: ParsedRow, context: ParseContext) -> list[RowProblem]:
    """Rules across the cells of one row."""
    problems: list[RowProblem] = []
    values = row.values
    role = row.role
    for name in row.present:
        spec = FIELDS_BY_NAME[name]
        value = values.get(name)
        if spec.roles is not None and value and role not in spec.roles:
            belongs = _("victim") if PersonRole.VICTIM in spec.roles else _("perpetrator")
            problems.append(
                RowProblem(
                    name,
                    shown(spec, _as_text(value)),
                    _(
                        "This field belongs to the %(context)s context, but the row's role is %(role)s."
                    )
                    % {"context": belongs, "role": role},
                )
            )
    if values.get("ext_KnownAbsent"):
        for entry in values["ext_KnownAbsent"]:
            field_name, _equals, code = entry.partition("=")
            if code in (values.get(field_name) or ()):
                problems.append(
                    RowProblem("ext_KnownAbsent", entry, _("The code is also recorded as present."))
                )
    if values.get("ext_Deidentified"):
        for name in row.present:
            spec = FIELDS_BY_NAME[name]
            if spec.identifying and spec.level is Level.PERSON and values.get(name):
                problems.append(
                    RowProblem(
                        name,
                        shown(spec, "x"),
                        _("A de-identified record cannot hold names, dates of birth or contacts."),
                    )
                )
    if values.get("vic_TraffickingStatus") and not values.get(
        "vic_TraffickingStatusDecisionMakingOrg"
    ):
        problems.append(
            RowProblem(
                "vic_TraffickingStatusDecisionMakingOrg",
                "",
                _("Say which kind of organisation decided the trafficking status."),
            )
        )
    status = values.get("cas_Status")
    closed_on, opened_on = values.get("ext_ClosedOn"), values.get("ext_OpenedOn")
    if closed_on and status not in CLOSED_STATUSES:
        problems.append(
            RowProblem(
                "ext_ClosedOn", closed_on.isoformat(), _("Only a closed case has a closing date.")
            )
        )
    if closed_on and opened_on and closed_on < opened_on:
        problems.append(
            RowProblem(
                "ext_ClosedOn",
                closed_on.isoformat(),
                _("A case cannot close before it was opened."),
            )
        )
    if values.get("ext_ClosureReason") and status not in CLOSED_STATUSES:
        problems.append(
            RowProblem(
                "ext_ClosureReason",
                values["ext_ClosureReason"],
                _("Only a closed case has a closure reason."),
            )
        )
    if status in CLOSED_STATUSES and not values.get("ext_ClosureReason"):
        row.warnings.append(
            (
                "ext_ClosureReason",
                "",
                _("The case is closed without a coded closure reason; “Other” is recorded."),
            )
        )
    registered, band = values.get("ext_RegisteredOn"), values.get("ext_RegistrationYear")
    if registered and band and not band[0] <= registered.year <= band[1]:
        problems.append(
            RowProblem(
                "ext_RegistrationYear",
                _as_text(band),
                _("The registration date is outside this band of years."),
            )
        )
    if values.get("prs_MailingCountry") == countries.UNKNOWN:
        problems.append(
            RowProblem(
                "prs_MailingCountry",
                countries.UNKNOWN,
                _("Leave the cell empty when the country is not known."),
            )
        )
    birthdate = values.get("prs_Birthdate")
    if birthdate and "ext_AgeBand" not in row.present:
        # As when a person is recorded by hand: the band follows the date of birth.
        years = row_age(birthdate, today=context.today)
        values["ext_AgeBand"] = age_band_for(years).value
        row.present = row.present | {"ext_AgeBand"}
    return problems


def row_age(birthdate: Any, *, today: Any) -> int:
    return int(
        today.year - birthdate.year - ((today.month, today.day) < (birthdate.month, birthdate.day))
    )


def _as_text(value: Any) -> str:
    if isinstance(value, frozenset | set):
        return ";".join(sorted(value))
    if isinstance(value, tuple):
        return f"{value[0]}-{value[1]}" if value[0] != value[1] else str(value[0])
    return "" if value is None else str(value)
