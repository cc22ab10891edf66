"""Forms of the criminal-case pages. They parse input; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Organisation, User
from waypoint.common import countries
from waypoint.enforcement.choices import (
    AppealOutcome,
    Appellant,
    ClosureReason,
    CompensationKind,
    HearingOutcome,
    HearingType,
    InvestigationStatus,
    OfficialAgencyType,
    ProsecutionStatus,
    ProtectiveMeasure,
    RoleInProcess,
    SentenceMeasure,
    SharedFact,
    TypeOfExploitation,
    VerdictOutcome,
)
from waypoint.enforcement.models import Appeal, Statute, Suspect
from waypoint.enforcement.selectors import SORTS, CriminalCaseFilter
from waypoint.people.choices import AgeBand, Gender

ANY = ("", _("Any"))
# The currency courts of the deployment's country use (a default the person may change).
CURRENCIES = {"MT": "EUR", "MY": "MYR"}


def default_currency() -> str:
    from django.conf import settings

    return CURRENCIES.get(settings.WAYPOINT_COUNTRY, "")


NONE = ("", _("Not recorded"))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"


def date_field(label, *, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


class TristateSelect(forms.NullBooleanSelect):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", _("Not recorded")), ("true", _("Yes")), ("false", _("No"))]


def tristate(label):
    """Yes, no, or not recorded (blank is never "no")."""
    return forms.NullBooleanField(label=label, required=False, widget=TristateSelect())


def checkboxes(label, choices, *, required=False, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.CheckboxSelectMultiple(),
        help_text=help_text,
    )


class CriminalCaseFilterForm(forms.Form):
    search = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Reference, file number, witness code or statute"),
    )
    status = forms.ChoiceField(
        label=_("Investigation"), required=False, choices=[ANY, *InvestigationStatus.choices]
    )
    prosecution_status = forms.ChoiceField(
        label=_("Prosecution"), required=False, choices=[ANY, *ProsecutionStatus.choices]
    )
    agency = forms.ChoiceField(label=_("Investigating agency"), required=False)
    statute = forms.ChoiceField(label=_("Statute"), required=False)
    exploitation_form = forms.ChoiceField(
        label=_("Form of exploitation"), required=False, choices=[ANY, *TypeOfExploitation.choices]
    )
    opened_from = date_field(_("Opened from"), required=False)
    opened_to = date_field(_("Opened until"), required=False)
    charged_from = date_field(_("Charged from"), required=False)
    charged_to = date_field(_("Charged until"), required=False)
    complicity = forms.BooleanField(label=_("Public officials suspected"), required=False)
    official_agency_type = forms.ChoiceField(
        label=_("Officials' agency"), required=False, choices=[ANY, *OfficialAgencyType.choices]
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

    def __init__(self, *args, agencies=(), statutes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [ANY] + [(str(o.public_id), o.name) for o in agencies]
        self.fields["statute"].choices = [ANY] + [
            (str(s.public_id), f"{s.country} · {s.instrument} {s.code}") for s in statutes
        ]

    def to_filter(self) -> CriminalCaseFilter:
        data = self.cleaned_data
        return CriminalCaseFilter(
            status=data.get("status") or "",
            prosecution_status=data.get("prosecution_status") or "",
            agency=data.get("agency") or "",
            statute=data.get("statute") or "",
            exploitation_form=data.get("exploitation_form") or "",
            opened_from=data.get("opened_from"),
            opened_to=data.get("opened_to"),
            charged_from=data.get("charged_from"),
            charged_to=data.get("charged_to"),
            complicity=bool(data.get("complicity")),
            official_agency_type=data.get("official_agency_type") or "",
            search=data.get("search") or "",
            sort=str(data.get("sort")) if data.get("sort") in SORTS else "-opened",
        )


class InvestigationForm(forms.Form):
    opened_on = date_field(_("Opened on"))
    external_reference = forms.CharField(
        label=_("Agency file number"), required=False, max_length=60
    )
    exploitation_forms = checkboxes(_("Forms of exploitation"), TypeOfExploitation.choices)
    offences = forms.ModelMultipleChoiceField(
        to_field_name="public_id",
        label=_("Offences investigated"),
        queryset=Statute.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(),
    )
    lead_investigator = forms.ModelChoiceField(
        to_field_name="public_id",
        label=_("Lead investigator"),
        queryset=User.objects.none(),
        required=False,
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept encrypted. Never write a victim's name here: use witness codes."),
    )

    def __init__(self, *args, statutes=None, investigators=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offences"].queryset = statutes
        self.fields["offences"].label_from_instance = lambda s: f"{s.code} — {s.short_title}"
        self.fields["lead_investigator"].queryset = investigators
        self.fields["lead_investigator"].label_from_instance = lambda u: u.display_name


class CloseForm(forms.Form):
    closure_reason = forms.ChoiceField(
        label=_("Why does it close?"), choices=[("", "—"), *ClosureReason.choices]
    )
    closed_on = date_field(_("Closed on"))


class HandoverForm(forms.Form):
    organisation = forms.ModelChoiceField(
        to_field_name="public_id",
        label=_("Prosecution service"),
        queryset=Organisation.objects.none(),
    )
    handed_on = date_field(_("Handed over on"))

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = services


class SuspectForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), required=False, max_length=200)
    second_name = forms.CharField(label=_("Second name"), required=False, max_length=200)
    birthdate = date_field(_("Date of birth"), required=False)
    identity_number = forms.CharField(
        label=_("Identity or passport number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=[NONE, *Gender.choices])
    age_band = forms.ChoiceField(
        label=_("Age band"),
        required=False,
        choices=[NONE, *AgeBand.choices],
        help_text=_("Derived from the date of birth when one is given."),
    )
    citizenship = forms.ChoiceField(
        label=_("Citizenship"),
        required=False,
        choices=[NONE, *countries.choices(include_unknown=True)],
    )
    roles = checkboxes(_("Role in the trafficking process"), RoleInProcess.choices)
    role_details = forms.CharField(
        label=_("Role details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    identified_on = date_field(_("Suspected since"), required=False)
    arrested_on = date_field(_("Arrested on"), required=False)
    is_public_official = tristate(_("Public official suspected of complicity"))
    official_agency_type = forms.ChoiceField(
        label=_("Official's agency"),
        required=False,
        choices=[("", "—"), *OfficialAgencyType.choices],
    )

    PERSON_FIELDS = (
        "first_name",
        "second_name",
        "birthdate",
        "identity_number",
        "gender",
        "age_band",
    )
    CONTEXT_FIELDS = (
        "identified_on",
        "arrested_on",
        "role_details",
        "is_public_official",
        "official_agency_type",
    )

    def person_values(self) -> dict:
        data = self.cleaned_data
        values = {name: data.get(name) or None for name in self.PERSON_FIELDS}
        values["gender"] = data.get("gender") or ""
        values["age_band"] = data.get("age_band") or ""
        values["citizenship"] = [data["citizenship"]] if data.get("citizenship") else []
        return values

    def context_values(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in self.CONTEXT_FIELDS} | {
            "role_details": data.get("role_details") or "",
            "official_agency_type": data.get("official_agency_type") or "",
        }


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name or working name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class GroupMemberForm(forms.Form):
    suspect = forms.ModelChoiceField(
        to_field_name="public_id", label=_("Suspect"), queryset=Suspect.objects.none()
    )

    def __init__(self, *args, suspects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suspect"].queryset = suspects
        self.fields["suspect"].label_from_instance = lambda s: (
            f"{s.person.display_name} ({s.investigation.reference})"
        )


class ProceedingsForm(forms.Form):
    is_cooperating = tristate(_("Cooperating with the investigation"))
    has_testified = tristate(_("Testified"))
    was_penalised = tristate(_("Penalised for acts they were compelled to commit"))
    protective_measures = checkboxes(_("Protective measures used"), ProtectiveMeasure.choices)


class ProsecutionForm(forms.Form):
    filed_on = date_field(_("Proceedings started on"))
    court = forms.ModelChoiceField(
        to_field_name="public_id",
        label=_("Court"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    court_case_number = forms.CharField(label=_("Court case number"), required=False, max_length=60)
    lead_prosecutor = forms.ModelChoiceField(
        to_field_name="public_id",
        label=_("Lead prosecutor"),
        queryset=User.objects.none(),
        required=False,
    )

    def __init__(self, *args, courts=None, prosecutors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts
        self.fields["lead_prosecutor"].queryset = prosecutors
        self.fields["lead_prosecutor"].label_from_instance = lambda u: u.display_name


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    concluded_on = date_field(
        _("Ended on"), required=False, help_text=_("For 'Concluded' or 'Discontinued'.")
    )

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, ProsecutionStatus(s).label) for s in states]


class DefendantForm(forms.Form):
    suspect = forms.ModelChoiceField(
        to_field_name="public_id",
        label=_("Suspect brought before the court"),
        queryset=Suspect.objects.none(),
    )

    def __init__(self, *args, suspects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suspect"].queryset = suspects
        self.fields["suspect"].label_from_instance = lambda s: s.person.display_name


class ChargeForm(forms.Form):
    statute = forms.ModelChoiceField(
        to_field_name="public_id", label=_("Statute"), queryset=Statute.objects.none()
    )
    charged_on = date_field(_("Charged on"))
    counts = forms.IntegerField(label=_("Counts"), required=False, min_value=1, max_value=999)

    def __init__(self, *args, statutes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statute"].queryset = statutes
        self.fields["statute"].label_from_instance = lambda s: (
            f"{s.country} · {s.instrument} {s.code} — {s.short_title}"
        )


class VerdictForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *VerdictOutcome.choices])
    decided_on = date_field(_("Decided on"))


class SentenceForm(forms.Form):
    sentenced_on = date_field(_("Sentenced on"))
    imprisonment_months = forms.IntegerField(
        label=_("Imprisonment (months)"),
        required=False,
        min_value=0,
        max_value=20000,
        help_text=_("0 = no prison term; leave empty when not recorded."),
    )
    is_suspended = forms.BooleanField(label=_("Prison term suspended"), required=False)
    fine_amount = forms.DecimalField(
        label=_("Fine"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    fine_currency = forms.CharField(
        label=_("Currency of the fine"), required=False, max_length=3, initial=default_currency
    )
    probation_months = forms.IntegerField(
        label=_("Probation (months)"), required=False, min_value=0, max_value=20000
    )
    other_measures = checkboxes(_("Other measures"), SentenceMeasure.choices)
    other_details = forms.CharField(
        label=_("Other details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    appeal = forms.ModelChoiceField(
        to_field_name="public_id",
        label=_("Imposed on appeal"),
        queryset=Appeal.objects.none(),
        required=False,
    )

    def __init__(self, *args, appeals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appeal"].queryset = appeals
        self.fields["appeal"].label_from_instance = lambda a: (
            f"{a.get_appellant_display()} · {a.filed_on:%Y-%m-%d} · {a.get_outcome_display()}"
        )

    def clean_fine_currency(self):
        return (self.cleaned_data.get("fine_currency") or "").upper()


class AppealForm(forms.Form):
    appellant = forms.ChoiceField(label=_("Appeal by"), choices=Appellant.choices)
    filed_on = date_field(_("Filed on"))
    court = forms.ModelChoiceField(
        to_field_name="public_id",
        label=_("Court of appeal"),
        queryset=Organisation.objects.none(),
        required=False,
    )

    def __init__(self, *args, courts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = courts


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[(code, label) for code, label in AppealOutcome.choices if code != "pending"],
    )
    decided_on = date_field(_("Decided on"))


class OrderForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CompensationKind.choices)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial=default_currency)
    ordered_on = date_field(_("Ordered on"))
    beneficiary = forms.ChoiceField(label=_("For the witness"), required=False)

    def __init__(self, *args, witnesses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].choices = [("", _("Not for a single witness"))] + [
            (witness.public_id, witness.witness_code) for witness in witnesses
        ]

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").upper()


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount paid"), max_digits=14, decimal_places=2)
    paid_on = date_field(_("Paid on"))


class HearingForm(forms.Form):
    hearing_type = forms.ChoiceField(label=_("Kind of hearing"), choices=HearingType.choices)
    hearing_date = date_field(_("Date"))
    hearing_time = forms.TimeField(label=_("Time"), required=False, widget=TimeInput())


class HearingOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What happened"), choices=[("", "—"), *HearingOutcome.choices]
    )


class StatuteForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=countries.choices())
    instrument = forms.CharField(label=_("Law"), max_length=120)
    code = forms.CharField(label=_("Article or section"), max_length=20)
    short_title = forms.CharField(label=_("Short title"), max_length=200)
    is_trafficking_offence = forms.BooleanField(
        label=_("Trafficking offence"), required=False, initial=True
    )
    is_title_verified = forms.BooleanField(
        label=_("Title checked against the official text"), required=False
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class WitnessLinkForm(forms.Form):
    case_person = forms.ChoiceField(label=_("Victim"))
    investigation_reference = forms.CharField(
        label=_("Investigation reference"),
        max_length=20,
        help_text=_("The reference the investigator gave you, such as INV-7KQ2M3PX."),
    )
    consent = forms.ChoiceField(
        label=_("Consent to share with the investigating agency"),
        help_text=_("Record the victim's consent on the case first if it is not listed."),
    )
    shared_facts = checkboxes(
        _("Facts to share"),
        SharedFact.choices,
        help_text=_("Only what the victim agreed to share. Notes and support plans never are."),
    )

    def __init__(self, *args, victims=(), consents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_person"].choices = [
            (str(link.public_id), link.person.display_name) for link in victims
        ]
        self.fields["consent"].choices = [("", "—")] + [
            (
                str(consent.public_id),
                f"{consent.shared_with.name} · {consent.recorded_at:%Y-%m-%d}",
            )
            for consent in consents
        ]


class WitnessFactsForm(forms.Form):
    shared_facts = checkboxes(_("Facts to share"), SharedFact.choices)


class WitnessShareForm(forms.Form):
    consent = forms.ChoiceField(label=_("Consent naming the prosecution service"))

    def __init__(self, *args, consents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].choices = [("", "—")] + [
            (str(c.public_id), f"{c.shared_with.name} · {c.recorded_at:%Y-%m-%d}") for c in consents
        ]


class GroupFilterForm(forms.Form):
    search = forms.CharField(label=_("Reference"), required=False, max_length=20)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-created", _("Newest first")),
            ("created", _("Oldest first")),
            ("reference", _("Reference")),
        ],
    )


class WitnessLinkFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[ANY, ("active", _("Active")), ("ended", _("Ended"))],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-created", _("Newest first")),
            ("created", _("Oldest first")),
            ("witness", _("Witness code")),
            ("case", _("Support case")),
        ],
    )


class StatuteFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("code", _("Law and article")),
            ("title", _("Short title")),
            ("-updated", _("Recently changed")),
        ],
    )

    def __init__(self, *args, countries_in_use=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All"))] + [
            (code, countries.country_name(code)) for code in countries_in_use
        ]
