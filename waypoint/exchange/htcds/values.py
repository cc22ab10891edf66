"""Reading and writing single cell values of the HTCDS exchange shape.

Every kind of value has one parser (cell text → Python value, or a plain-language reason why not) and
one formatter (Python value → cell text). An empty cell is always "not recorded": ``None`` for a
single value, an empty set for a multi-valued field — never 0, never "No".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _

from waypoint.common import countries

MULTI_SEPARATOR = ";"
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "1.0"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "0.0"})
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_YEAR_BAND = re.compile(r"^(\d{4})(?:\s*-{1,2}\s*(\d{4}))?$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
_PLAIN_SIGNED = re.compile(r"^[+-][\d\s().,/-]*$")
_NORMALISE = re.compile(r"[^0-9a-z]")


class CellError(ValueError):
    """A cell value that cannot be accepted; the message says why, in plain language."""


class Kind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    CODE = "code"
    CODES = "codes"
    COUNTRY = "country"
    COUNTRIES = "countries"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    YEAR_BAND = "year_band"
    ORGANISATION = "organisation"
    USER = "user"
    LANGUAGE = "language"
    COORDINATE = "coordinate"
    REFERENCE = "reference"


MULTI_KINDS = frozenset({Kind.CODES, Kind.COUNTRIES})


def normalise_code(value: str) -> str:
    """Case-, space- and punctuation-insensitive form used to match codes, labels and aliases."""
    return _NORMALISE.sub("", value.casefold())


def looks_like_formula(value: str) -> bool:
    """True for a cell a spreadsheet would run as a formula (``=``, ``@``; ``+``/``-`` unless the
    rest is a plain number or phone number, which legitimately start with them)."""
    stripped = value.lstrip(" \t\r\n")
    if not stripped:
        return False
    if stripped[0] in "=@":
        return True
    if value[:1] in ("\t", "\r") and stripped[0] in "+-":
        return True
    return stripped[0] in "+-" and not _PLAIN_SIGNED.match(stripped)


@dataclass
class ParseContext:
    """What parsing needs beyond the cell: today, the organisations and users known by name."""

    today: dt.date
    organisations_by_name: Mapping[str, int] = field(default_factory=dict)
    organisation_names: Mapping[int, str] = field(default_factory=dict)
    users_by_name: Mapping[str, int] = field(default_factory=dict)
    user_names: Mapping[int, str] = field(default_factory=dict)
    space_separated: bool = False  # XLSForm select_multiple answers are separated by spaces


def split_multi(raw: str | Iterable[str] | None, *, space_separated: bool = False) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        pattern = r"[;\s]+" if space_separated else r";"
        return [part.strip() for part in re.split(pattern, raw) if part.strip()]
    return [str(part).strip() for part in raw if str(part).strip()]


def parse_date(text: str, *, today: dt.date, is_birthdate: bool = False) -> dt.date:
    match = _DATE.match(text)
    if not match:
        raise CellError(_("Write dates as YYYY-MM-DD (for example 2024-03-31)."))
    try:
        value = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as error:
        raise CellError(_("This date does not exist.")) from error
    if value > today:
        raise CellError(_("The date is in the future."))
    if is_birthdate and value.year < today.year - 120:
        raise CellError(_("The date of birth is more than 120 years ago."))
    if value.year < 1900:
        raise CellError(_("The date is before 1900."))
    return value


def parse_integer(text: str, *, minimum: int, maximum: int) -> int:
    try:
        number = float(text)
    except ValueError as error:
        raise CellError(_("Enter a whole number.")) from error
    if not number.is_integer():
        raise CellError(_("Enter a whole number."))
    if not minimum <= number <= maximum:
        raise CellError(
            _("Enter a whole number from %(minimum)s to %(maximum)s.")
            % {"minimum": minimum, "maximum": maximum}
        )
    return int(number)


def parse_boolean(text: str) -> bool:
    lowered = text.strip().casefold()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise CellError(_("Write TRUE or FALSE (or leave the cell empty when not recorded)."))


def parse_country(text: str) -> str:
    code = text.strip().upper()
    if code == countries.UNKNOWN or countries.is_country(code):
        return code
    raise CellError(_("Use an ISO 3166 two-letter country code (ZZ when the country is unknown)."))


def parse_year_band(text: str, *, today: dt.date) -> tuple[int, int]:
    match = _YEAR_BAND.match(text.strip())
    if not match:
        raise CellError(_("Write a year (2019) or a band of years (2014-2018)."))
    start = int(match[1])
    end = int(match[2] or match[1])
    if end < start:
        raise CellError(_("The band ends before it starts."))
    if start < 1950 or end > today.year:
        raise CellError(
            _("Years must lie between 1950 and %(year)s.") % {"year": today.year},
        )
    return start, end


def parse_coordinate(text: str, *, limit: float) -> str:
    try:
        number = float(text)
    except ValueError as error:
        raise CellError(_("Enter a decimal number such as 35.8989.")) from error
    if not -limit <= number <= limit:
        raise CellError(_("The number is out of range."))
    return text.strip()


def code_lookup(
    codes: Iterable[str], labels: Mapping[str, str], aliases: Mapping[str, str]
) -> dict[str, str]:
    """Normalised spelling → code, for the codes, their labels and the known aliases."""
    lookup: dict[str, str] = {}
    for code in codes:
        lookup[normalise_code(code)] = code
    for code, label in labels.items():
        lookup.setdefault(normalise_code(label), code)
    for alias, code in aliases.items():
        lookup[normalise_code(alias)] = code
    return lookup


def match_code(text: str, lookup: Mapping[str, str]) -> str:
    code = lookup.get(normalise_code(text))
    if code is None:
        raise CellError(_("%(value)s is not one of the allowed codes.") % {"value": text.strip()})
    return code


def format_value(kind: Kind, value: Any, context: ParseContext) -> str:
    """The cell text of a value (empty when not recorded)."""
    if value is None or value == "" or (kind in MULTI_KINDS and not value):
        return ""
    if kind in MULTI_KINDS:
        return MULTI_SEPARATOR.join(sorted(value))
    if kind is Kind.DATE:
        return str(value.isoformat())
    if kind is Kind.BOOLEAN:
        return "TRUE" if value else "FALSE"
    if kind is Kind.YEAR_BAND:
        start, end = value
        return str(start) if start == end else f"{start}-{end}"
    if kind is Kind.ORGANISATION:
        return context.organisation_names.get(value, "")
    if kind is Kind.USER:
        return context.user_names.get(value, "")
    return str(value)
