from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from waypoint.access import ratelimit


@task()
def purge_rate_limit_counters() -> int:
    """Delete rate-limit windows older than a day."""
    return ratelimit.purge(older_than=timezone.now() - dt.timedelta(days=1))
