"""Forms of the case pages. Field names match the service arguments, so a service's field errors
appear beside the right field (``waypoint.common.forms.apply_domain_errors``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.cases.choices import (
    MULTI_VALUED_FIELDS,
    CaseStatus,
    ClosureReason,
    DocumentType,
    EventType,
    PersonRole,
    RelationshipToTrafficker,
    SupportPlanType,
    TaskStatus,
    TraffickingStatus,
    TraffickingStatusDecisionMakingOrg,
    TypeOfExploitation,
)
from waypoint.cases.htcds_fields import FIELD_LABELS
from waypoint.cases.selectors import SORTS, CaseFilter
from waypoint.common import countries
from waypoint.people.choices import AgeBand
from waypoint.people.forms import NOT_RECORDED, TriStateField, VersionedForm, date_input

SORT_CHOICES = [
    ("-opened", _("Newest first")),
    ("opened", _("Oldest first")),
    ("reference", _("Reference")),
    ("-reference", _("Reference, descending")),
    ("status", _("Status")),
    ("-updated", _("Recently changed")),
    ("updated", _("Least recently changed")),
]


def _optional(choices: Any) -> list[tuple[str, Any]]:
    return [("", NOT_RECORDED), *list(choices)]


class CaseFilterForm(forms.Form):
    search = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Case reference, organisation, or a code or its label (e.g. construction)"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *CaseStatus.choices]
    )
    organisation = forms.ChoiceField(label=_("Organisation"), required=False, choices=[])
    exploitation_type = forms.ChoiceField(
        label=_("Exploitation"),
        required=False,
        choices=[("", _("Any")), *TypeOfExploitation.choices],
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"), required=False, choices=[("", _("Any")), *countries.choices()]
    )
    age_band = forms.ChoiceField(
        label=_("Age"), required=False, choices=[("", _("Any")), *AgeBand.choices]
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
    birthdate = forms.DateField(label=_("Date of birth"), required=False, widget=date_input())
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", _("Any")),
            *[(str(org.public_id), org.name) for org in organisations],
        ]

    def clean(self) -> dict[str, Any]:
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
            organisation=organisation or data.get("organisation") or "",
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


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class CaseOpenForm(forms.Form):
    person = forms.UUIDField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role in the case"), choices=PersonRole.choices)
    opened_on = forms.DateField(
        label=_("Registered on"),
        required=False,
        widget=date_input(),
        help_text=_("Leave empty for today."),
    )
    case_owner = UserChoiceField(
        label=_("Responsible case worker"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Me"),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Stored encrypted. Write only what the case work needs."),
    )

    def __init__(self, *args: Any, users: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_owner"].queryset = users  # type: ignore[attr-defined]


class CaseEditForm(VersionedForm):
    opened_on = forms.DateField(label=_("Registered on"), widget=date_input())
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (CaseStatus.ACTIVE, CaseStatus.ACTIVE.label),
            (CaseStatus.FOLLOW_UP, CaseStatus.FOLLOW_UP.label),
        ],
        help_text=_("To close the case, use “Close the case”."),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class CaseAssignForm(forms.Form):
    case_owner = UserChoiceField(
        label=_("Responsible case worker"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Nobody"),
    )

    def __init__(self, *args: Any, users: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_owner"].queryset = users  # type: ignore[attr-defined]


class CaseTransferForm(forms.Form):
    to_organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Transfer to"), queryset=None, to_field_name="public_id"
    )
    reason = forms.CharField(
        label=_("Why is the case transferred?"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = organisations  # type: ignore[attr-defined]


class CaseCloseForm(VersionedForm):
    closure_reason = forms.ChoiceField(
        label=_("Reason for closing"), choices=[("", "—"), *ClosureReason.choices]
    )
    status = forms.ChoiceField(
        label=_("Closing status"),
        choices=[
            (CaseStatus.CLOSED, CaseStatus.CLOSED.label),
            (CaseStatus.CLOSED_REFERRED, CaseStatus.CLOSED_REFERRED.label),
        ],
        help_text=_("HTCDS cas_Status: “Closed Referred” when another organisation takes over."),
    )
    closed_on = forms.DateField(
        label=_("Closed on"), required=False, widget=date_input(), help_text=_("Empty: today.")
    )
    details = forms.CharField(
        label=_("Reason for case closure (details)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("HTCDS cas_ReasonForCaseClosure. Stored encrypted."),
    )


class CaseReopenForm(VersionedForm):
    reason = forms.CharField(
        label=_("Why is the case reopened?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CasePersonAddForm(forms.Form):
    person = forms.UUIDField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role in the case"), choices=PersonRole.choices)
    registered_on = forms.DateField(
        label=_("Registered in this case on"),
        required=False,
        widget=date_input(),
        help_text=_("Empty: today."),
    )


class OrganisationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({countries.country_name(obj.country)})" if obj.country else obj.name


VICTIM_FIELDS = (
    "registered_on",
    "trafficking_status",
    "trafficking_status_decision_making_org",
    "relationship_to_trafficker",
    "age_when_trafficked",
    "is_child_when_exploited",
    "location_of_recruitment",
    "country_of_recruitment",
    "location_of_exploitation",
    "country_of_exploitation",
)
PERPETRATOR_FIELDS = ("registered_on", "perpetrator_organisation", "perpetrator_role_details")


class ContextForm(VersionedForm):
    """The HTCDS victim (``vic_``) or perpetrator (``per_``) context of a person in a case."""

    registered_on = forms.DateField(
        label=_("Registered in this case on"), required=False, widget=date_input()
    )
    trafficking_status = forms.ChoiceField(
        label=FIELD_LABELS["vic_TraffickingStatus"],
        required=False,
        choices=_optional(TraffickingStatus.choices),
    )
    trafficking_status_decision_making_org = forms.ChoiceField(
        label=FIELD_LABELS["vic_TraffickingStatusDecisionMakingOrg"],
        required=False,
        choices=_optional(TraffickingStatusDecisionMakingOrg.choices),
    )
    relationship_to_trafficker = forms.ChoiceField(
        label=FIELD_LABELS["vic_RelationshipToTrafficker"],
        required=False,
        choices=_optional(RelationshipToTrafficker.choices),
    )
    age_when_trafficked = forms.IntegerField(
        label=FIELD_LABELS["vic_AgeWhenTrafficked"],
        required=False,
        help_text=_("Whole years. Leave empty when not known."),
    )
    is_child_when_exploited = TriStateField(label=_("Child when exploited"))
    location_of_recruitment = OrganisationChoiceField(
        label=FIELD_LABELS["vic_LocationOfRecruitment"],
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=NOT_RECORDED,
        help_text=_("A place known as an organisation (e.g. an agency or employer)."),
    )
    country_of_recruitment = forms.ChoiceField(
        label=_("Country of recruitment"),
        required=False,
        choices=_optional(countries.choices(include_unknown=True)),
        help_text=_("When the place is not an organisation, or in addition to it."),
    )
    location_of_exploitation = OrganisationChoiceField(
        label=FIELD_LABELS["vic_LocationOfExploitation"],
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=NOT_RECORDED,
    )
    country_of_exploitation = forms.ChoiceField(
        label=_("Country of exploitation"),
        required=False,
        choices=_optional(countries.choices(include_unknown=True)),
    )
    perpetrator_organisation = OrganisationChoiceField(
        label=_("Organisation (perpetrator)"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=NOT_RECORDED,
    )
    perpetrator_role_details = forms.CharField(
        label=FIELD_LABELS["per_RoleDetails"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted."),
    )

    def __init__(self, *args: Any, role: str, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (
            "location_of_recruitment",
            "location_of_exploitation",
            "perpetrator_organisation",
        ):
            self.fields[name].queryset = organisations  # type: ignore[attr-defined]
        if role == PersonRole.VICTIM:
            keep = set(VICTIM_FIELDS)
            code_fields = [name for name in MULTI_VALUED_FIELDS if name.startswith("vic_")]
        elif role == PersonRole.PERPETRATOR:
            keep = set(PERPETRATOR_FIELDS)
            code_fields = [name for name in MULTI_VALUED_FIELDS if name.startswith("per_")]
        else:
            keep = {"registered_on"}
            code_fields = []
        for name in list(self.fields):
            if name not in keep and name != "version":
                del self.fields[name]
        for name in code_fields:
            self.fields[name] = forms.MultipleChoiceField(
                label=FIELD_LABELS.get(name, name),
                required=False,
                choices=MULTI_VALUED_FIELDS[name].choices,
                widget=forms.CheckboxSelectMultiple,
                help_text=name,
            )
        self.code_fields = code_fields

    def value_fields(self) -> list[forms.BoundField]:
        return [
            self[name] for name in self.fields if name != "version" and name not in self.code_fields
        ]

    def code_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.code_fields]

    @staticmethod
    def initial_for(link: Any, codes: dict[str, list[str]]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(link, name) for name in set(VICTIM_FIELDS) | set(PERPETRATOR_FIELDS)
        }
        for name in (
            "location_of_recruitment",
            "location_of_exploitation",
            "perpetrator_organisation",
        ):
            organisation = getattr(link, name)
            initial[name] = organisation.public_id if organisation is not None else None
        initial.update({name: list(values) for name, values in codes.items()})
        for name in MULTI_VALUED_FIELDS:
            initial.setdefault(name, [])
        initial["version"] = link.version
        return initial

    def values_and_codes(self) -> tuple[dict[str, Any], dict[str, list[str]]]:
        values: dict[str, Any] = {}
        for name in self.fields:
            if name == "version" or name in self.code_fields:
                continue
            value = self.cleaned_data.get(name)
            if name == "perpetrator_role_details":
                value = (value or "").strip() or None
            values[name] = value
        codes = {name: list(self.cleaned_data.get(name) or []) for name in self.code_fields}
        return values, codes


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("New note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted. Other organisations see only their own notes."),
    )


class TaskForm(VersionedForm):
    title = forms.CharField(label=_("What needs doing"), max_length=300)
    due_on = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=date_input(),
        help_text=_("The person responsible is reminded the day before, and when it is overdue."),
    )
    assigned_to = UserChoiceField(
        label=_("Responsible"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Me"),
    )

    def __init__(self, *args: Any, users: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = users  # type: ignore[attr-defined]


class TaskStatusForm(VersionedForm):
    status = forms.ChoiceField(choices=TaskStatus.choices)


class CasePersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    show_names = False

    def label_from_instance(self, obj: Any) -> str:
        role = str(obj.get_role_display())
        return f"{role}: {obj.person.display_name}" if self.show_names else role


class _CasePersonMixin(forms.Form):
    def setup_persons(self, links: Any, show_names: bool) -> None:
        field = self.fields["case_person"]
        field.queryset = links  # type: ignore[attr-defined]
        field.show_names = show_names  # type: ignore[attr-defined]


class DocumentForm(_CasePersonMixin):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, Word, Excel, OpenDocument or plain text. Stored encrypted."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    document_type = forms.ChoiceField(
        label=_("Kind of document"), choices=[("", "—"), *DocumentType.choices]
    )
    case_person = CasePersonChoiceField(
        label=_("About"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("The whole case"),
    )


class SupportPlanForm(VersionedForm, _CasePersonMixin):
    plan_type = forms.ChoiceField(
        label=FIELD_LABELS["spl_Type"], choices=[("", "—"), *SupportPlanType.choices]
    )
    case_person = CasePersonChoiceField(
        label=_("For"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("The whole case"),
    )
    objectives = forms.CharField(
        label=FIELD_LABELS["spl_Objectives"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    action_plan = forms.CharField(
        label=FIELD_LABELS["spl_ActionPlan"],
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    planned_end_date = forms.DateField(
        label=FIELD_LABELS["spl_PlannedEndDate"], required=False, widget=date_input()
    )
    actual_end_date = forms.DateField(
        label=FIELD_LABELS["spl_ActualEndDate"], required=False, widget=date_input()
    )

    def values(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in self.fields if name != "version"}
        for name in ("objectives", "action_plan"):
            data[name] = (data[name] or "").strip() or None
        return data


class EventForm(_CasePersonMixin):
    event_type = forms.ChoiceField(
        label=FIELD_LABELS["hte_Type"], choices=[("", "—"), *EventType.choices]
    )
    event_date = forms.DateField(label=_("Date"), required=False, widget=date_input())
    case_person = CasePersonChoiceField(
        label=_("Person"),
        queryset=None,
        required=False,
        to_field_name="public_id",
        empty_label=_("Not a single person"),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=_optional(countries.choices(include_unknown=True)),
    )
    city = forms.CharField(label=_("City"), required=False, max_length=200)
    state = forms.CharField(label=_("State or province"), required=False, max_length=200)
    street = forms.CharField(label=_("Street"), required=False, max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), required=False, max_length=20)
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: self.cleaned_data.get(name) for name in self.fields}
        for name in ("city", "state", "street", "postal_code", "description"):
            data[name] = (data[name] or "").strip() or None
        data["country"] = data["country"] or ""
        return data


class TransferAnswerForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (needed to decline)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
