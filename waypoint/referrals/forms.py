from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.people.choices import ConsentGivenBy
from waypoint.referrals.choices import (
    FreedomOfMovementCondition,
    NrmClosureReason,
    NrmState,
    TrackKind,
    TrackState,
)
from waypoint.referrals.selectors import SORTS, ReferralFilter
from waypoint.referrals.workflow import CLOSURE_REASONS_BY_HAND

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ReferralFilterForm(forms.Form):
    search = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=40,
        help_text=_("Referral or case reference"),
    )
    state = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("Any"))] + list(NrmState.choices)
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        required=False,
        choices=[
            ("", _("All I may see")),
            ("incoming", _("Sent to my organisation")),
            ("outgoing", _("Made by my organisation")),
        ],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-updated", _("Recently changed")),
            ("due", _("Next due date")),
            ("-referred", _("Newest referral")),
            ("referred", _("Oldest referral")),
            ("reference", _("Reference")),
            ("state", _("Stage")),
        ],
    )

    def to_filter(self) -> ReferralFilter:
        data = self.cleaned_data
        return ReferralFilter(
            state=data.get("state") or "",
            direction=data.get("direction") or "",
            overdue=bool(data.get("overdue")),
            search=data.get("search") or "",
            sort=str(data.get("sort")) if data.get("sort") in SORTS else "-updated",
        )


class ReferForm(forms.Form):
    case_person = forms.ChoiceField(label=_("Person (case reference)"))
    competent_authority = forms.ChoiceField(label=_("Competent authority"))
    information = forms.CharField(
        label=_("What the competent authority needs to know"),
        help_text=_(
            "The grounds: indicators observed and by whom, the person's situation now, urgency. "
            "This is shared with the authority only."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    screening = forms.CharField(
        label=_("Screening id"),
        required=False,
        max_length=36,
        help_text=_("If the referral follows a screening in Waypoint."),
    )

    def __init__(self, *args, persons=(), authorities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_person"].choices = [("", _("Choose…")), *persons]
        self.fields["competent_authority"].choices = [("", _("Choose…")), *authorities]


class StepForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("Reason"), required=False, widget=TEXTAREA, max_length=5000)
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        required=False,
        max_length=300,
        help_text=_("The provision applied, e.g. the article of the law."),
    )
    closure_reason = forms.ChoiceField(
        label=_("Why the record closes"),
        required=False,
        choices=[("", _("Choose…"))]
        + [
            (code, label)
            for code, label in NrmClosureReason.choices
            if code in CLOSURE_REASONS_BY_HAND
        ],
    )


class ConsentForm(forms.Form):
    """Consent to referral or to sharing with a named organisation, with its circumstances."""

    is_given = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("yes", _("Consents")), ("no", _("Declines"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    given_by = forms.ChoiceField(label=_("Given by"), choices=ConsentGivenBy.choices)
    language = forms.CharField(
        label=_("Language of the conversation"),
        max_length=3,
        required=False,
        help_text=_("ISO 639 code, e.g. en, ar, ti."),
    )
    is_interpreter_present = forms.BooleanField(
        label=_("An interpreter was present"), required=False
    )
    interpreter_name = forms.CharField(
        label=_("Interpreter or cultural mediator"), required=False, max_length=200
    )


class TrackOpenForm(forms.Form):
    case_person = forms.ChoiceField(label=_("Person (case reference)"))
    kind = forms.ChoiceField(
        label=_("Track"),
        choices=[
            (code, label)
            for code, label in TrackKind.choices
            if code != TrackKind.SHELTER_PLACEMENT
        ],
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        widget=TEXTAREA,
        max_length=2000,
        help_text=_("Application or file numbers, court, authority (kept encrypted)."),
    )

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_person"].choices = [("", _("Choose…")), *persons]


class TrackStepForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("Reason"), required=False, widget=TEXTAREA, max_length=2000)
    valid_until = forms.DateField(
        label=_("Valid until / ends on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    condition = forms.ChoiceField(
        label=_("Precondition done"),
        required=False,
        choices=[("", _("Choose…"))] + list(FreedomOfMovementCondition.choices),
    )


class TrackFilterForm(forms.Form):
    case_reference = forms.CharField(label=_("Case reference"), required=False, max_length=20)
    kind = forms.ChoiceField(
        label=_("Track"), required=False, choices=[("", _("Any"))] + list(TrackKind.choices)
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any"))] + list(TrackState.choices)
    )


class BreachFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
