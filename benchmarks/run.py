#!/usr/bin/env python3
"""Run Waypoint's benchmarks and print each as a ratio against its baseline (`make benchmarks`).

    .venv/bin/python benchmarks/run.py [--records N | --full] [--repeat R] [--postgres] [--json FILE]

The records go into a throwaway database: a temporary SQLite file, or with ``--postgres`` also a
throwaway PostgreSQL cluster (devtools/pgcluster.py), each migrated first. A run with
DATABASE_URL set to a postgres:// URL uses that database instead of SQLite. Nothing here asserts a
time: the exit code is non-zero only when a table differs from the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from benchmarks.console import say, warn  # noqa: E402


def _django(directory: Path) -> None:
    """Set Django up on a throwaway database and migrate it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("WAYPOINT_ENV", "test")
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def _postgres_pass(arguments: argparse.Namespace, directory: Path) -> dict:
    """The same benchmark in a child process on a throwaway PostgreSQL cluster."""
    output = directory / "postgres.json"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--records",
        str(arguments.records),
        "--repeat",
        str(arguments.repeat),
        "--json",
        str(output),
    ]
    result = subprocess.run(
        [sys.executable, str(ROOT / "devtools" / "pgcluster.py"), "--", *command], check=False
    )
    if not output.exists():
        warn(f"The PostgreSQL run failed (exit {result.returncode}).")
        return {"setup": {}, "comparisons": []}
    return dict(json.loads(output.read_text()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    from benchmarks import bench_statistics

    parser.add_argument(
        "--records",
        type=int,
        default=bench_statistics.DEFAULT_RECORDS,
        help=f"Victim records (default {bench_statistics.DEFAULT_RECORDS:,}).",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help=f"National scale: {bench_statistics.FULL_RECORDS:,} victim records.",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="Measured runs per case (median shown)."
    )
    parser.add_argument(
        "--postgres", action="store_true", help="Also on a throwaway PostgreSQL cluster."
    )
    parser.add_argument("--json", default="", help="Also write the results to this file.")
    arguments = parser.parse_args(argv)
    if arguments.full:
        arguments.records = bench_statistics.FULL_RECORDS

    from benchmarks.harness import Comparison, Report, Timing

    report = Report()
    with tempfile.TemporaryDirectory(prefix="waypoint-bench-db-") as temporary:
        directory = Path(temporary)
        _django(directory)
        bench_statistics.run(
            bench_statistics.Options(records=arguments.records, repeat=arguments.repeat), report
        )
        if arguments.postgres:
            child = _postgres_pass(arguments, directory)
            for name, seconds in child["setup"].items():
                if name not in report.setup:
                    report.setup[name] = seconds
            for item in child["comparisons"]:
                report.comparisons.append(
                    Comparison(
                        benchmark=item["benchmark"],
                        case=item["case"],
                        subject=item["subject"],
                        baseline=item["baseline"],
                        subject_time=Timing((item["subject_median_s"],)),
                        baseline_time=Timing((item["baseline_median_s"],)),
                        agrees=item["agrees"],
                        note=item["note"],
                    )
                )
            if not any(c.subject.startswith("postgresql") for c in report.comparisons):
                report.comparisons.append(_failed_postgres(Comparison, Timing))
    say()
    say(
        "Setup (seconds): "
        + ", ".join(f"{name} {seconds:.1f}" for name, seconds in report.setup.items())
    )
    say()
    say(report.table())
    say()
    say(
        "ratio = subject median / baseline median (lower is faster); 'same result' compares "
        "every figure of the table."
    )
    if arguments.json:
        Path(arguments.json).write_text(
            json.dumps(
                {"setup": report.setup, "comparisons": [c.as_dict() for c in report.comparisons]},
                indent=2,
            )
        )
    if not report.all_agree:
        warn("Some tables differ from the baseline: see 'same result'.")
        return 1
    return 0


def _failed_postgres(comparison: type, timing: type) -> object:
    return comparison(
        benchmark="statistics",
        case="PostgreSQL run",
        subject="postgresql",
        baseline="-",
        subject_time=timing((0.0,)),
        baseline_time=timing((1.0,)),
        agrees=False,
        note="the PostgreSQL run did not complete",
    )


if __name__ == "__main__":
    sys.exit(main())
