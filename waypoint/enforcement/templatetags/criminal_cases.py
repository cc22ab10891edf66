"""Labels for the codes shown on criminal-case pages."""

from __future__ import annotations

from django import template

from waypoint.common.countries import country_name
from waypoint.enforcement.choices import (
    ProtectiveMeasure,
    RoleInProcess,
    SentenceMeasure,
    TypeOfExploitation,
)
from waypoint.people.choices import AgeBand, Gender

register = template.Library()

_LISTS = {
    "gender": dict(Gender.choices),
    "age_band": dict(AgeBand.choices),
    "form": dict(TypeOfExploitation.choices),
    "measure": dict(ProtectiveMeasure.choices),
    "role": dict(RoleInProcess.choices),
    "sentence_measure": dict(SentenceMeasure.choices),
}


@register.filter
def code_label(code: str, code_list: str) -> str:
    """The label of ``code`` in ``code_list`` (``gender``, ``age_band``, ``form``, ``measure``,
    ``role``, ``sentence_measure``, ``country``); the code itself when unknown."""
    if not code:
        return ""
    if code_list == "country":
        return country_name(code)
    return str(_LISTS.get(code_list, {}).get(code, code))


@register.filter
def yes_no_unknown(value: object) -> str:
    from django.utils.translation import gettext as _

    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    return _("not recorded")
