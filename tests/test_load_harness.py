"""The load-test harness end to end, at a tiny size: its own PostgreSQL cluster, 200 cases,
gunicorn, a few seconds of locust, the direct baseline, and the report with zero errors.

It takes minutes (a cluster to create and migrate), so it is marked ``load`` and kept out of
``make test``: run it with ``make load-smoke``. No time is asserted.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REQUEST_TYPES = (
    "case list page",
    "case page",
    "case list API",
    "referral list page",
    "referral page",
    "screening: start",
    "screening: answers",
    "screening submission",
    "statistics page",
    "statistics table page",
)


@pytest.mark.load
def test_the_load_harness_runs_end_to_end_with_zero_errors():
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "WAYPOINT_ENV", "WAYPOINT_DATA_DIR")
    }
    result = subprocess.run(  # noqa: S603  this interpreter, the harness
        [
            sys.executable,
            str(ROOT / "benchmarks" / "load" / "run.py"),
            "--cases=200",
            "--seconds=8",
            "--users=5",
            "--workers=1",
            "--samples=1",
            "--repeat=1",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "zero errors" in result.stdout
    rows = [
        line
        for line in result.stdout.splitlines()
        if line.startswith("| ") and not line.startswith("| request type")
    ]
    assert rows, result.stdout[-3000:]
    assert {row.split(" | ")[0].removeprefix("| ") for row in rows} <= set(REQUEST_TYPES)
    # Every request type measured over HTTP was also replayed directly.
    assert all(" - |" not in row for row in rows), rows
