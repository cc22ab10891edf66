from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.exchange.choices import ExportFormat, ImportFormat, JobStatus
from waypoint.exchange.selectors import IMPORT_SORTS, JobFilter

SORT_LABELS = {
    "-created": _("Newest first"),
    "created": _("Oldest first"),
    "status": _("Status (A–Z)"),
    "-status": _("Status (Z–A)"),
    "format": _("Format (A–Z)"),
    "-format": _("Format (Z–A)"),
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV, XLSX or JSON in the HTCDS shape, an XLSForm submission export, or a CTDC dataset."
        ),
        required=False,
    )
    format = forms.ChoiceField(label=_("Format"), choices=ImportFormat.choices)
    dry_run = forms.BooleanField(
        label=_("Only check the file (dry run): nothing is changed"), required=False, initial=True
    )

    @classmethod
    def refused(cls, message: str) -> ImportForm:
        """An empty form showing why the upload was refused before its body was read."""
        form = cls()
        form.cleaned_data = {}  # nothing was read, so nothing is clean; the error can be added
        form.add_error("file", message)
        return form


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)
    identifying = forms.BooleanField(
        label=_("Include names, dates of birth, contacts and free text"),
        help_text=_(
            "Only where your role may see them. Keep such a file encrypted and delete it after use."
        ),
        required=False,
    )

    def __init__(self, *args, may_identify: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_identify:
            del self.fields["identifying"]


class JobFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + list(JobStatus.choices)
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Any"))] + list(ImportFormat.choices)
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, SORT_LABELS[key]) for key in IMPORT_SORTS],
    )

    def to_filter(self) -> JobFilter:
        if not self.is_bound or not self.is_valid():
            return JobFilter()
        data = self.cleaned_data
        return JobFilter(
            status=data["status"], file_format=data["format"], sort=data["sort"] or "-created"
        )


class IssueFilterForm(forms.Form):
    field = forms.CharField(label=_("Field"), required=False, max_length=60)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("row", _("Row")), ("field", _("Field")), ("reason", _("Reason"))],
    )
