"""Reading query parameters that must have a shape (ids, dates): a bad one is a field error (400),
never an exception from the database layer."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from waypoint.common.errors import ValidationFailed


def _refuse(name: str, reason: str) -> ValidationFailed:
    return ValidationFailed(_("Some filters are not valid."), fields={name: [reason]})


def uuid_param(params: Mapping[str, str], name: str) -> str:
    """The id in ``name`` (canonical form), or "" when the parameter is absent or empty."""
    value = params.get(name) or ""
    if not value:
        return ""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise _refuse(name, _("An id as the API gives it (a UUID).")) from None


def date_param(params: Mapping[str, str], name: str) -> dt.date | None:
    """The date in ``name`` (YYYY-MM-DD), or None when the parameter is absent or empty."""
    value = params.get(name) or ""
    if not value:
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise _refuse(name, _("A date written YYYY-MM-DD."))
    return parsed


def int_param(params: Mapping[str, str], name: str, *, minimum: int, maximum: int) -> int | None:
    """The whole number in ``name`` within [minimum, maximum], or None when absent or empty."""
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not minimum <= number <= maximum:
        raise _refuse(
            name,
            _("A whole number from %(minimum)s to %(maximum)s.")
            % {"minimum": minimum, "maximum": maximum},
        )
    return number
