"""Dashboards: one per kind of work, each a list of panels over registered tables.

``dashboard_for(actor)`` picks the dashboard the statistics home page shows. A panel names a table
(and optionally a period); a panel whose data does not exist yet says which data it awaits. Phase
two of the statistics work fills the national overview, the organisation's activity and the
caseload by registering their tables' functions; the panels below already name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from waypoint.access.actor import Actor
from waypoint.access.roles import Perm


class DashboardKind(StrEnum):
    NATIONAL = "national"
    STATISTICS = "statistics"
    ORGANISATION = "organisation"
    CASELOAD = "caseload"


@dataclass(frozen=True)
class Panel:
    title: str | Promise
    # A registered table, or "" for a panel whose table does not exist yet (``awaiting`` says why).
    table_id: str = ""
    period: str = ""
    awaiting: str | Promise = ""
    chart: bool = True


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
        Panel(_("Victims identified this TIP period and the last"), "tip-t5"),
        Panel(_("NRM referrals, decisions and overdue decisions"), "nrm-n1"),
        Panel(_("Top nationalities, routes and sectors"), "flows"),
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
        Panel(_("Routes and flows"), "flows"),
        Panel(_("Investigations initiated"), "tip-t1"),
        *REFERENCE_PANELS,
    ),
)

ORGANISATION = Dashboard(
    kind=DashboardKind.ORGANISATION,
    title=_("Your organisation's activity"),
    introduction=_("What your organisation recorded: screenings, referrals made and received."),
    panels=(
        Panel(_("Screenings and their outcomes"), "nrm-n2"),
        Panel(
            _("Referrals made and received by your organisation"),
            awaiting=_("No data source yet: NRM and service referrals (issue #5)."),
        ),
    ),
)

CASELOAD = Dashboard(
    kind=DashboardKind.CASELOAD,
    title=_("Your caseload"),
    introduction=_("Your open cases, tasks due and decisions awaited, at a glance."),
    panels=(
        Panel(
            _("Open cases by stage"),
            awaiting=_("No data source yet: cases and case management (issue #3)."),
        ),
        Panel(
            _("Tasks due this week and overdue"),
            awaiting=_("No data source yet: case tasks and reminders (issue #3)."),
        ),
        Panel(
            _("Identification decisions awaited"),
            awaiting=_("No data source yet: NRM decisions and timers (issue #5)."),
        ),
    ),
)


def dashboard_for(actor: Actor) -> Dashboard:
    """The coordinator's national overview; the statistics dashboard for other roles that see
    statistics; a case worker's caseload; otherwise the organisation's own activity."""
    if actor.can(Perm.STATISTICS_VIEW_INTERNAL):
        return NATIONAL
    if actor.can(Perm.STATISTICS_VIEW):
        return STATISTICS
    if actor.can(Perm.CASE_NOTE_ADD) and actor.can(Perm.CASE_VIEW):
        return CASELOAD
    return ORGANISATION
