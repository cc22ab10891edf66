"""Helpers shared by the case and person pages: service errors beside fields, stale saves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from waypoint.common.errors import DomainError
from waypoint.common.forms import apply_domain_errors


def show_errors(form: forms.Form, error: DomainError) -> None:
    """Put a service's field errors beside the fields (and its message on top)."""
    apply_domain_errors(form, error.fields, error.message)


def display_value(field: forms.Field, value: Any) -> str:
    if value in (None, "", []):
        return _("not recorded")
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): str(label) for key, label in getattr(field, "choices", [])}
        if isinstance(value, list | tuple):
            return ", ".join(labels.get(str(item), str(item)) for item in value)
        if value is True:
            return labels.get("true", _("Yes"))
        if value is False:
            return labels.get("false", _("No"))
        return labels.get(str(value), str(value))
    if isinstance(field, forms.ModelChoiceField):
        for key, label in getattr(field, "choices", []):
            if str(getattr(key, "value", key)) == str(value):
                return str(label)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def keep_input_after_conflict(
    form: forms.Form, *, current_version: int, current: dict[str, Any]
) -> list[tuple[str, str]]:
    """After a stale save: keep everything the person typed, move the form to the current
    version, explain, and return the saved values that differ from theirs (label, value)."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data["version"] = str(current_version)
    form.data = data
    form.add_error(
        None,
        _(
            "Someone else saved this record after you opened it, so nothing was saved. What you "
            "typed is still in the form. Compare it with the values saved now (listed above the "
            "form), then save again to keep yours."
        ),
    )
    cleaned = getattr(form, "cleaned_data", {})
    differences = []
    for name, field in form.fields.items():
        if name == "version" or name not in current:
            continue
        mine = cleaned.get(name, form.data.get(name))
        saved = current[name]
        mine = getattr(mine, "public_id", mine)
        if isinstance(mine, list | tuple) and isinstance(saved, list | tuple):
            if sorted(map(str, mine)) == sorted(map(str, saved)):
                continue
        elif str(mine if mine is not None else "") == str(saved if saved is not None else ""):
            continue
        differences.append((str(field.label or name), display_value(field, saved)))
    return differences


def is_htmx(request: Any) -> bool:
    return request.headers.get("HX-Request") == "true"
