"""Rate-limit counters: fixed windows per key, shared by every process through the database."""

from __future__ import annotations

from django.db import models


class RateLimitCounter(models.Model):
    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="rate_limit_window_once")
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start.isoformat()}: {self.count}"
