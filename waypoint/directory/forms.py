from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.cases.choices import TypeOfExploitation
from waypoint.directory.choices import (
    DeclineReason,
    ServiceCodeField,
    ServiceReferralStatus,
    ServiceType,
)
from waypoint.directory.selectors import (
    REFERRAL_SORTS,
    SERVICE_SORTS,
    ReferralFilter,
    ServiceFilter,
)
from waypoint.people.choices import Gender

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ServiceFilterForm(forms.Form):
    search = forms.CharField(label=_("Search"), required=False, max_length=100)
    service_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any"))] + list(ServiceType.choices)
    )
    language = forms.CharField(
        label=_("Language"), required=False, max_length=3, help_text=_("ISO 639 code, e.g. en, ar")
    )
    area = forms.CharField(label=_("Area"), required=False, max_length=120)
    sex = forms.ChoiceField(
        label=_("Serves (sex or gender)"),
        required=False,
        choices=[("", _("Anyone"))] + list(Gender.choices),
    )
    age = forms.IntegerField(
        label=_("Age of the person"), required=False, min_value=0, max_value=120
    )
    exploitation_type = forms.ChoiceField(
        label=_("Form of exploitation"),
        required=False,
        choices=[("", _("Any"))] + list(TypeOfExploitation.choices),
    )
    has_free_places = forms.BooleanField(label=_("Free places now"), required=False)
    takes_urgent = forms.BooleanField(label=_("Takes urgent referrals (tonight)"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("-free", _("Most free places")),
            ("type", _("Type")),
            ("area", _("Area")),
            ("organisation", _("Organisation")),
        ],
    )

    def to_filter(self) -> ServiceFilter:
        data = self.cleaned_data
        return ServiceFilter(
            search=data.get("search") or "",
            service_type=data.get("service_type") or "",
            language=data.get("language") or "",
            area=data.get("area") or "",
            sex=data.get("sex") or "",
            age=data.get("age"),
            exploitation_type=data.get("exploitation_type") or "",
            has_free_places=bool(data.get("has_free_places")),
            takes_urgent=bool(data.get("takes_urgent")),
            sort=str(data.get("sort")) if data.get("sort") in SERVICE_SORTS else "name",
        )


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    service_type = forms.ChoiceField(label=_("Type"), choices=ServiceType.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=TEXTAREA, max_length=2000
    )
    area = forms.CharField(
        label=_("Area served"),
        required=False,
        max_length=120,
        help_text=_("A town or region. Never a shelter's address."),
    )
    contact_phone = forms.CharField(label=_("Phone for referrals"), required=False, max_length=40)
    contact_email = forms.EmailField(label=_("E-mail for referrals"), required=False)
    hours = forms.CharField(label=_("Opening hours"), required=False, max_length=200)
    is_open_all_hours = forms.BooleanField(label=_("Open 24 hours"), required=False)
    accepts_urgent = forms.BooleanField(label=_("Takes urgent referrals (tonight)"), required=False)
    min_age = forms.IntegerField(
        label=_("Youngest age served"), required=False, min_value=0, max_value=120
    )
    max_age = forms.IntegerField(
        label=_("Oldest age served"), required=False, min_value=0, max_value=120
    )
    capacity_total = forms.IntegerField(
        label=_("Places (beds)"),
        required=False,
        min_value=0,
        max_value=10000,
        help_text=_("Leave empty if the service does not count places."),
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        max_length=200,
        help_text=_("ISO 639 codes separated by spaces, e.g. en mt ar"),
    )
    sexes = forms.MultipleChoiceField(
        label=_("Serves only (leave empty for everyone)"),
        required=False,
        choices=Gender.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    exploitation_types = forms.MultipleChoiceField(
        label=_("Forms of exploitation served (leave empty for all)"),
        required=False,
        choices=TypeOfExploitation.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Listed in the directory"), required=False, initial=True)

    def values(self) -> dict:
        data = self.cleaned_data
        names = (
            "name",
            "service_type",
            "description",
            "area",
            "contact_phone",
            "contact_email",
            "hours",
            "is_open_all_hours",
            "accepts_urgent",
            "min_age",
            "max_age",
            "capacity_total",
            "is_active",
        )
        return {name: data.get(name) if data.get(name) != "" else "" for name in names}

    def codes(self) -> dict[str, list[str]]:
        data = self.cleaned_data
        return {
            ServiceCodeField.LANGUAGE: [
                code.lower() for code in (data.get("languages") or "").split()
            ],
            ServiceCodeField.SEX: list(data.get("sexes") or []),
            ServiceCodeField.EXPLOITATION_TYPE: list(data.get("exploitation_types") or []),
        }


class AvailabilityForm(forms.Form):
    capacity_available = forms.IntegerField(
        label=_("Places free now"), min_value=0, max_value=10000
    )


class ReferralFilterForm(forms.Form):
    search = forms.CharField(label=_("Reference or service"), required=False, max_length=100)
    direction = forms.ChoiceField(
        label=_("Direction"),
        required=False,
        choices=[
            ("", _("All I may see")),
            ("incoming", _("To my organisation's services")),
            ("outgoing", _("Made by my organisation")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any"))] + list(ServiceReferralStatus.choices),
    )
    urgent = forms.BooleanField(label=_("Urgent only"), required=False)
    overdue = forms.BooleanField(label=_("Answer overdue"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-created", _("Newest")),
            ("created", _("Oldest")),
            ("due", _("Answer due")),
            ("status", _("Status")),
            ("reference", _("Reference")),
        ],
    )

    def to_filter(self) -> ReferralFilter:
        data = self.cleaned_data
        return ReferralFilter(
            direction=data.get("direction") or "",
            status=data.get("status") or "",
            urgent=bool(data.get("urgent")),
            overdue=bool(data.get("overdue")),
            search=data.get("search") or "",
            sort=str(data.get("sort")) if data.get("sort") in REFERRAL_SORTS else "-created",
        )


class ServiceReferralForm(forms.Form):
    case_person = forms.ChoiceField(label=_("Person (case reference)"))
    needs = forms.CharField(
        label=_("What the person needs from this service"),
        help_text=_("Only what the provider needs to help: needs, language, access, arrival time."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    is_urgent = forms.BooleanField(label=_("Urgent: needed tonight"), required=False)

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_person"].choices = [("", _("Choose…")), *persons]


class ReferralStepForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    expected_status = forms.CharField(widget=forms.HiddenInput, required=False)
    decline_reason = forms.ChoiceField(
        label=_("Why"), required=False, choices=[("", _("Choose…"))] + list(DeclineReason.choices)
    )
    reason = forms.CharField(label=_("Note"), required=False, widget=TEXTAREA, max_length=2000)
