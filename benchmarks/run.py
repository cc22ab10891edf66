#!/usr/bin/env python3
"""Run Waypoint's benchmarks and print each as a ratio against its baseline (`make benchmarks`).

    .venv/bin/python benchmarks/run.py [--records N] [--repeat R] [--postgres] [--json FILE]

``--postgres`` runs the same cases on a throwaway PostgreSQL cluster too (devtools/pgcluster.py);
so does any run with DATABASE_URL set to a postgres:// URL. Nothing here asserts a time: the exit
code is non-zero only when an engine computes a different result from the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("WAYPOINT_ENV", "test")
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--records", type=int, default=None, help="Synthetic records (default 1,000,000)."
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="Measured runs per case (median shown)."
    )
    parser.add_argument(
        "--postgres", action="store_true", help="Also on a throwaway PostgreSQL cluster."
    )
    parser.add_argument("--json", default="", help="Also write the results to this file.")
    arguments = parser.parse_args(argv)

    from benchmarks import bench_statistics

    if arguments.postgres and not bench_statistics.postgres_url_from_environment():
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            *[a for a in (argv or sys.argv[1:]) if a != "--postgres"],
        ]
        return subprocess.run(
            [sys.executable, str(ROOT / "devtools" / "pgcluster.py"), "--", *command], check=False
        ).returncode

    _django()
    from benchmarks.harness import Report

    report = Report()
    options = bench_statistics.Options(
        records=arguments.records or bench_statistics.DEFAULT_RECORDS,
        repeat=arguments.repeat,
        postgres_url=bench_statistics.postgres_url_from_environment(),
    )
    bench_statistics.run(options, report)
    print()
    print(
        "Setup (seconds): "
        + ", ".join(f"{name} {seconds:.1f}" for name, seconds in report.setup.items())
    )
    print()
    print(report.table())
    print()
    print(
        "ratio = subject median / baseline median (lower is faster); 'same result' compares the figures."
    )
    if arguments.json:
        Path(arguments.json).write_text(
            json.dumps(
                {"setup": report.setup, "comparisons": [c.as_dict() for c in report.comparisons]},
                indent=2,
            )
        )
    if not report.all_agree:
        print("Some engines disagree with the baseline: see 'same result'.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
