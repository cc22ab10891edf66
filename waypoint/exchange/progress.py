"""Progress of a running job, visible to the page that polls it.

Progress is saved on the job row (phase, rows done, total) whenever the job is not inside a
transaction — the whole checking pass of an import, for example. An import writes inside one long
transaction, where an update of the job row would stay invisible to other connections until the end,
so progress is also kept in a small file next to the job's files (counts and a phase only, nothing
about the data), which the job selectors read while the job runs. The job row gets the final figures
when it finishes.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from waypoint.exchange.models import Job

_MIN_INTERVAL = 0.5


def _directory() -> Path:
    path = Path(settings.WAYPOINT_IMPORTS_DIR) / "progress"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _path(job: Job) -> Path:
    return _directory() / f"{job._meta.model_name}-{job.public_id.hex}.json"


class JobProgress:
    def __init__(self, job: Job) -> None:
        self.job = job
        self.path = _path(job)
        self._last = 0.0

    def update(self, phase: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self._last < _MIN_INTERVAL and (total is None or done < total):
            return
        self._last = now
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"phase": phase, "done": done, "total": total}))
        os.replace(temporary, self.path)
        if not transaction.get_connection().in_atomic_block:
            type(self.job)._default_manager.filter(pk=self.job.pk).update(
                phase=phase, rows_done=done, rows_total=total
            )

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def read(job: Job) -> dict[str, Any] | None:
    """The latest progress of a running job, or None."""
    try:
        data = json.loads(_path(job).read_text())
    except (FileNotFoundError, ValueError):
        return None
    return data if isinstance(data, dict) else None
