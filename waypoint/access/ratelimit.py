"""Rate limits (sign-in attempts, password resets, API token use, exports).

Counters live in the database so every worker process shares them (the in-memory cache would give
each process its own limit). A fixed window per key: simple, and enough to stop guessing and
scraping. Keys hold a hash of the address or account, never the value itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import connection
from django.utils import timezone

from waypoint.access.models import RateLimitCounter


def _window_start(now: dt.datetime, window: dt.timedelta) -> dt.datetime:
    seconds = int(window.total_seconds())
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


def key_for(scope: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"{scope}:{digest}"


def hit(key: str, *, limit: int, window: dt.timedelta, now: dt.datetime | None = None) -> bool:
    """Count one attempt for ``key``; True while the count in the current window is within ``limit``."""
    start = _window_start(now or timezone.now(), window)
    table = connection.ops.quote_name(RateLimitCounter._meta.db_table)
    # One atomic statement on SQLite (3.35+) and PostgreSQL: insert the window or count one more.
    statement = (
        f"INSERT INTO {table} (key, window_start, count) VALUES (%s, %s, 1) "  # noqa: S608  quoted name
        f"ON CONFLICT (key, window_start) DO UPDATE SET count = {table}.count + 1 RETURNING count"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [key, connection.ops.adapt_datetimefield_value(start)])
        count = int(cursor.fetchone()[0])
    return count <= limit


def is_limited(
    key: str, *, limit: int, window: dt.timedelta, now: dt.datetime | None = None
) -> bool:
    """Whether ``key`` is over ``limit`` in the current window, without counting an attempt."""
    start = _window_start(now or timezone.now(), window)
    count = (
        RateLimitCounter.objects.filter(key=key, window_start=start)
        .values_list("count", flat=True)
        .first()
    )
    return bool(count and count > limit)


def purge(*, older_than: dt.datetime) -> int:
    deleted, _per_model = RateLimitCounter.objects.filter(window_start__lt=older_than).delete()
    return deleted
