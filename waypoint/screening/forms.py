"""Forms of the screening pages. They only parse input; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.cases.choices import TypeOfExploitation
from waypoint.common import countries
from waypoint.people.choices import AgeBand, ConsentGivenBy, Gender
from waypoint.screening.choices import (
    INTERVIEW_LANGUAGES,
    AnswerBasis,
    AnswerChoice,
    GradeChoice,
    GradeStatusChoice,
    ReferralStatus,
    ScreeningOutcome,
    ScreeningStatus,
    VersionStatus,
)
from waypoint.screening.selectors.screenings import SORTS, ScreeningFilter

MAX_IMPORT_BYTES = 2 * 1024 * 1024
EDITABLE_LANGUAGES = ("en", "mt", "ms", "ar")


class ScreeningContextForm(forms.Form):
    """The first step: the interview, the interpreter, the person's age, suspected exploitation."""

    interview_language = forms.ChoiceField(
        label=_("Language of the interview"), choices=INTERVIEW_LANGUAGES, initial="en"
    )
    is_interpreter_present = forms.BooleanField(
        label=_("An interpreter or cultural mediator is present"), required=False
    )
    interpreter_name = forms.CharField(
        label=_("Their name"),
        required=False,
        max_length=200,
        help_text=_("Kept encrypted."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    interpreter_organisation = forms.CharField(
        label=_("Their organisation"), required=False, max_length=200
    )
    interpreter_language = forms.ChoiceField(
        label=_("Language they interpret from"),
        required=False,
        choices=[("", "—"), *INTERVIEW_LANGUAGES],
    )
    age_years = forms.IntegerField(
        label=_("Age in years"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    age_band = forms.ChoiceField(
        label=_("Or an age band"),
        required=False,
        choices=[("", "—"), *AgeBand.choices],
    )
    is_age_uncertain = forms.BooleanField(
        label=_("The age is uncertain (the person may be under 18)"),
        required=False,
        help_text=_("A person under 18, or whose age is uncertain, is screened as a child."),
    )
    exploitation_types = forms.MultipleChoiceField(
        label=_("Suspected exploitation"),
        required=False,
        choices=TypeOfExploitation.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    profile = forms.ChoiceField(
        label=_("Indicator list"),
        required=False,
        help_text=_("Leave on automatic: it follows the age and the suspected exploitation."),
    )

    def __init__(self, *args, profiles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [("", _("Automatic"))] + [
            (
                profile.code,
                profile.name
                if profile.is_seeded
                else _("%(name)s (not available)") % {"name": profile.name},
            )
            for profile in profiles
        ]

    def values(self) -> dict[str, object]:
        data = self.cleaned_data
        return {
            "interview_language": data["interview_language"],
            "is_interpreter_present": data["is_interpreter_present"],
            "interpreter_name": data["interpreter_name"],
            "interpreter_organisation": data["interpreter_organisation"],
            "interpreter_language": data["interpreter_language"],
            "age_years": data["age_years"],
            "age_band": data["age_band"],
            "is_age_uncertain": data["is_age_uncertain"],
            "exploitation_types": list(data["exploitation_types"]),
            "profile": data["profile"],
        }


class DimensionStepForm(forms.Form):
    """One dimension: for each indicator an answer, how the screener knows, and a note."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for item in self.questions:
            code = item.indicator.code
            answer = item.answer
            self.fields[f"{code}-value"] = forms.ChoiceField(
                label=item.text,
                required=False,
                choices=AnswerChoice.choices,
                widget=forms.RadioSelect(attrs={"class": "answer-options"}),
                initial=answer.value if answer else "",
            )
            self.fields[f"{code}-basis"] = forms.ChoiceField(
                label=_("How do you know?"),
                required=False,
                choices=AnswerBasis.choices,
                initial=(answer.basis if answer and answer.basis else AnswerBasis.SELF_REPORT),
            )
            self.fields[f"{code}-note"] = forms.CharField(
                label=_("Note"),
                help_text=_("Kept encrypted."),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=(answer.note or "") if answer else "",
            )

    def rows(self):
        return [
            {
                "question": item,
                "value": self[f"{item.indicator.code}-value"],
                "basis": self[f"{item.indicator.code}-basis"],
                "note": self[f"{item.indicator.code}-note"],
            }
            for item in self.questions
        ]

    def answers(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        result = {}
        for item in self.questions:
            code = item.indicator.code
            value = data.get(f"{code}-value") or AnswerChoice.NOT_ASKED
            result[code] = {
                "value": value,
                "basis": data.get(f"{code}-basis") or "",
                "note": data.get(f"{code}-note") or "",
            }
        return result


class ScreeningFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *ScreeningStatus.choices]
    )
    outcome = forms.ChoiceField(
        label=_("Reading"), required=False, choices=[("", _("Any")), *ScreeningOutcome.choices]
    )
    referral_status = forms.ChoiceField(
        label=_("Referral"), required=False, choices=[("", _("Any")), *ReferralStatus.choices]
    )
    mine = forms.BooleanField(label=_("Only mine"), required=False)
    date_from = forms.DateField(
        label=_("Started from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Started until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-started", _("Newest first")),
            ("started", _("Oldest first")),
            ("-submitted", _("Recently completed")),
            ("outcome", _("Reading")),
            ("status", _("Status")),
        ],
    )

    def to_filter(self) -> ScreeningFilter:
        data = self.cleaned_data
        sort = data.get("sort") or "-started"
        return ScreeningFilter(
            status=data.get("status") or "",
            outcome=data.get("outcome") or "",
            referral_status=data.get("referral_status") or "",
            mine=bool(data.get("mine")),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=sort if sort in SORTS else "-started",
        )


class PersonCaseForm(forms.Form):
    """Record the person and open a case, or link an existing case."""

    first_name = forms.CharField(
        label=_("First name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    second_name = forms.CharField(
        label=_("Second name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", "—"), *Gender.choices]
    )
    citizenship = forms.ChoiceField(
        label=_("Citizenship"),
        required=False,
        choices=[("", "—"), *countries.choices(include_unknown=True)],
    )


class LinkCaseForm(forms.Form):
    reference = forms.CharField(
        label=_("Case reference"), max_length=20, help_text=_("For example C-AB12CD34.")
    )


class ConsentForm(forms.Form):
    is_given = forms.TypedChoiceField(
        label=_("Does the person agree to be referred?"),
        choices=[("yes", _("Yes, they agree")), ("no", _("No, they do not agree"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    given_by = forms.ChoiceField(
        label=_("Who gave the answer"), choices=ConsentGivenBy.choices, initial="person"
    )
    notes = forms.CharField(
        label=_("Notes"),
        help_text=_("Kept encrypted."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NotificationForm(forms.Form):
    notified_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    gender = forms.ChoiceField(
        label=_("Sex / gender"), required=False, choices=[("", _("Not recorded")), *Gender.choices]
    )
    age_band = forms.ChoiceField(
        label=_("Age band"), required=False, choices=[("", _("Not recorded")), *AgeBand.choices]
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"),
        required=False,
        choices=[("", _("Not recorded")), *countries.choices(include_unknown=True)],
    )
    exploitation_types = forms.MultipleChoiceField(
        label=_("Exploitation types"),
        required=False,
        choices=TypeOfExploitation.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    country_of_exploitation = forms.ChoiceField(
        label=_("Country of exploitation"),
        required=False,
        choices=[("", _("Not recorded")), *countries.choices(include_unknown=True)],
    )


class ImportForm(forms.Form):
    indicators_file = forms.FileField(
        label=_("Indicators (CSV)"),
        help_text=_(
            "instrument, profile, dimension, dimension_name, indicator, label, grade, grade_status"
        ),
    )
    rules_file = forms.FileField(label=_("Rules (JSON)"))
    questions_file = forms.FileField(
        label=_("Questions (CSV)"),
        required=False,
        help_text=_(
            "indicator, order, language, text. Without it, the questions of the latest published version are kept."
        ),
    )
    change_summary = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    attribution = forms.CharField(
        label=_("Source and attribution (new instruments)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def _text(self, name: str) -> str:
        upload = self.cleaned_data.get(name)
        if not upload:
            return ""
        if upload.size > MAX_IMPORT_BYTES:
            self.add_error(name, _("The file is larger than 2 MB."))
            return ""
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            self.add_error(name, _("Save the file as UTF-8 text."))
            return ""

    def texts(self) -> dict[str, str]:
        return {
            "indicators_csv": self._text("indicators_file"),
            "rules_json": self._text("rules_file"),
            "questions_csv": self._text("questions_file"),
        }


class InstrumentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *VersionStatus.choices]
    )
    framework = forms.CharField(label=_("Instrument code"), required=False, max_length=40)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("framework", _("Instrument, newest version first")),
            ("-published", _("Recently published")),
            ("published", _("First published")),
        ],
    )


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=GradeChoice.choices)
    status = forms.ChoiceField(label=_("Verification status"), choices=GradeStatusChoice.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class QuestionsForm(forms.Form):
    """All questions of one indicator: one text per language; a new question at the end."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        languages = list(EDITABLE_LANGUAGES)
        for question in self.questions:
            languages.extend(code for code in (question.texts or {}) if code not in languages)
        self.languages = languages
        for question in self.questions:
            for language in languages:
                self.fields[f"q{question.pk}-{language}"] = forms.CharField(
                    label=language,
                    required=language == "en",
                    max_length=500,
                    initial=(question.texts or {}).get(language, ""),
                    widget=forms.Textarea(attrs={"rows": 2, "lang": language}),
                )
            self.fields[f"q{question.pk}-delete"] = forms.BooleanField(
                label=_("Remove this question"), required=False
            )
            self.fields[f"q{question.pk}-version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=question.version
            )
        for language in languages:
            self.fields[f"new-{language}"] = forms.CharField(
                label=language,
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2, "lang": language}),
            )

    def groups(self):
        existing = [
            {
                "question": question,
                "fields": [self[f"q{question.pk}-{language}"] for language in self.languages],
                "delete": self[f"q{question.pk}-delete"],
                "version": self[f"q{question.pk}-version"],
            }
            for question in self.questions
        ]
        new = [self[f"new-{language}"] for language in self.languages]
        return existing, new

    def texts_for(self, prefix: str) -> dict[str, str]:
        return {
            language: self.cleaned_data.get(f"{prefix}-{language}") or ""
            for language in self.languages
        }


class NotificationFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("-date", _("Newest first")), ("date", _("Oldest first"))],
    )
