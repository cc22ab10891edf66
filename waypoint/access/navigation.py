"""The main navigation, by permission: a person sees only the sections their roles open.

Sections whose URL name is not installed are left out, so the menu never links to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    any_of: tuple[Perm, ...]


NAVIGATION: tuple[NavItem, ...] = (
    NavItem(_("Home"), "home", ()),
    NavItem(_("My work"), "referrals:my_work", (Perm.NRM_VIEW, Perm.CASE_VIEW)),
    NavItem(_("Screening"), "screening:list", (Perm.SCREENING_CONDUCT, Perm.SCREENING_VIEW)),
    NavItem(_("Screening instruments"), "screening:instruments", (Perm.INSTRUMENT_MANAGE,)),
    NavItem(_("Cases"), "cases:list", (Perm.CASE_VIEW,)),
    NavItem(_("Referrals"), "referrals:list", (Perm.NRM_VIEW, Perm.SERVICE_REFERRAL_RESPOND)),
    NavItem(_("Services"), "directory:list", (Perm.SERVICE_DIRECTORY_VIEW,)),
    NavItem(_("NRM breaches"), "referrals:breaches", (Perm.NRM_BREACHES_VIEW,)),
    NavItem(_("Country settings"), "referrals:profile", (Perm.COUNTRY_PROFILE_MANAGE,)),
    NavItem(
        _("Criminal cases"),
        "enforcement:list",
        (Perm.INVESTIGATION_VIEW, Perm.PROSECUTION_VIEW),
    ),
    NavItem(_("Action plan"), "action_plans:home", (Perm.PLAN_VIEW,)),
    NavItem(_("Statistics"), "reporting:home", (Perm.STATISTICS_VIEW, Perm.CASE_VIEW)),
    NavItem(_("Import and export"), "exchange:home", (Perm.DATA_IMPORT, Perm.DATA_EXPORT)),
    NavItem(_("Audit log"), "audit:events", (Perm.AUDIT_VIEW,)),
    NavItem(_("Retention"), "retention:home", (Perm.ERASURE_APPROVE, Perm.RETENTION_MANAGE)),
    NavItem(
        _("Administration"),
        "accounts:admin_home",
        (Perm.MEMBERSHIP_MANAGE, Perm.ORGANISATION_MANAGE),
    ),
)


def navigation_for(actor: Actor) -> list[dict[str, str]]:
    items = []
    for item in NAVIGATION:
        if item.any_of and not any(actor.can(permission) for permission in item.any_of):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": str(item.label), "url": url, "name": item.url_name})
    return items
