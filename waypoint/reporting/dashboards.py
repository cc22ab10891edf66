"""Dashboards: one per kind of work, each a list of panels.

``dashboard_for(actor)`` picks the dashboard the statistics home page shows:

- the national coordinator: the **national overview** (exact internal figures, marked so);
- analysts, investigators and prosecutors: the **statistics** dashboard (disclosure-controlled);
- case workers and others who work cases without assigning them: their **caseload**;
- everyone else (case supervisors, decision makers, organisation administrators...): their
  **organisation's activity**.

A panel either names a registered statistics table (and optionally its period) — shown through
``selectors.statistics_table`` like any table, so protected unless the dashboard is internal — or
has a ``builder``: an operational count over the cases the person may open
(``waypoint.reporting.activity``), shown only to roles with ``cases.view``. A panel whose data does
not exist yet says which data it awaits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm
from waypoint.reporting import activity
from waypoint.reporting.periods import latest_complete_tip_period, tip_period
from waypoint.reporting.registry import ChartKind, tip_start
from waypoint.reporting.tables import StatTable


class DashboardKind(StrEnum):
    NATIONAL = "national"
    STATISTICS = "statistics"
    ORGANISATION = "organisation"
    CASELOAD = "caseload"


@dataclass(frozen=True)
class Panel:
    title: str | Promise
    # A registered table, or "" for a panel whose table does not exist yet (``awaiting`` says why)
    # or that counts operational data (``builder``).
    table_id: str = ""
    # The period token, or a function giving it (e.g. the TIP period in progress).
    period: str | Callable[[], str] = ""
    awaiting: str | Promise = ""
    chart: bool = True
    builder: Callable[[Actor], StatTable] | None = None
    chart_kind: ChartKind = ChartKind.BAR

    def period_token(self) -> str:
        return self.period() if callable(self.period) else self.period


def current_tip_token(today: dt.date | None = None) -> str:
    """The TIP period in progress (the one after the latest complete period)."""
    today = today or timezone.localdate()
    latest = latest_complete_tip_period(today, tip_start())
    return tip_period(latest.end.year + 1, tip_start()).token


@dataclass(frozen=True)
class Dashboard:
    kind: DashboardKind
    title: str | Promise
    introduction: str | Promise
    panels: tuple[Panel, ...]
    # Whether its figures are exact (coordinator, on screen) or disclosure-controlled.
    internal: bool = False


REFERENCE_PANELS = (
    Panel(_("UK NRM referrals by quarter (reference)"), "uk-nrm-referrals"),
    Panel(_("Detected victims by country (UNODC, reference)"), "unodc-glotip-victims"),
    Panel(_("Routes: citizenship to detecting country (UNODC, reference)"), "unodc-glotip-flows"),
)

NATIONAL = Dashboard(
    kind=DashboardKind.NATIONAL,
    title=_("National overview"),
    introduction=_(
        "Referrals and identifications this period against the last, decisions overdue, the "
        "main nationalities and sectors, prosecutions and convictions; with published reference "
        "series to compare with."
    ),
    panels=(
        Panel(
            _("Victims registered and identified this TIP period and the last"),
            "overview-victims",
            period=current_tip_token,
        ),
        Panel(_("NRM referrals and overdue decisions"), "nrm-n1"),
        Panel(_("Victims identified in the last complete TIP period"), "tip-t5"),
        Panel(_("Top nationalities of registered victims (last calendar year)"), "eurostat-e3"),
        Panel(_("Sectors of labour exploitation"), "patterns-sectors"),
        Panel(_("Routes: citizenship, transit and country of exploitation"), "flows"),
        Panel(_("Prosecutions initiated"), "tip-t2"),
        Panel(_("Convictions and sentences"), "tip-t3"),
        *REFERENCE_PANELS,
    ),
    internal=True,
)

STATISTICS = Dashboard(
    kind=DashboardKind.STATISTICS,
    title=_("Statistics"),
    introduction=_(
        "De-identified, disclosure-controlled statistics: small counts are withheld, and so are "
        "the figures that would let them be worked out."
    ),
    panels=(
        Panel(_("Registered victims by sex and age group"), "eurostat-e2"),
        Panel(_("Victims identified"), "tip-t5"),
        Panel(_("Routes and flows"), "flows"),
        Panel(_("Investigations initiated"), "tip-t1"),
        *REFERENCE_PANELS,
    ),
)

ORGANISATION_ACTIVITY = Panel(
    _("Cases opened and closed, persons registered"), builder=activity.organisation_activity
)
ORGANISATION = Dashboard(
    kind=DashboardKind.ORGANISATION,
    title=_("Your organisation's activity"),
    introduction=_(
        "Your organisation's cases: opened and closed, persons registered, open and overdue "
        "tasks. Counted over the cases you may open."
    ),
    panels=(
        ORGANISATION_ACTIVITY,
        Panel(
            _("Open tasks on your organisation's cases"),
            builder=activity.organisation_tasks,
            chart_kind=ChartKind.RANKED,
        ),
        Panel(
            _("Your organisation's cases by status"),
            builder=activity.organisation_cases_by_status,
            chart_kind=ChartKind.RANKED,
        ),
        Panel(_("Screenings and their outcomes"), "nrm-n2"),
        Panel(
            _("Referrals made and received by your organisation"),
            builder=activity.organisation_referrals,
        ),
    ),
)

CASELOAD = Dashboard(
    kind=DashboardKind.CASELOAD,
    title=_("Your caseload"),
    introduction=_("Your open cases, tasks due and decisions awaited, at a glance."),
    panels=(
        Panel(
            _("Your cases by status"), builder=activity.caseload_cases, chart_kind=ChartKind.RANKED
        ),
        Panel(
            _("Your tasks due and overdue"),
            builder=activity.caseload_tasks,
            chart_kind=ChartKind.RANKED,
        ),
        ORGANISATION_ACTIVITY,
        Panel(
            _("Identification decisions awaited"),
            builder=activity.caseload_decisions,
        ),
    ),
)


def dashboard_for(actor: Actor) -> Dashboard:
    """The coordinator's national overview; the statistics dashboard for other roles that see
    statistics; the caseload of people who work cases without assigning them; otherwise (case
    supervisors, decision makers, administrators) the organisation's own activity."""
    if actor.can(Perm.STATISTICS_VIEW_INTERNAL):
        return NATIONAL
    if actor.can(Perm.STATISTICS_VIEW):
        return STATISTICS
    if (
        actor.can(Perm.CASE_NOTE_ADD)
        and actor.can(Perm.CASE_VIEW)
        and not actor.can(Perm.CASE_ASSIGN)
    ):
        return CASELOAD
    return ORGANISATION
