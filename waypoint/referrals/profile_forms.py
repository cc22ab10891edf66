"""The country settings form: every value of a country profile as a plain form field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.choices import OrganisationType
from waypoint.referrals.choices import DayKind, FreedomOfMovementCondition, Requester
from waypoint.referrals.profiles import CountryRules, TimeLimit

WEEKDAYS = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]
LIMITS = {
    # form prefix: (document path, label)
    "preliminary": ("preliminary_decision.limit", _("Preliminary decision: target")),
    "formal": (
        "formal_decision.limit",
        _("Formal decision: target (from the start of the formal stage)"),
    ),
    "reconsideration": ("reconsideration.limit", _("Reconsideration: target")),
    "freedom": ("freedom_of_movement.limit", _("Freedom-of-movement decision: target")),
    "permit": ("permit_decision", _("Permit decision: follow-up target")),
    "guardian": ("guardian_appointment", _("Guardian appointment: target")),
    "compensation": ("compensation_follow_up", _("Compensation claim: follow up every")),
    "service_response": ("service_response", _("Answer to a referral to a service: target")),
}
PLAIN_FIELDS = {
    "country": "country",
    "name": "name",
    "preliminary_decision.name": "preliminary_name",
    "preliminary_decision.standard": "preliminary_standard",
    "formal_decision.name": "formal_name",
    "formal_decision.standard": "formal_standard",
    "formal_decision.earliest_days_after_preliminary": "formal_earliest_days",
    "recovery_reflection_days": "recovery_reflection_days",
    "support_until_formal_decision": "support_until_formal_decision",
    "assistance_conditional_on_cooperation": "assistance_conditional_on_cooperation",
    "adult_referral_needs_consent": "adult_referral_needs_consent",
    "child_referral_needs_consent": "child_referral_needs_consent",
    "adult_declines": "adult_declines",
    "reconsideration.is_available": "reconsideration_is_available",
    "reconsideration.who_may_request": "reconsideration_who",
    "reconsideration.max_requests": "reconsideration_max",
    "shelter_max_days": "shelter_max_days",
    "interim_protection_order_days": "interim_protection_order_days",
    "protection_order_max_days": "protection_order_max_days",
    "freedom_of_movement.decided_by": "freedom_decided_by",
    "freedom_of_movement.preconditions": "freedom_preconditions",
    "reminder_days_before": "reminder_days_before",
    "holidays.country": "holiday_country",
    "holidays.subdivision": "holiday_subdivision",
    "holidays.weekend": "weekend",
    "holidays.extra": "extra_holidays",
    "deciding_organisation_types": "deciding_organisation_types",
    "competent_authorities": "competent_authorities",
    "notes": "notes",
}


def _days(label: Any, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=3650, **kwargs)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CountryProfileForm(forms.Form):
    effective_from = forms.DateField(
        label=_("In force from"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Today or later. Clocks already running keep their due dates."),
    )
    change_note = forms.CharField(label=_("What changed and why"), max_length=300)
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    country = forms.CharField(widget=forms.HiddenInput, max_length=2)
    name = forms.CharField(label=_("Country or jurisdiction"), max_length=100)
    competent_authorities = forms.CharField(
        label=_("Competent authorities (as the law names them, one per line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    deciding_organisation_types = forms.MultipleChoiceField(
        label=_("Who may decide: kinds of organisation acting as competent authority"),
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    preliminary_name = forms.CharField(label=_("Name of the preliminary decision"), max_length=100)
    preliminary_standard = forms.CharField(
        label=_("Its standard of proof"), max_length=300, required=False
    )
    formal_name = forms.CharField(label=_("Name of the formal decision"), max_length=100)
    formal_standard = forms.CharField(
        label=_("Its standard of proof"), max_length=300, required=False
    )
    formal_earliest_days = _days(
        _("Earliest formal decision: days after the preliminary decision"), required=False
    )
    recovery_reflection_days = _days(_("Recovery and reflection period (calendar days)"))
    support_until_formal_decision = forms.BooleanField(
        label=_("Support continues until the formal decision"), required=False
    )
    assistance_conditional_on_cooperation = forms.BooleanField(
        label=_("Assistance depends on cooperation with the authorities"), required=False
    )
    adult_referral_needs_consent = forms.BooleanField(
        label=_("An adult must consent to be referred"), required=False
    )
    child_referral_needs_consent = forms.BooleanField(
        label=_("A child must consent to be referred"), required=False
    )
    adult_declines = forms.CharField(
        label=_("When an adult declines"), max_length=300, required=False
    )
    reconsideration_is_available = forms.BooleanField(
        label=_("Negative decisions can be reconsidered"), required=False
    )
    reconsideration_who = forms.MultipleChoiceField(
        label=_("Who may ask for a reconsideration"),
        choices=Requester.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reconsideration_max = forms.IntegerField(
        label=_("Reconsiderations allowed per decision"), min_value=0, max_value=10
    )
    shelter_max_days = _days(_("Longest shelter stay (days)"), required=False)
    interim_protection_order_days = _days(_("Interim protection order (days)"), required=False)
    protection_order_max_days = _days(_("Protection order, longest (days)"), required=False)
    freedom_enabled = forms.BooleanField(
        label=_("The country has a freedom-of-movement permission"), required=False
    )
    freedom_decided_by = forms.CharField(label=_("Decided by"), max_length=300, required=False)
    freedom_preconditions = forms.MultipleChoiceField(
        label=_("Its preconditions"),
        choices=FreedomOfMovementCondition.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reminder_days_before = forms.IntegerField(
        label=_("Remind this many days before a due date"), min_value=0, max_value=60
    )
    holiday_country = forms.CharField(
        label=_("Public holidays of (ISO country code)"), max_length=2
    )
    holiday_subdivision = forms.CharField(
        label=_("State or region (for regional holidays)"), max_length=10, required=False
    )
    weekend = forms.TypedMultipleChoiceField(
        label=_("Weekend days"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    extra_holidays = forms.CharField(
        label=_("Extra public holidays"),
        help_text=_("One per line: YYYY-MM-DD and a name, e.g. 2026-09-22 Extra holiday."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes (sources, values still to verify)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for prefix, (_path, label) in LIMITS.items():
            self.fields[f"{prefix}_days"] = _days(label, required=prefix == "service_response")
            self.fields[f"{prefix}_day_kind"] = forms.ChoiceField(
                label=_("counted in"), choices=DayKind.choices
            )

    def clean_extra_holidays(self) -> list[dict[str, str]]:
        entries = []
        for line in _lines(self.cleaned_data.get("extra_holidays", "")):
            day, _space, name = line.partition(" ")
            try:
                dt.date.fromisoformat(day)
            except ValueError:
                raise forms.ValidationError(
                    _("'%(line)s' does not start with a date as YYYY-MM-DD.") % {"line": line}
                ) from None
            entries.append({"date": day, "name": name.strip()})
        return entries

    def to_document(self) -> dict[str, Any]:
        data = self.cleaned_data

        def limit(prefix: str) -> dict[str, Any]:
            return {"days": data.get(f"{prefix}_days"), "day_kind": data.get(f"{prefix}_day_kind")}

        return {
            "country": data["country"],
            "name": data["name"],
            "competent_authorities": _lines(data.get("competent_authorities", "")),
            "deciding_organisation_types": list(data.get("deciding_organisation_types") or []),
            "preliminary_decision": {
                "name": data["preliminary_name"],
                "standard": data.get("preliminary_standard", ""),
                "limit": limit("preliminary"),
                "earliest_days_after_preliminary": None,
            },
            "formal_decision": {
                "name": data["formal_name"],
                "standard": data.get("formal_standard", ""),
                "limit": limit("formal"),
                "earliest_days_after_preliminary": data.get("formal_earliest_days"),
            },
            "recovery_reflection_days": data.get("recovery_reflection_days"),
            "support_until_formal_decision": bool(data.get("support_until_formal_decision")),
            "assistance_conditional_on_cooperation": bool(
                data.get("assistance_conditional_on_cooperation")
            ),
            "adult_referral_needs_consent": bool(data.get("adult_referral_needs_consent")),
            "child_referral_needs_consent": bool(data.get("child_referral_needs_consent")),
            "adult_declines": data.get("adult_declines", ""),
            "reconsideration": {
                "is_available": bool(data.get("reconsideration_is_available")),
                "who_may_request": list(data.get("reconsideration_who") or []),
                "limit": limit("reconsideration"),
                "max_requests": data.get("reconsideration_max"),
            },
            "shelter_max_days": data.get("shelter_max_days"),
            "interim_protection_order_days": data.get("interim_protection_order_days"),
            "protection_order_max_days": data.get("protection_order_max_days"),
            "freedom_of_movement": (
                {
                    "decided_by": data.get("freedom_decided_by", ""),
                    "preconditions": list(data.get("freedom_preconditions") or []),
                    "limit": limit("freedom"),
                }
                if data.get("freedom_enabled")
                else None
            ),
            "permit_decision": limit("permit"),
            "guardian_appointment": limit("guardian"),
            "compensation_follow_up": limit("compensation"),
            "service_response": limit("service_response"),
            "reminder_days_before": data.get("reminder_days_before"),
            "holidays": {
                "country": (data.get("holiday_country") or "").upper(),
                "subdivision": data.get("holiday_subdivision", ""),
                "weekend": list(data.get("weekend") or []),
                "extra": data.get("extra_holidays") or [],
            },
            "notes": _lines(data.get("notes", "")),
        }

    @staticmethod
    def field_for(path: str) -> str | None:
        """The form field of a document path named in a service error."""
        base = path.split("[", 1)[0]
        if base in PLAIN_FIELDS:
            return PLAIN_FIELDS[base]
        for prefix, (limit_path, _label) in LIMITS.items():
            if base.startswith(limit_path):
                return f"{prefix}_day_kind" if base.endswith("day_kind") else f"{prefix}_days"
        return None


def initial_from(rules: CountryRules, *, version: int | None) -> dict[str, Any]:
    """The form's starting values: the profile in force."""

    def limit(prefix: str, value: TimeLimit | None) -> dict[str, Any]:
        if value is None:
            return {f"{prefix}_days": None, f"{prefix}_day_kind": DayKind.CALENDAR}
        return {f"{prefix}_days": value.days, f"{prefix}_day_kind": value.day_kind}

    movement = rules.freedom_of_movement
    initial: dict[str, Any] = {
        "based_on_version": version,
        "country": rules.country,
        "name": rules.name,
        "competent_authorities": "\n".join(rules.competent_authorities),
        "deciding_organisation_types": list(rules.deciding_organisation_types),
        "preliminary_name": rules.preliminary_decision.name,
        "preliminary_standard": rules.preliminary_decision.standard,
        "formal_name": rules.formal_decision.name,
        "formal_standard": rules.formal_decision.standard,
        "formal_earliest_days": rules.formal_decision.earliest_days_after_preliminary,
        "recovery_reflection_days": rules.recovery_reflection_days,
        "support_until_formal_decision": rules.support_until_formal_decision,
        "assistance_conditional_on_cooperation": rules.assistance_conditional_on_cooperation,
        "adult_referral_needs_consent": rules.adult_referral_needs_consent,
        "child_referral_needs_consent": rules.child_referral_needs_consent,
        "adult_declines": rules.adult_declines,
        "reconsideration_is_available": rules.reconsideration.is_available,
        "reconsideration_who": list(rules.reconsideration.who_may_request),
        "reconsideration_max": rules.reconsideration.max_requests,
        "shelter_max_days": rules.shelter_max_days,
        "interim_protection_order_days": rules.interim_protection_order_days,
        "protection_order_max_days": rules.protection_order_max_days,
        "freedom_enabled": movement is not None,
        "freedom_decided_by": movement.decided_by if movement else "",
        "freedom_preconditions": list(movement.preconditions) if movement else [],
        "reminder_days_before": rules.reminder_days_before,
        "holiday_country": rules.holidays.country,
        "holiday_subdivision": rules.holidays.subdivision,
        "weekend": list(rules.holidays.weekend),
        "extra_holidays": "\n".join(
            f"{day.isoformat()} {name}" for day, name in rules.holidays.extra
        ),
        "notes": "\n".join(rules.notes),
    }
    initial.update(limit("preliminary", rules.preliminary_decision.limit))
    initial.update(limit("formal", rules.formal_decision.limit))
    initial.update(limit("reconsideration", rules.reconsideration.limit))
    initial.update(limit("freedom", movement.limit if movement else None))
    initial.update(limit("permit", rules.permit_decision))
    initial.update(limit("guardian", rules.guardian_appointment))
    initial.update(limit("compensation", rules.compensation_follow_up))
    initial.update(limit("service_response", rules.service_response))
    return initial
