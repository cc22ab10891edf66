"""Statistics pages: the dashboard of your role, a table with its chart, and downloads.

On screen the national coordinator sees exact figures marked "internal — not for publication"
(and can switch to the published view); everyone else, and every download, gets disclosure-
controlled figures. Downloads are rate-limited (the ``exports`` throttle scope shared with the
API) and each is recorded in the audit log by the export service.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.api.throttling import ScopedThrottle
from waypoint.common.errors import DomainError, NotVisible, ValidationFailed
from waypoint.reporting import selectors, services
from waypoint.reporting.charts import chart_for
from waypoint.reporting.dashboards import dashboard_for
from waypoint.reporting.forms import TablePickForm
from waypoint.reporting.registry import KIND_LABELS, TableKind

DOWNLOAD_FORMATS = ("csv", "xlsx", "pdf")


class _ExportScope:
    """What DRF's scoped throttle reads from a view: the scope shared with the API's exports."""

    throttle_scope = "exports"


def _throttled(request) -> HttpResponse | None:
    throttle = ScopedThrottle()
    if throttle.allow_request(request, _ExportScope()):  # type: ignore[arg-type]  # reads only the scope
        return None
    wait = throttle.wait()
    minutes = max(1, round((wait or 60) / 60))
    response = render(
        request,
        "reporting/throttled.html",
        {"minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(int(wait or 60))
    return response


def _catalogue(actor):
    groups = []
    for kind in TableKind:
        specs = selectors.statistics_catalogue(actor=actor, kind=kind)
        if specs:
            groups.append({"label": KIND_LABELS[kind], "kind": kind.value, "specs": specs})
    return groups


@requires(Perm.DASHBOARD_VIEW)
def home(request):
    """The dashboard of the person's role, and for people who see statistics, every table."""
    actor = request.actor
    dashboard = dashboard_for(actor)
    can_see_statistics = actor.can(Perm.STATISTICS_VIEW)
    panels = [
        {
            "view": view,
            "chart": (
                chart_for(view.table, view.chart_kind, view.chart_id)
                if view.table is not None and view.panel.chart
                else None
            ),
        }
        for view in selectors.dashboard_panels(actor=actor, dashboard=dashboard)
    ]
    return render(
        request,
        "reporting/home.html",
        {
            "dashboard": dashboard,
            "panels": panels,
            "groups": _catalogue(actor) if can_see_statistics else [],
            "datasets": selectors.reference_datasets(actor=actor) if can_see_statistics else [],
        },
    )


@requires(Perm.STATISTICS_VIEW)
def pick(request):
    """The table picker's target: go to the chosen table for the chosen period."""
    spec = selectors.statistics_spec(actor=request.actor, table_id=request.GET.get("table", ""))
    url = reverse("reporting:table", args=[spec.table_id])
    query = {"period": request.GET.get("period", "").strip()}
    if request.GET.get("view") == "published":
        query["view"] = "published"
    return HttpResponseRedirect(f"{url}?{urlencode({k: v for k, v in query.items() if v})}")


@requires(Perm.STATISTICS_VIEW)
def table_detail(request, table_id):
    """One table for a period, as a table and as a chart, with its downloads."""
    actor = request.actor
    spec = selectors.statistics_spec(actor=actor, table_id=table_id)
    may_see_internal = actor.can(Perm.STATISTICS_VIEW_INTERNAL)
    internal = may_see_internal and request.GET.get("view") != "published"
    period_token = request.GET.get("period", "").strip() or None
    form = TablePickForm(
        {"table": spec.table_id, "period": period_token or spec.default_period().token},
        specs=selectors.statistics_catalogue(actor=actor),
    )
    form.is_valid()
    status = 200
    view = None
    try:
        view = selectors.statistics_table(
            actor=actor, table_id=spec.table_id, period=period_token, internal=internal
        )
    except ValidationFailed as error:
        for field, messages in error.fields.items():
            form.add_error(field if field in form.fields else None, messages)
        status = 400
    table = view.table if view is not None else None
    chart = chart_for(table, spec.chart) if table is not None else None
    return render(
        request,
        "reporting/table.html",
        {
            "spec": spec,
            "table": table,
            "chart": chart,
            "form": form,
            "suggestions": spec.suggestions(),
            "internal": internal and table is not None,
            "may_see_internal": may_see_internal,
            "formats": DOWNLOAD_FORMATS,
            "period_token": table.period.token if table is not None else "",
        },
        status=status,
    )


def _attachment(export) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    response["Cache-Control"] = "no-store"
    return response


@requires(Perm.STATISTICS_VIEW)
def table_download(request, table_id, file_format):
    """The table as CSV, XLSX or PDF: always disclosure-controlled, rate-limited and audited."""
    if file_format not in DOWNLOAD_FORMATS:
        raise NotVisible()
    refused = _throttled(request)
    if refused is not None:
        return refused
    export = services.statistics_export(
        actor=request.actor,
        table_id=table_id,
        period=request.GET.get("period", "").strip() or None,
        file_format=file_format,
    )
    return _attachment(export)


@requires(Perm.STATISTICS_VIEW)
def tip_annex(request):
    """The TIP annex: every TIP table for a period with definitions, as a PDF."""
    refused = _throttled(request)
    if refused is not None:
        return refused
    try:
        export = services.tip_annex_export(
            actor=request.actor, period=request.GET.get("period", "").strip() or None
        )
    except ValidationFailed as error:
        messages = [message for items in error.fields.values() for message in items]
        raise DomainError(" ".join([error.message, *messages])) from error
    return _attachment(export)
