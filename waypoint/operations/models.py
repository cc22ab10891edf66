from __future__ import annotations

from django.db import models


class ScheduledRun(models.Model):
    """One row per periodic task per time slot: several workers never enqueue the same run twice."""

    task_name = models.CharField(max_length=200)
    slot_start = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task_name", "slot_start"], name="scheduled_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.task_name} @ {self.slot_start.isoformat()}"
