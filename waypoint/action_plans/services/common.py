"""Validation helpers shared by the services of national coordination."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from waypoint.common.errors import ValidationFailed

Errors = dict[str, list[str]]
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
MAX_AMOUNT = Decimal("999999999999.99")


def add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def raise_if(errors: Errors, message: str) -> None:
    if errors:
        raise ValidationFailed(message, fields=errors)


def check_text(
    errors: Errors, field: str, value: str, *, max_length: int, required: bool = True
) -> str:
    text = (value or "").strip()
    if required and not text:
        add(errors, field, _("This field is required."))
    elif len(text) > max_length:
        add(
            errors,
            field,
            _("At most %(count)s characters (this has %(length)s).")
            % {"count": max_length, "length": len(text)},
        )
    return text


def check_choice(errors: Errors, field: str, value: str, choices: Iterable[str]) -> None:
    allowed = list(choices)
    if value not in allowed:
        add(
            errors,
            field,
            _("Unknown value %(value)s. Use one of: %(choices)s.")
            % {"value": value, "choices": ", ".join(allowed)},
        )


def check_choices(
    errors: Errors, field: str, values: Iterable[str], choices: Iterable[str]
) -> None:
    allowed = set(choices)
    unknown = sorted(set(values) - allowed)
    if unknown:
        add(
            errors,
            field,
            _("Unknown values: %(values)s. Use any of: %(choices)s.")
            % {"values": ", ".join(unknown), "choices": ", ".join(sorted(allowed))},
        )


def check_currency(errors: Errors, field: str, value: str) -> str:
    code = (value or "").strip().upper()
    if not _CURRENCY.match(code):
        add(errors, field, _("Use a three-letter ISO 4217 currency code, such as EUR or MYR."))
    return code


def check_languages(errors: Errors, field: str, values: Iterable[str]) -> list[str]:
    codes = [value.strip().lower() for value in values if value.strip()]
    wrong = [code for code in codes if not _LANGUAGE.match(code)]
    if wrong:
        add(
            errors,
            field,
            _("Use ISO 639 language codes such as en, mt, ms or ar (not %(values)s).")
            % {"values": ", ".join(wrong)},
        )
    return sorted(set(codes))


def check_amount(errors: Errors, field: str, value: Decimal | None) -> None:
    if value is None:
        return
    if value < 0:
        add(errors, field, _("An amount cannot be negative."))
    elif value > MAX_AMOUNT:
        add(errors, field, _("This amount is too large."))


def check_count(errors: Errors, field: str, value: int | None) -> None:
    if value is not None and value < 0:
        add(errors, field, _("A count cannot be negative."))


def check_dates(
    errors: Errors,
    start: dt.date | None,
    end: dt.date | None,
    *,
    end_field: str,
    message: str | None = None,
) -> None:
    if start is not None and end is not None and end < start:
        add(errors, end_field, message or _("The end is before the start."))
