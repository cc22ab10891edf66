from __future__ import annotations

from django_tasks import task

from waypoint.access.actor import Actor
from waypoint.retention.services import retention_apply


@task()
def apply_retention_schedules() -> int:
    """Daily: remove what the retention schedules say is kept long enough."""
    run = retention_apply(actor=Actor.system("daily retention schedules"))
    return int(run.report.get("documents_deleted", 0))
