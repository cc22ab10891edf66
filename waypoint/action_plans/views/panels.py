"""The home page panel: reports the person's organisation owes and the current plans."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from waypoint.access.roles import Perm
from waypoint.access.scopes.action_plans import may_report
from waypoint.action_plans.selectors.plans import current_plans, owed_report_count


def reporting_panel(request) -> dict[str, Any] | None:
    actor = getattr(request, "actor", None)
    if actor is None or not actor.can(Perm.PLAN_VIEW):
        return None
    plans = list(current_plans(actor=actor)[:3])
    reporting = may_report(actor)
    if not plans:
        return None
    return {
        "template": "action_plans/panel.html",
        "plans": plans,
        "may_report": reporting,
        "owed": owed_report_count(actor=actor, today=timezone.localdate()) if reporting else 0,
    }
