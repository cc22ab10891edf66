from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.audit.selectors import AuditFilter


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    record = forms.CharField(label=_("Record id"), required=False, max_length=36)
    action = forms.CharField(label=_("Action"), required=False, max_length=80)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = (cleaned or {}).get("date_from"), (cleaned or {}).get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(
            user=data.get("user") or "",
            organisation=data.get("organisation") or "",
            record=data.get("record") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
