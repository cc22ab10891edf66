"""Template helpers of national coordination: status tags and sortable column headers."""

from __future__ import annotations

from django import template

from waypoint.access.scopes.action_plans import may_report
from waypoint.action_plans.choices import ActionStatus, DerivedStatus, ReportState, StatedStatus

register = template.Library()

_TAGS = {
    ActionStatus.NOT_STARTED: "tag--muted",
    ActionStatus.ON_TRACK: "tag--ok",
    ActionStatus.DELAYED: "tag--warn",
    ActionStatus.COMPLETED: "tag--ok",
    ActionStatus.DROPPED: "tag--muted",
    ReportState.ON_TIME: "tag--ok",
    ReportState.LATE: "tag--warn",
    ReportState.MISSING: "tag--danger",
    ReportState.DRAFT: "tag--muted",
    ReportState.PENDING: "",
    DerivedStatus.NO_ACTION: "tag--danger",
    DerivedStatus.AT_RISK: "tag--warn",
    DerivedStatus.ADDRESSED: "tag--ok",
    DerivedStatus.IN_PROGRESS: "",
    StatedStatus.IMPLEMENTED: "tag--ok",
    StatedStatus.NOT_ASSESSED: "tag--muted",
    "critical": "tag--danger",
    "warning": "tag--warn",
}


@register.filter
def status_tag(code: str) -> str:
    """The CSS modifier for a status code (action, report state, recommendation, gap severity)."""
    return _TAGS.get(code, "")


@register.filter
def sort_state(sort: str, key: str) -> str:
    """``ascending``/``descending``/``none`` for ``aria-sort`` of the column ``key``."""
    if sort == key:
        return "ascending"
    if sort == f"-{key}":
        return "descending"
    return "none"


@register.simple_tag
def next_sort(sort: str, key: str) -> str:
    """The sort value a click on the column ``key`` asks for (toggles the direction)."""
    return f"-{key}" if sort == key else key


@register.filter
def or_unknown(value: object) -> object:
    """Blank values are "not recorded", never zero."""
    return "—" if value is None or value == "" else value


@register.simple_tag(takes_context=True)
def can_report(context) -> bool:
    """Whether the person reports for their organisation (administrator or named reporter)."""
    actor = context.get("actor")
    return actor is not None and may_report(actor)


@register.filter
def derived_label(code: str) -> str:
    """The label of a recommendation's derived status code."""
    return str(DerivedStatus(code).label) if code in DerivedStatus.values else ""
