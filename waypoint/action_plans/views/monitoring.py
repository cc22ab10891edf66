"""Pages: the monitoring committee's views (plan progress, stakeholder performance) and the
recommendation tracker, each exportable to XLSX and PDF."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from waypoint.access.declarations import requires
from waypoint.access.roles import Perm
from waypoint.action_plans.charts import Bar, Segment, stacked_bars
from waypoint.action_plans.choices import ActionStatus, DerivedStatus, RecommendationSource
from waypoint.action_plans.exports.documents import pdf
from waypoint.action_plans.exports.xlsx import monitoring_workbook, tracker_workbook
from waypoint.action_plans.periods import parse_period
from waypoint.action_plans.selectors import plans as plan_selectors
from waypoint.action_plans.selectors.monitoring import (
    STAKEHOLDER_SORTS,
    plan_progress,
    stakeholder_performance,
)
from waypoint.action_plans.selectors.tables import recommendation_tracker
from waypoint.action_plans.views.common import download, query_without, today
from waypoint.common.errors import ValidationFailed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _monitoring(request, public_id):
    actor = request.actor
    plan = plan_selectors.plan_get(actor=actor, public_id=public_id)
    sort = request.GET.get("sort", "organisation")
    if sort.lstrip("-") not in STAKEHOLDER_SORTS:
        sort = "organisation"
    day = today()
    progress = plan_progress(actor=actor, plan=plan, today=day)
    stakeholders = stakeholder_performance(actor=actor, plan=plan, today=day, sort=sort)
    return plan, progress, stakeholders, sort


def _status_segments(counts):
    return [
        Segment(status.value, str(status.label), getattr(counts, status.value))
        for status in ActionStatus
    ]


@requires(Perm.PLAN_VIEW)
def monitoring(request, public_id):
    """Progress by pillar and objective and each stakeholder's performance, with charts and tables."""
    plan, progress, stakeholders, sort = _monitoring(request, public_id)
    pillar_chart = stacked_bars(
        [Bar(item.pillar.name, _status_segments(item.counts)) for item in progress.pillars],
        title=_("Actions by status, per pillar"),
        description=_("Each bar is a pillar; segments count its actions by status."),
        chart_id="pillar-chart",
    )
    reports_chart = stacked_bars(
        [
            Bar(
                row.organisation.name,
                [
                    Segment("on_time", _("On time"), row.reports_on_time),
                    Segment("late", _("Late"), row.reports_late),
                    Segment("missing", _("Missing"), row.reports_missing),
                ],
            )
            for row in stakeholders
        ],
        title=_("Progress reports per lead organisation"),
        description=_("Reports due in rounds whose deadline has passed: on time, late, missing."),
        chart_id="reports-chart",
    )
    return render(
        request,
        "action_plans/monitoring.html",
        {
            "plan": plan,
            "progress": progress,
            "stakeholders": stakeholders,
            "sort": sort,
            "query": query_without(request, "page"),
            "pillar_chart": pillar_chart,
            "reports_chart": reports_chart,
            "statuses": ActionStatus.choices,
        },
    )


@requires(Perm.PLAN_VIEW)
def monitoring_xlsx(request, public_id):
    plan, progress, stakeholders, _sort = _monitoring(request, public_id)
    return download(
        monitoring_workbook(progress, stakeholders),
        filename=f"monitoring-{plan.title}.xlsx",
        content_type=XLSX,
    )


@requires(Perm.PLAN_VIEW)
def monitoring_pdf(request, public_id):
    plan, progress, stakeholders, _sort = _monitoring(request, public_id)
    document = pdf(
        "action_plans/exports/monitoring_pdf.html",
        {"plan": plan, "progress": progress, "stakeholders": stakeholders, "today": today()},
    )
    return download(
        document, filename=f"monitoring-{plan.title}.pdf", content_type="application/pdf"
    )


def _tracker(request):
    try:
        period = parse_period(request.GET.get("period"), default=today())
    except ValueError as error:
        raise ValidationFailed(str(error)) from error
    source = request.GET.get("source", RecommendationSource.TIP_REPORT)
    if source not in RecommendationSource.values and source != "all":
        source = RecommendationSource.TIP_REPORT
    priority_only = request.GET.get("priority") == "1"
    tracker = recommendation_tracker(
        period,
        actor=request.actor,
        source="" if source == "all" else source,
        priority_only=priority_only,
        today=today(),
    )
    return tracker, source, priority_only


@requires(Perm.PLAN_VIEW)
def tracker(request):
    """The recommendation tracker for a TIP reporting period (1 April – 31 March; T11)."""
    result, source, priority_only = _tracker(request)
    return render(
        request,
        "action_plans/tracker.html",
        {
            "tracker": result,
            "period": result.period,
            "source": source,
            "priority_only": priority_only,
            "sources": RecommendationSource.choices,
            "query": query_without(request),
            "derived": [
                (code, label, result.by_derived_status.get(code, 0))
                for code, label in DerivedStatus.choices
            ],
        },
    )


@requires(Perm.PLAN_VIEW)
def tracker_xlsx(request):
    result, _source, _priority = _tracker(request)
    return download(
        tracker_workbook(result),
        filename=f"recommendations-{result.period.slug}.xlsx",
        content_type=XLSX,
    )


@requires(Perm.PLAN_VIEW)
def tracker_pdf(request):
    result, _source, _priority = _tracker(request)
    document = pdf("action_plans/exports/tracker_pdf.html", {"tracker": result, "today": today()})
    return download(
        document,
        filename=f"recommendations-{result.period.slug}.pdf",
        content_type="application/pdf",
    )
