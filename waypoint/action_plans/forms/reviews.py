"""Forms for recommendations, their stated status, the tier history, trainings, campaigns and the
TIP workspace."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.choices import OrganisationType
from waypoint.action_plans.choices import (
    Channel,
    CriterionStatus,
    DerivedStatus,
    PillarCode,
    RecommendationSource,
    StatedStatus,
    SubmissionStatus,
    TargetGroup,
    Tier,
)
from waypoint.action_plans.forms.common import (
    OrganisationChoiceField,
    VersionedForm,
    count_field,
    date_field,
    split_codes,
)
from waypoint.action_plans.models import Action
from waypoint.action_plans.periods import TipPeriod
from waypoint.action_plans.services.prevention import CampaignData, TrainingData
from waypoint.action_plans.services.reviews import RecommendationData

_CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "choice-list"})


class RecommendationForm(VersionedForm):
    source = forms.ChoiceField(label=_("Source"), choices=RecommendationSource.choices)
    source_detail = forms.CharField(
        label=_("Review"),
        max_length=200,
        required=False,
        help_text=_("e.g. GRETA third evaluation round, CEDAW concluding observations"),
    )
    report_year = forms.IntegerField(
        label=_("Report year"), required=False, min_value=1990, max_value=2200
    )
    tip_period = forms.IntegerField(
        label=_("TIP reporting period (first year)"),
        required=False,
        min_value=1990,
        max_value=2200,
        help_text=_(
            "The 1 April – 31 March period it applies to. Blank for a TIP recommendation: the period "
            "starting in its report year."
        ),
    )
    issued_on = date_field(_("Date"), required=False)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea)
    pillar = forms.ChoiceField(
        label=_("Pillar"), required=False, choices=[("", _("None"))] + list(PillarCode.choices)
    )
    is_priority = forms.BooleanField(label=_("Prioritised"), required=False)

    def to_data(self) -> RecommendationData:

        data = self.cleaned_data
        return RecommendationData(
            source=data["source"],
            text=data["text"],
            source_detail=data["source_detail"],
            report_year=data["report_year"],
            tip_period_start=(
                TipPeriod.starting_in(data["tip_period"]).start if data["tip_period"] else None
            ),
            issued_on=data["issued_on"],
            reference=data["reference"],
            pillar=data["pillar"],
            is_priority=data["is_priority"],
        )

    @classmethod
    def initial_for(cls, item) -> dict:
        return {
            "source": item.source,
            "source_detail": item.source_detail,
            "report_year": item.report_year,
            "tip_period": item.tip_period_start.year if item.tip_period_start else None,
            "issued_on": item.issued_on,
            "reference": item.reference,
            "text": item.text,
            "pillar": item.pillar,
            "is_priority": item.is_priority,
            "version": item.version,
        }


class StateForm(VersionedForm):
    stated_status = forms.ChoiceField(label=_("Stated status"), choices=StatedStatus.choices)
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "What shows this status. Needed for in progress, partially implemented, implemented."
        ),
    )


class LinkActionsForm(forms.Form):
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions that answer it"),
        queryset=Action.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=_CHECKBOXES,
    )

    def __init__(self, *args, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions
        self.fields["actions"].label_from_instance = lambda action: (
            f"{action.plan.title} · {action.code} {action.title}"
        )


class RecommendationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", _("Any"))] + list(RecommendationSource.choices),
    )
    year = forms.IntegerField(
        label=_("Report year"), required=False, min_value=1990, max_value=2200
    )
    derived = forms.ChoiceField(
        label=_("Status from actions"),
        required=False,
        choices=[("", _("Any"))] + list(DerivedStatus.choices),
    )
    stated = forms.ChoiceField(
        label=_("Stated status"),
        required=False,
        choices=[("", _("Any"))] + list(StatedStatus.choices),
    )
    priority = forms.BooleanField(label=_("Prioritised only"), required=False)


class TierForm(forms.Form):
    report_year = forms.IntegerField(label=_("Report year"), min_value=2001, max_value=2200)
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices)
    is_waiver = forms.BooleanField(
        label=_("Kept on the Watch List by a waiver of the automatic downgrade"), required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class TrainingForm(VersionedForm):
    topic = forms.CharField(label=_("Topic"), max_length=300)
    start_date = date_field(_("Date"))
    end_date = date_field(_("End date"), required=False)
    organiser = OrganisationChoiceField(queryset=None, label=_("Organiser"), required=False)
    organiser_name = forms.CharField(
        label=_("Organiser outside Waypoint"), max_length=200, required=False
    )
    audience_types = forms.MultipleChoiceField(
        label=_("Audience (types of organisation)"),
        choices=OrganisationType.choices,
        required=False,
        widget=_CHECKBOXES,
    )
    participants_female = count_field(_("Women"))
    participants_male = count_field(_("Men"))
    participants_other = count_field(_("Other or sex not recorded"))
    materials = forms.CharField(
        label=_("Materials"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Curriculum, handouts, links. Attach files on the training's page."),
    )
    action = forms.ModelChoiceField(
        label=_("Plan action"),
        queryset=Action.objects.none(),
        required=False,
        to_field_name="public_id",
    )

    fieldsets = (
        (
            _("Training"),
            ("topic", "start_date", "end_date", "organiser", "organiser_name", "action"),
        ),
        (_("Audience"), ("audience_types",)),
        (
            _("Participants by sex (blank: not recorded)"),
            ("participants_female", "participants_male", "participants_other"),
        ),
        (_("Participants by type of organisation (blank: not recorded)"), None),
        (_("Materials"), ("materials",)),
    )

    def __init__(self, *args, organisations=None, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisations
        self.fields["action"].queryset = actions
        self.fields["action"].label_from_instance = lambda action: f"{action.code} {action.title}"
        for code, label in OrganisationType.choices:
            self.fields[f"type_{code}"] = count_field(label)

    def type_fields(self):
        return [self[f"type_{code}"] for code in OrganisationType.values]

    def to_data(self) -> TrainingData:
        data = self.cleaned_data
        return TrainingData(
            topic=data["topic"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            organiser=data["organiser"],
            organiser_name=data["organiser_name"],
            audience_types=tuple(data["audience_types"]),
            participants_female=data["participants_female"],
            participants_male=data["participants_male"],
            participants_other=data["participants_other"],
            participants_by_type={
                code: data[f"type_{code}"]
                for code in OrganisationType.values
                if data.get(f"type_{code}") is not None
            },
            materials=data["materials"],
            action=data["action"],
        )

    @classmethod
    def initial_for(cls, training) -> dict:
        initial = {
            "topic": training.topic,
            "start_date": training.start_date,
            "end_date": training.end_date,
            "organiser": training.organiser.public_id if training.organiser else None,
            "organiser_name": training.organiser_name,
            "audience_types": training.audience_types,
            "participants_female": training.participants_female,
            "participants_male": training.participants_male,
            "participants_other": training.participants_other,
            "materials": training.materials,
            "action": training.action.public_id if training.action else None,
            "version": training.version,
        }
        for row in training.participants_by_type.all():
            initial[f"type_{row.org_type}"] = row.count
        return initial


class CampaignForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    start_date = date_field(_("Start"))
    end_date = date_field(_("End"), required=False)
    organiser = OrganisationChoiceField(queryset=None, label=_("Organiser"), required=False)
    organiser_name = forms.CharField(
        label=_("Organiser outside Waypoint"), max_length=200, required=False
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), choices=TargetGroup.choices, required=False, widget=_CHECKBOXES
    )
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("ISO 639 codes separated by commas, e.g. en, mt, ar, ti."),
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, required=False, widget=_CHECKBOXES
    )
    estimated_reach = count_field(
        _("Estimated reach (people)"), help_text=_("Blank: not estimated.")
    )
    addresses_demand = forms.BooleanField(
        label=_("Aims to reduce demand for commercial sex or forced labour"), required=False
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    action = forms.ModelChoiceField(
        label=_("Plan action"),
        queryset=Action.objects.none(),
        required=False,
        to_field_name="public_id",
    )

    def __init__(self, *args, organisations=None, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisations
        self.fields["action"].queryset = actions
        self.fields["action"].label_from_instance = lambda action: f"{action.code} {action.title}"

    def to_data(self) -> CampaignData:
        data = self.cleaned_data
        return CampaignData(
            title=data["title"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            organiser=data["organiser"],
            organiser_name=data["organiser_name"],
            target_groups=tuple(data["target_groups"]),
            languages=split_codes(data["languages"]),
            channels=tuple(data["channels"]),
            estimated_reach=data["estimated_reach"],
            addresses_demand=data["addresses_demand"],
            description=data["description"],
            action=data["action"],
        )

    @classmethod
    def initial_for(cls, campaign) -> dict:
        return {
            "title": campaign.title,
            "start_date": campaign.start_date,
            "end_date": campaign.end_date,
            "organiser": campaign.organiser.public_id if campaign.organiser else None,
            "organiser_name": campaign.organiser_name,
            "target_groups": campaign.target_groups,
            "languages": ", ".join(campaign.languages),
            "channels": campaign.channels,
            "estimated_reach": campaign.estimated_reach,
            "addresses_demand": campaign.addresses_demand,
            "description": campaign.description,
            "action": campaign.action.public_id if campaign.action else None,
            "version": campaign.version,
        }


class PreventionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    date_from = date_field(_("From"), required=False)
    date_to = date_field(_("To"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), required=False)

    def __init__(self, *args, audiences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [("", _("Any"))] + list(audiences)

    def clean(self):
        cleaned = super().clean()
        start, end = (cleaned or {}).get("date_from"), (cleaned or {}).get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


class SubmissionCreateForm(forms.Form):
    period = forms.IntegerField(
        label=_("Reporting period (first year)"),
        min_value=2001,
        max_value=2200,
        help_text=_("2025 means 1 April 2025 – 31 March 2026."),
    )


class SubmissionForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=SubmissionStatus.choices)
    submitted_on = date_field(_("Sent on"), required=False)
    summary = forms.CharField(
        label=_("Introduction and summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )


class CriterionForm(VersionedForm):
    narrative = forms.CharField(
        label=_("The government's account"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_(
            "Concrete actions taken in the period only: future commitments do not count. Do not "
            "name victims."
        ),
    )
    status = forms.ChoiceField(label=_("Status"), choices=CriterionStatus.choices)
