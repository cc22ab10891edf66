"""Forms for persons and consent. Each field is named after the service field it fills, so the
service's field errors appear beside the right field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.common import countries
from waypoint.people.choices import (
    AgeBand,
    ConsentGivenBy,
    ConsentPurpose,
    Gender,
    HighestLevelOfEducation,
    MaritalStatus,
)
from waypoint.people.services import IDENTIFYING_FIELDS

NOT_RECORDED = _("Not recorded")


def _optional(choices: Any) -> list[tuple[str, Any]]:
    return [("", NOT_RECORDED), *list(choices)]


class TriStateField(forms.TypedChoiceField):
    """Yes / no / not recorded: "not recorded" is kept apart from "no"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=[("", NOT_RECORDED), ("true", _("Yes")), ("false", _("No"))],
            coerce=lambda value: value == "true",
            empty_value=None,
            required=False,
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        if value is True:
            return "true"
        if value is False:
            return "false"
        return value if value is not None else ""


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    """Carries the version of the record the editor started from (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def expected_version(self) -> int | None:
        value = self.cleaned_data.get("version")
        return int(value) if value is not None else None


class PersonForm(VersionedForm):
    first_name = forms.CharField(label=_("First name"), required=False, max_length=500)
    middle_name = forms.CharField(label=_("Middle name"), required=False, max_length=500)
    second_name = forms.CharField(
        label=_("Second name"), required=False, max_length=500, help_text=_("Family name")
    )
    salutation = forms.CharField(label=_("Salutation"), required=False, max_length=500)
    title = forms.CharField(label=_("Title"), required=False, max_length=500)
    birthdate = forms.DateField(label=_("Date of birth"), required=False, widget=date_input())
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=_optional(Gender.choices))
    age_band = forms.ChoiceField(
        label=_("Age band at registration"),
        required=False,
        choices=_optional(AgeBand.choices),
        help_text=_("Worked out from the date of birth when that is given."),
    )
    is_age_uncertain = TriStateField(label=_("Age is uncertain"))
    citizenship = forms.MultipleChoiceField(
        label=_("Citizenship"),
        required=False,
        choices=countries.choices(include_unknown=True),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Choose one or more (hold Ctrl or ⌘ to choose several)."),
    )
    identity_number = forms.CharField(
        label=_("Identity or passport number"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    mobile_phone = forms.CharField(label=_("Mobile phone"), required=False, max_length=500)
    home_phone = forms.CharField(label=_("Home phone"), required=False, max_length=500)
    email = forms.CharField(label=_("E-mail"), required=False, max_length=500)
    mailing_street = forms.CharField(label=_("Street"), required=False, max_length=500)
    mailing_city = forms.CharField(label=_("City"), required=False, max_length=500)
    mailing_state = forms.CharField(label=_("State or province"), required=False, max_length=500)
    mailing_postal_code = forms.CharField(label=_("Postal code"), required=False, max_length=500)
    mailing_country = forms.ChoiceField(
        label=_("Country of address"),
        required=False,
        choices=_optional(countries.choices()),
    )
    is_deceased = TriStateField(label=_("Deceased"))
    marital_status = forms.ChoiceField(
        label=_("Marital status"), required=False, choices=_optional(MaritalStatus.choices)
    )
    number_of_children = forms.IntegerField(
        label=_("Number of children"),
        required=False,
        help_text=_("Leave empty when not known; 0 means no children."),
    )
    primary_language = forms.CharField(
        label=_("Primary language"),
        required=False,
        max_length=8,
        help_text=_("ISO 639 code, such as 'en', 'ar' or 'tgl'."),
    )
    secondary_language = forms.CharField(
        label=_("Secondary language"), required=False, max_length=8
    )
    highest_level_of_education = forms.ChoiceField(
        label=_("Highest level of education"),
        required=False,
        choices=_optional(HighestLevelOfEducation.choices),
    )

    IDENTIFYING = IDENTIFYING_FIELDS
    GROUPS = (
        (_("Name"), ("first_name", "middle_name", "second_name", "salutation", "title")),
        (
            _("Age, gender and citizenship"),
            ("birthdate", "age_band", "is_age_uncertain", "gender", "citizenship"),
        ),
        (_("Identity and contact"), ("identity_number", "mobile_phone", "home_phone", "email")),
        (
            _("Address"),
            (
                "mailing_street",
                "mailing_city",
                "mailing_state",
                "mailing_postal_code",
                "mailing_country",
            ),
        ),
        (
            _("Other details"),
            (
                "marital_status",
                "number_of_children",
                "primary_language",
                "secondary_language",
                "highest_level_of_education",
                "is_deceased",
            ),
        ),
    )

    def __init__(self, *args: Any, identifying: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not identifying:
            for name in IDENTIFYING_FIELDS:
                self.fields.pop(name, None)

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.GROUPS
        ]

    @staticmethod
    def initial_for(person: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(person, name)
            for name in PersonForm.base_fields
            if name not in ("version", "citizenship")
        }
        initial["citizenship"] = sorted(c.country for c in person.citizenships.all())
        initial["version"] = person.version
        return {
            key: ("" if value is None and key in IDENTIFYING_FIELDS else value)
            for key, value in initial.items()
        }

    def values(self, *, only_changed: bool = False) -> dict[str, Any]:
        """The service's values: empty text becomes "not recorded"."""
        names = [name for name in self.fields if name != "version"]
        if only_changed:
            names = [name for name in names if name in self.changed_data]
        values: dict[str, Any] = {}
        for name in names:
            value = self.cleaned_data.get(name)
            if name in IDENTIFYING_FIELDS and name != "birthdate":
                value = (value or "").strip() or None
            elif isinstance(self.fields[name], forms.ChoiceField) and not isinstance(
                self.fields[name], (forms.MultipleChoiceField, TriStateField)
            ):
                value = value or ""
            values[name] = value
        return values


