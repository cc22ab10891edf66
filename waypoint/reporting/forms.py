"""The table and period picker of the statistics pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.reporting.periods import SYNTAX_HELP


class TablePickForm(forms.Form):
    table = forms.ChoiceField(label=_("Table"))
    period = forms.CharField(
        label=_("Period"),
        max_length=40,
        help_text=_(
            "A year (2024), a quarter (2024-Q3), a TIP period (tip-2025 = 1 April 2024 – "
            "31 March 2025), years (2019..2023) or dates (2024-01-01..2024-06-30)."
        ),
        widget=forms.TextInput(attrs={"list": "period-suggestions", "autocomplete": "off"}),
    )

    def __init__(self, *args, specs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].choices = [
            (
                spec.table_id,
                f"{spec.title} ({spec.table_id})"
                + ("" if spec.source_available else " — " + str(_("no data source yet"))),
            )
            for spec in specs
        ]
        self.fields["period"].widget.attrs["placeholder"] = SYNTAX_HELP.split(",")[0]
