"""How case data reads on screen and in the API: HTCDS labels and codes, with "not recorded" kept
apart from "no" and from 0. Pure functions over records the caller may already see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from waypoint.cases.choices import MULTI_VALUED_FIELDS, PersonRole
from waypoint.cases.htcds_fields import FIELD_LABELS
from waypoint.cases.models import CasePerson
from waypoint.common import countries


@dataclass(frozen=True)
class CodedValue:
    code: str
    label: str


@dataclass(frozen=True)
class ContextRow:
    """One line of the victim or perpetrator context: HTCDS name, label and value(s)."""

    name: str  # HTCDS field name, or the Waypoint extension's name
    label: str
    values: list[CodedValue] = field(default_factory=list)
    is_multi_valued: bool = False
    show_code: bool = True  # False for free text and organisations (their "code" is an id)

    @property
    def is_recorded(self) -> bool:
        return bool(self.values)


def _label_of(choices: Any, code: str) -> str:
    for value, label in choices.choices:
        if value == code:
            return str(label)
    return code


def _single(
    name: str, label: Any, code: str, text: str | None = None, *, show_code: bool = True
) -> ContextRow:
    values = [CodedValue(code=code, label=text or code)] if code != "" else []
    return ContextRow(
        name=name, label=str(label), values=values, show_code=show_code and bool(text)
    )


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "true" if value else "false"


def context_rows(link: CasePerson, codes: dict[str, list[str]]) -> list[ContextRow]:
    """The HTCDS context of a person in a case, in HTCDS order, every field listed (blank ones
    read "not recorded")."""
    rows: list[ContextRow] = []
    if link.role == PersonRole.VICTIM:
        rows.append(
            _single(
                "vic_TraffickingStatus",
                FIELD_LABELS["vic_TraffickingStatus"],
                link.trafficking_status,
                str(link.get_trafficking_status_display()),
            )
        )
        rows.append(
            _single(
                "vic_TraffickingStatusDecisionMakingOrg",
                FIELD_LABELS["vic_TraffickingStatusDecisionMakingOrg"],
                link.trafficking_status_decision_making_org,
                str(link.get_trafficking_status_decision_making_org_display()),
            )
        )
        rows.append(
            _single(
                "vic_RelationshipToTrafficker",
                FIELD_LABELS["vic_RelationshipToTrafficker"],
                link.relationship_to_trafficker,
                str(link.get_relationship_to_trafficker_display()),
            )
        )
        age = link.age_when_trafficked
        rows.append(
            _single(
                "vic_AgeWhenTrafficked",
                FIELD_LABELS["vic_AgeWhenTrafficked"],
                "" if age is None else str(age),
            )
        )
        child = _yes_no(link.is_child_when_exploited)
        rows.append(
            _single(
                "ext_IsChildWhenExploited",
                _("Child when exploited"),
                child,
                {"true": _("Yes"), "false": _("No")}.get(child, ""),
                show_code=False,
            )
        )
        for prefix, country in (
            ("Recruitment", link.country_of_recruitment),
            ("Exploitation", link.country_of_exploitation),
        ):
            organisation = getattr(link, f"location_of_{prefix.lower()}")
            rows.append(
                _single(
                    f"vic_LocationOf{prefix}",
                    FIELD_LABELS[f"vic_LocationOf{prefix}"],
                    str(organisation.public_id) if organisation is not None else "",
                    organisation.name if organisation is not None else None,
                    show_code=False,
                )
            )
            rows.append(
                _single(
                    f"ext_CountryOf{prefix}",
                    _("Country of recruitment")
                    if prefix == "Recruitment"
                    else _("Country of exploitation"),
                    country,
                    countries.country_name(country) if country else None,
                )
            )
        names = [name for name in MULTI_VALUED_FIELDS if name.startswith("vic_")]
    elif link.role == PersonRole.PERPETRATOR:
        organisation = link.perpetrator_organisation
        rows.append(
            _single(
                "per_Organisation",
                _("Organisation"),
                str(organisation.public_id) if organisation is not None else "",
                organisation.name if organisation is not None else None,
                show_code=False,
            )
        )
        rows.append(
            _single(
                "per_RoleDetails",
                FIELD_LABELS["per_RoleDetails"],
                link.perpetrator_role_details or "",
                show_code=False,
            )
        )
        names = [name for name in MULTI_VALUED_FIELDS if name.startswith("per_")]
    else:
        names = []
    for name in names:
        choices = MULTI_VALUED_FIELDS[name]
        rows.append(
            ContextRow(
                name=name,
                label=str(FIELD_LABELS.get(name, name)),
                values=[
                    CodedValue(code=code, label=_label_of(choices, code))
                    for code in codes.get(name, [])
                ],
                is_multi_valued=True,
            )
        )
    return rows