class PersonSearchForm(forms.Form):
    """Exact search on identifying fields, through blind indexes (nothing partial)."""

    identity_number = forms.CharField(
        label=_("Identity number (exact)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    first_name = forms.CharField(
        label=_("First name (exact)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    second_name = forms.CharField(
        label=_("Second name (exact)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birthdate = forms.DateField(label=_("Date of birth"), required=False, widget=date_input())
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", _("Any")), *Gender.choices]
    )
    age_band = forms.ChoiceField(
        label=_("Age"), required=False, choices=[("", _("Any")), *AgeBand.choices]
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"), required=False, choices=[("", _("Any")), *countries.choices()]
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        names = [cleaned.get("first_name"), cleaned.get("second_name"), cleaned.get("birthdate")]
        if any(names) and not all(names):
            self.add_error(
                "birthdate",
                _("To search by name, give the first name, second name and date of birth."),
            )
        return cleaned

    def has_exact_terms(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("identity_number") or data.get("birthdate"))


class SameIndividualForm(forms.Form):
    same_as = forms.UUIDField(widget=forms.HiddenInput)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Consent to"), choices=ConsentPurpose.choices)
    is_given = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("true", _("Consent given")), ("false", _("Consent refused"))],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
    )
    shared_with: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation the data may be shared with"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        help_text=_("Only for consent to sharing."),
    )
    given_by = forms.ChoiceField(label=_("Given by"), choices=ConsentGivenBy.choices)
    language = forms.CharField(
        label=_("Language of the conversation"),
        required=False,
        max_length=8,
        help_text=_("ISO 639 code, such as 'en' or 'ar'."),
    )
    is_interpreter_present = forms.BooleanField(
        label=_("An interpreter or cultural mediator was present"), required=False
    )
    interpreter_name = forms.CharField(
        label=_("Interpreter or cultural mediator"), required=False, max_length=300
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].queryset = organisations  # type: ignore[attr-defined]


class ConsentWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the consent withdrawn?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
