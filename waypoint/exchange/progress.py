"""Progress of a running job, visible to the page that polls it.

An import writes inside one long transaction, so progress saved on the job row would stay invisible
to other connections until the end. Progress is therefore kept in a small file next to the job's
files (counts and a phase only, nothing about the data) and read by the job selectors while the job
runs; the job row gets the final figures when it finishes.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings

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

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def read(job: Job) -> dict[str, Any] | None:
    """The latest progress of a running job, or None."""
    try:
        data = json.loads(_path(job).read_text())
    except (FileNotFoundError, ValueError):
        return None
    return data if isinstance(data, dict) else None
