from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.common import countries
from waypoint.retention.choices import RecordType


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must this person's identifying data be erased?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: the person asked for erasure, or the data was recorded by mistake. Statistics keep a de-identified record."
        ),
    )


class ErasureDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note (needed to reject)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RetentionScheduleForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=countries.choices)
    record_type = forms.ChoiceField(label=_("What"), choices=RecordType.choices)
    keep_months = forms.IntegerField(
        label=_("Keep for (months after the case closed)"), min_value=1, max_value=1200
    )
    legal_basis = forms.CharField(label=_("Legal basis"), required=False, max_length=300)
