from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.cases.choices import CaseStatus, TypeOfExploitation
from waypoint.cases.selectors import SORTS, CaseFilter
from waypoint.common import countries
from waypoint.people.choices import AgeBand


class CaseFilterForm(forms.Form):
    search = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Case reference, organisation or code"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + list(CaseStatus.choices)
    )
    exploitation_type = forms.ChoiceField(
        label=_("Exploitation"),
        required=False,
        choices=[("", _("Any"))] + list(TypeOfExploitation.choices),
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"), required=False, choices=[("", _("Any")), *countries.choices()]
    )
    age_band = forms.ChoiceField(
        label=_("Age"), required=False, choices=[("", _("Any"))] + list(AgeBand.choices)
    )
    assigned_to_me = forms.BooleanField(label=_("Assigned to me"), required=False)
    overdue_tasks = forms.BooleanField(label=_("With overdue tasks"), required=False)
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
    birthdate = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-opened", _("Newest first")),
            ("opened", _("Oldest first")),
            ("reference", _("Reference")),
            ("status", _("Status")),
            ("-updated", _("Recently changed")),
        ],
    )

    def clean(self):
        cleaned = super().clean() or {}
        names = [cleaned.get("first_name"), cleaned.get("second_name"), cleaned.get("birthdate")]
        if any(names) and not all(names):
            self.add_error(
                "birthdate",
                _("To search by name, give the first name, second name and date of birth."),
            )
        return cleaned

    def to_filter(self, *, organisation: str = "") -> CaseFilter:
        data = self.cleaned_data
        return CaseFilter(
            status=data.get("status") or "",
            organisation=organisation,
            exploitation_type=data.get("exploitation_type") or "",
            nationality=data.get("nationality") or "",
            age_band=data.get("age_band") or "",
            assigned_to_me=bool(data.get("assigned_to_me")),
            overdue_tasks=bool(data.get("overdue_tasks")),
            search=data.get("search") or "",
            identity_number=data.get("identity_number") or "",
            first_name=data.get("first_name") or "",
            second_name=data.get("second_name") or "",
            birthdate=data.get("birthdate"),
            sort=str(data.get("sort")) if data.get("sort") in SORTS else "-opened",
        )


class TransferAnswerForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (needed to decline)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
