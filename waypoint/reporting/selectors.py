"""Reads of statistics: which tables exist, and a table for a period, protected or internal.

Every table handed to a page, the API, a command or a file comes from :func:`statistics_table`.
It is disclosure-controlled unless the caller asks for ``internal`` figures, which only the
national coordinator may see (on screen, marked "internal — not for publication"), and every such
read is recorded in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.access.actor import Actor
from waypoint.access.checks import require
from waypoint.access.roles import Perm
from waypoint.access.scopes.reporting import visible_reference_datasets
from waypoint.audit import services as audit
from waypoint.common.errors import NotVisible, ValidationFailed
from waypoint.reporting import registry
from waypoint.reporting.dashboards import Dashboard, Panel
from waypoint.reporting.disclosure import apply_disclosure_control, policy_from_settings
from waypoint.reporting.models import ReferenceDataset
from waypoint.reporting.periods import Period, PeriodError
from waypoint.reporting.registry import ChartKind, TableKind, TableSpec
from waypoint.reporting.tables import StatTable

TABLE_TARGET = "reporting.table"


def statistics_catalogue(*, actor: Actor, kind: TableKind | None = None) -> list[TableSpec]:
    """Every registered table (available or awaiting its data), in a stable order."""
    require(actor, Perm.STATISTICS_VIEW)
    return registry.all_specs(kind)


def statistics_spec(*, actor: Actor, table_id: str) -> TableSpec:
    require(actor, Perm.STATISTICS_VIEW)
    try:
        return registry.get(table_id)
    except registry.UnknownTable as error:
        raise NotVisible(
            _("There is no statistics table %(id)s.") % {"id": table_id[:60]}
        ) from error


def statistics_period(spec: TableSpec, token: str | None) -> Period:
    """The period a request names, or the table's default; ``ValidationFailed`` on ``period``."""
    if not token:
        return spec.default_period()
    try:
        return registry.resolve_period(spec, token)
    except PeriodError as error:
        raise ValidationFailed(
            _("The period is not valid."), fields={"period": [str(error)]}
        ) from error


@dataclass(frozen=True)
class TableView:
    spec: TableSpec
    table: StatTable


def statistics_table(
    *, actor: Actor, table_id: str, period: str | None = None, internal: bool = False
) -> TableView:
    """A table for a period: disclosure-controlled, or exact (``internal``) for the coordinator.

    Internal figures never leave the screen: exports and the API always call this without
    ``internal``.
    """
    spec = statistics_spec(actor=actor, table_id=table_id)
    resolved = statistics_period(spec, period)
    if internal:
        require(actor, Perm.STATISTICS_VIEW_INTERNAL)
    table = registry.compute(spec, actor=actor, period=resolved)
    if internal:
        if table.source_available:
            audit.record(
                actor=actor,
                action="statistics.view_internal",
                target_type=TABLE_TARGET,
                target_id=spec.table_id,
                details={"period": resolved.token},
            )
        return TableView(spec=spec, table=table)
    return TableView(spec=spec, table=apply_disclosure_control(table, policy_from_settings()))


@dataclass(frozen=True)
class PanelView:
    panel: Panel
    spec: TableSpec | None
    table: StatTable | None
    awaiting: str

    @property
    def chart_kind(self) -> ChartKind:
        return self.spec.chart if self.spec is not None else self.panel.chart_kind

    @property
    def chart_id(self) -> str:
        return f"panel-{self.table.table_id}" if self.table is not None else "panel"


NO_CASE_DATA = gettext_lazy(
    "Your role does not include case data, so this panel has no figures for you: it counts the "
    "cases a case worker or supervisor may open."
)


def dashboard_panels(*, actor: Actor, dashboard: Dashboard) -> list[PanelView]:
    """The panels of a dashboard with their tables: exact for the coordinator's internal overview,
    protected otherwise. A panel whose data does not exist yet says what it awaits; a table the
    person may not open is left out. Operational panels (an organisation's activity, a caseload)
    count over the cases the person may open and need ``cases.view``: without it they say so and
    show no figure."""
    views = []
    for panel in dashboard.panels:
        if panel.builder is not None:
            if actor.can(Perm.CASE_VIEW):
                views.append(PanelView(panel, None, panel.builder(actor), ""))
            else:
                views.append(PanelView(panel, None, None, str(NO_CASE_DATA)))
            continue
        if not panel.table_id:
            views.append(PanelView(panel, None, None, str(panel.awaiting)))
            continue
        try:
            spec = registry.get(panel.table_id)
        except registry.UnknownTable:
            continue
        if not spec.source_available:
            views.append(PanelView(panel, spec, None, spec.awaiting))
            continue
        if not actor.can(Perm.STATISTICS_VIEW):
            continue
        table = statistics_table(
            actor=actor,
            table_id=spec.table_id,
            period=panel.period_token() or None,
            internal=dashboard.internal,
        ).table
        views.append(PanelView(panel, spec, table, ""))
    return views


def reference_datasets(*, actor: Actor) -> QuerySet[ReferenceDataset]:
    """The reference statistics files imported so far."""
    return visible_reference_datasets(actor).order_by("source")
