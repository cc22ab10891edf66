"""Widgets and small forms shared by the pages of national coordination."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(
    label, *, required: bool = True, help_text: str | _StrPromise = ""
) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


def amount_field(label, *, help_text: str | _StrPromise = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text=help_text or _("Leave blank when not recorded (blank is not zero)."),
    )


def count_field(label, *, help_text: str | _StrPromise = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class VersionedForm(forms.Form):
    """Carries the version the editor started from, so a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_(
            "PDF, Word, Excel, OpenDocument, PNG, JPEG, text or CSV. It is encrypted when stored."
        ),
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("to_field_name", "public_id")
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj):
        return obj.name


class OrganisationsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple(attrs={"class": "choice-list"})

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("to_field_name", "public_id")
        kwargs.setdefault("required", False)
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj):
        return obj.name


def split_codes(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip())
