"""The "my work" panel on the home page: my open tasks, overdue tasks, transfers waiting."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from waypoint.access.roles import Perm
from waypoint.cases import selectors


def my_work_panel(request: HttpRequest) -> dict[str, Any] | None:
    actor = request.actor  # type: ignore[attr-defined]
    if actor.user is None or not actor.can(Perm.CASE_VIEW):
        return None
    tasks = list(selectors.my_open_tasks(actor=actor)[:10])
    overdue = list(selectors.overdue_tasks(actor=actor)[:10])
    incoming = list(selectors.incoming_transfers(actor=actor)[:10])
    return {
        "template": "cases/panel_my_work.html",
        "tasks": tasks,
        "overdue": overdue,
        "incoming": incoming,
        "today": timezone.localdate(),
        "open_cases": selectors.open_case_count(actor=actor),
    }
