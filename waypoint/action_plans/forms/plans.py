"""Forms for plans, their structure, actions, indicators, rounds and progress reports."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import User
from waypoint.action_plans.choices import (
    ActionStatus,
    IndicatorKind,
    PlanKind,
    PlanStatus,
    RoundFrequency,
)
from waypoint.action_plans.forms.common import (
    OrganisationChoiceField,
    OrganisationsField,
    VersionedForm,
    amount_field,
    date_field,
    split_codes,
)
from waypoint.action_plans.models import Pillar
from waypoint.action_plans.services.actions import ActionData, IndicatorData
from waypoint.action_plans.services.plans import PlanData
from waypoint.action_plans.services.reports import ReportData


class PlanForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
    period_start = date_field(_("Period start"))
    period_end = date_field(_("Period end"))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=PlanStatus.choices,
        help_text=_("Only coordinators see drafts; only active plans are reported on."),
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        initial="EUR",
        help_text=_("ISO 4217 code, e.g. EUR or MYR."),
    )
    budgets_restricted = forms.BooleanField(
        label=_("Show budgets only to roles allowed to see budgets"), required=False
    )
    reminder_days = forms.CharField(
        label=_("Reminders (days before each deadline)"),
        initial="14, 3",
        help_text=_("Comma-separated numbers of days, e.g. 14, 3."),
    )

    def clean_reminder_days(self):
        try:
            return tuple(int(part) for part in split_codes(self.cleaned_data["reminder_days"]))
        except ValueError as error:
            raise forms.ValidationError(_("Use whole numbers of days, e.g. 14, 3.")) from error

    def to_data(self) -> PlanData:
        data = self.cleaned_data
        return PlanData(
            title=data["title"],
            kind=data["kind"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            status=data["status"],
            summary=data["summary"],
            currency=data["currency"],
            budgets_restricted=data["budgets_restricted"],
            reminder_days=data["reminder_days"],
        )

    @classmethod
    def initial_for(cls, plan) -> dict:
        return {
            "title": plan.title,
            "kind": plan.kind,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "status": plan.status,
            "summary": plan.summary,
            "currency": plan.currency,
            "budgets_restricted": plan.budgets_restricted,
            "reminder_days": ", ".join(str(day) for day in plan.reminder_days),
            "version": plan.version,
        }


class PillarForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("e.g. prevention"))
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=1000, required=False)


class ObjectiveForm(forms.Form):
    pillar = forms.ModelChoiceField(
        label=_("Pillar"), queryset=Pillar.objects.none(), to_field_name="public_id"
    )
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("e.g. 1.2"))
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)

    def __init__(self, *args, pillars=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].queryset = pillars


class ObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.pillar.name} · {obj.code} {obj.title}"


class RecommendationsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple(attrs={"class": "choice-list"})

    def label_from_instance(self, obj):
        year = f"{obj.report_year} " if obj.report_year else ""
        return f"{year}{obj.get_source_display()}: {obj.text[:120]}"


class ActionForm(VersionedForm):
    objective = ObjectiveChoiceField(label=_("Objective"), queryset=None, to_field_name="public_id")
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("e.g. 1.2.3"))
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    lead_organisation = OrganisationChoiceField(queryset=None, label=_("Lead organisation"))
    partner_organisations = OrganisationsField(queryset=None, label=_("Partner organisations"))
    start_date = date_field(_("Start date"), required=False)
    due_date = date_field(_("Due date"), required=False)
    budget_allocated = amount_field(_("Budget allocated"))
    budget_spent = amount_field(_("Budget spent"))
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("As reported"))] + list(ActionStatus.choices),
        help_text=_("Normally set by the lead organisation's reports; set it here to override."),
    )
    recommendations = RecommendationsField(
        label=_("Recommendations it answers"),
        queryset=None,
        required=False,
        to_field_name="public_id",
    )

    def __init__(self, *args, objectives=None, organisations=None, recommendations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives
        self.fields["lead_organisation"].queryset = organisations
        self.fields["partner_organisations"].queryset = organisations
        self.fields["recommendations"].queryset = recommendations

    def to_data(self) -> ActionData:
        data = self.cleaned_data
        return ActionData(
            objective=data["objective"],
            code=data["code"],
            title=data["title"],
            lead_organisation=data["lead_organisation"],
            description=data["description"],
            partner_organisations=tuple(data["partner_organisations"]),
            start_date=data["start_date"],
            due_date=data["due_date"],
            budget_allocated=data["budget_allocated"],
            budget_spent=data["budget_spent"],
            currency=data["currency"],
            recommendations=tuple(data["recommendations"]),
            status=data["status"] or None,
        )

    @classmethod
    def initial_for(cls, action) -> dict:
        return {
            "objective": action.objective.public_id,
            "code": action.code,
            "title": action.title,
            "description": action.description,
            "lead_organisation": action.lead_organisation.public_id,
            "partner_organisations": [o.public_id for o in action.partner_organisations.all()],
            "start_date": action.start_date,
            "due_date": action.due_date,
            "budget_allocated": action.budget_allocated,
            "budget_spent": action.budget_spent,
            "currency": action.currency,
            "recommendations": [r.public_id for r in action.recommendations.all()],
            "version": action.version,
        }


class IndicatorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IndicatorKind.choices)
    name = forms.CharField(label=_("Indicator"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False)
    baseline = forms.DecimalField(
        label=_("Baseline"), required=False, max_digits=14, decimal_places=2
    )
    target = forms.DecimalField(
        label=_("Target"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("A target below the baseline means the indicator should go down."),
    )

    def to_data(self) -> IndicatorData:
        data = self.cleaned_data
        return IndicatorData(
            kind=data["kind"],
            name=data["name"],
            unit=data["unit"],
            baseline=data["baseline"],
            target=data["target"],
        )


class RoundForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=80, help_text=_("e.g. 2025 Q3"))
    period_start = date_field(_("Period start"))
    period_end = date_field(_("Period end"))
    deadline = date_field(_("Deadline for reports"))


class ScheduleForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Frequency"), choices=RoundFrequency.choices, initial=RoundFrequency.QUARTERLY
    )
    deadline_days = forms.IntegerField(
        label=_("Deadline (days after each period ends)"), min_value=0, max_value=120, initial=15
    )


class ReportForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status of the action"), choices=ActionStatus.choices)
    narrative = forms.CharField(
        label=_("What was done in this round"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10000,
        help_text=_("Required to submit. Do not name victims or other people."),
    )
    budget_spent = amount_field(
        _("Budget spent to date"), help_text=_("Total spent on this action so far, if known.")
    )

    def __init__(self, *args, indicators=(), show_budget: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_budget:
            del self.fields["budget_spent"]
        self.indicators = list(indicators)
        for indicator in self.indicators:
            target = f" · {_('target')} {indicator.target}" if indicator.target is not None else ""
            self.fields[f"indicator_{indicator.public_id}"] = forms.DecimalField(
                label=f"{indicator.name}" + (f" ({indicator.unit})" if indicator.unit else ""),
                required=False,
                max_digits=14,
                decimal_places=2,
                help_text=_("Value at the end of this round%(target)s. Blank: not measured.")
                % {"target": target},
            )

    def indicator_fields(self):
        return [self[f"indicator_{indicator.public_id}"] for indicator in self.indicators]

    def to_data(self, *, submit: bool) -> ReportData:
        data = self.cleaned_data
        return ReportData(
            status=data["status"],
            narrative=data["narrative"],
            budget_spent=data.get("budget_spent"),
            indicator_values={
                indicator: data.get(f"indicator_{indicator.public_id}")
                for indicator in self.indicators
            },
            submit=submit,
        )

    @classmethod
    def initial_for(cls, report, indicators, action) -> dict:
        if report is None:
            return {"status": action.status, "budget_spent": action.budget_spent}
        values = {value.indicator_id: value.value for value in report.indicator_values.all()}
        initial = {
            "status": report.status,
            "narrative": report.narrative or "",
            "budget_spent": report.budget_spent,
            "version": report.version,
        }
        for indicator in indicators:
            initial[f"indicator_{indicator.public_id}"] = values.get(indicator.pk)
        return initial


class ReporterForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"), queryset=User.objects.none(), to_field_name="public_id"
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.display_name} ({user.username})"
        )


class ActionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    pillar = forms.ChoiceField(label=_("Pillar"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + list(ActionStatus.choices)
    )
    lead = forms.ChoiceField(label=_("Lead organisation"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, pillars=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pillar"].choices = [("", _("Any"))] + [(p.code, p.name) for p in pillars]
        self.fields["lead"].choices = [("", _("Any"))] + [
            (str(o.public_id), o.name) for o in organisations
        ]
