"""Helpers shared by the criminal-case services: references, dates, money, code lists."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from waypoint.common.errors import ValidationFailed

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CURRENCY = re.compile(r"^[A-Z]{3}$")
EARLIEST_YEAR = 1950
MAX_AMOUNT = Decimal("999999999999.99")
MAX_MONTHS = 20000  # life imprisonment is recorded as 1200 months or more by some sources
Errors = dict[str, list[str]]
M = TypeVar("M", bound=models.Model)


def new_reference(prefix: str) -> str:
    """A random, unguessable reference such as ``INV-7KQ2M3PX`` (never derived from a row id)."""
    return f"{prefix}-" + "".join(secrets.choice(_ALPHABET) for _index in range(8))


def create_with_reference(create: Callable[[str], M], prefix: str) -> M:
    """Create a row with a fresh reference, retrying on the (unlikely) collision."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return create(new_reference(prefix))
        except IntegrityError:
            continue
    raise ValidationFailed(_("No free reference could be found; try again."))


def add_error(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def check_past_date(
    errors: Errors, name: str, value: Any, *, today: dt.date, required: bool = False
) -> None:
    """A date that has happened: not in the future, not before 1950."""
    if value is None:
        if required:
            add_error(errors, name, _("Enter the date."))
        return
    if not isinstance(value, dt.date):
        add_error(errors, name, _("Enter a date as YYYY-MM-DD."))
    elif value > today:
        add_error(errors, name, _("The date is in the future."))
    elif value.year < EARLIEST_YEAR:
        add_error(errors, name, _("The date is before 1950."))


def check_not_before(
    errors: Errors, name: str, value: dt.date | None, earlier: dt.date | None, message: str
) -> None:
    if value is not None and earlier is not None and value < earlier:
        add_error(errors, name, message)


def check_codes(
    errors: Errors, name: str, values: Iterable[str], allowed: Iterable[str]
) -> set[str]:
    wanted = {value for value in values if value}
    unknown = sorted(wanted - set(allowed))
    if unknown:
        add_error(errors, name, _("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    return wanted - set(unknown)


def check_choice(errors: Errors, name: str, value: Any, allowed: Iterable[str]) -> None:
    if value not in ("", None) and value not in set(allowed):
        add_error(errors, name, _("%(value)s is not a known code.") % {"value": value})


def check_amount(errors: Errors, name: str, value: Any, *, required: bool = True) -> Decimal | None:
    if value in (None, ""):
        if required:
            add_error(errors, name, _("Enter an amount."))
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        add_error(errors, name, _("Enter an amount such as 1500.00."))
        return None
    if not amount.is_finite() or amount <= 0:
        add_error(errors, name, _("Enter an amount greater than zero."))
        return None
    if amount > MAX_AMOUNT or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        add_error(errors, name, _("At most 12 digits and 2 decimals."))
        return None
    return amount


def check_currency(errors: Errors, name: str, value: str) -> None:
    if not _CURRENCY.match(value or ""):
        add_error(errors, name, _("Use an ISO 4217 currency code such as EUR, MYR or USD."))


def check_text(errors: Errors, name: str, value: str | None, limit: int) -> None:
    if value and len(value) > limit:
        add_error(errors, name, _("At most %(count)s characters.") % {"count": limit})


def raise_if(errors: Errors, message: str) -> None:
    if errors:
        raise ValidationFailed(message, fields=errors)
