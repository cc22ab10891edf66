#!/usr/bin/env python3
"""Load test (`make load-test`): locust, headless, against Waypoint served by gunicorn on
127.0.0.1, on a throwaway PostgreSQL holding 100,000 cases of realistic shape; then the same SQL
each kind of request ran, run directly (the baseline). Prints, per request type, the requests,
errors, p50 and p95 over HTTP, the direct p50 and p95, and the ratio of the p50s (what the
application adds: HTTP, Python, templates, serialisation, encryption).

    .venv/bin/python benchmarks/load/run.py [--cases N] [--seconds S] [--users U] [--workers W]

Without DATABASE_URL=postgres://… the command starts its own cluster (devtools/pgcluster.py) and
deletes it afterwards. The exit code is 1 when any request failed (status 300 or more, or an error
in a user's flow); times are reported, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from benchmarks.console import say, warn  # noqa: E402

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
# Sign-in is not a request type of the report, but a failed sign-in is an error.
SIGN_IN = "sign in"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _environment(workdir: Path) -> None:
    """Development settings without debug, in a data directory of their own: the server and this
    process share its generated secrets and data keys."""
    os.environ["WAYPOINT_ENV"] = "development"
    os.environ["WAYPOINT_DEBUG"] = "false"
    os.environ["WAYPOINT_DATA_DIR"] = str(workdir / "data")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"


def _prepare(arguments: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.load.populate import fixtures, populate

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    say(f"load: migrated in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    loaded = populate(arguments.cases, log=say)
    say(
        f"load: {loaded.cases:,} cases ({loaded.added:,} written), {loaded.referrals} NRM "
        f"referrals, in {time.perf_counter() - started:.0f} s"
    )
    data = fixtures()
    connection.close()
    return data


def _serve(arguments: argparse.Namespace, port: int, workdir: Path) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603  this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(arguments.workers),
            "--log-level",
            "warning",
            "--error-logfile",
            str(workdir / "gunicorn.log"),
        ],
        cwd=ROOT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit {server.returncode}): see its log")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):  # noqa: S310
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within two minutes")


def _locust(arguments: argparse.Namespace, port: int, workdir: Path, fixture_file: Path) -> Path:
    prefix = workdir / "locust"
    subprocess.run(  # noqa: S603  this interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--users",
            str(arguments.users),
            "--spawn-rate",
            str(max(1, arguments.users // 4)),
            "--run-time",
            f"{arguments.seconds}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, "WAYPOINT_LOAD_FIXTURES": str(fixture_file)},
        check=False,
    )
    return prefix


def _rows(prefix: Path) -> tuple[list[dict[str, str]], list[str]]:
    stats = list(csv.DictReader(io.StringIO(Path(f"{prefix}_stats.csv").read_text("utf-8"))))
    exceptions = Path(f"{prefix}_exceptions.csv")
    problems = []
    if exceptions.exists():
        problems = [
            f"{row['Count']} × {row['Message']}"
            for row in csv.DictReader(io.StringIO(exceptions.read_text("utf-8")))
        ]
    return stats, problems


def report(
    stats: list[dict[str, str]],
    direct: dict[str, list[float]],
    statements: dict[str, int],
) -> tuple[list[str], int]:
    """The table (Markdown) and the number of failed requests."""
    lines = [
        "| request type | requests | errors | p50 ms | p95 ms | direct p50 ms | direct p95 ms "
        "| ratio p50 | queries |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    errors = 0
    for row in sorted(stats, key=lambda item: item["Name"]):
        name, failures = row["Name"], int(row["Failure Count"])
        if name == "Aggregated":
            continue
        errors += failures
        if name == SIGN_IN:
            continue
        p50, p95 = float(row["50%"]), float(row["95%"])
        timings = direct.get(name)
        if timings:
            direct_p50, direct_p95 = _percentile(timings, 0.5), _percentile(timings, 0.95)
            measured = (
                f"{direct_p50:.1f} | {direct_p95:.1f} | {p50 / max(direct_p50, 0.01):.1f} "
                f"| {statements[name]}"
            )
        else:
            measured = "- | - | - | -"
        lines.append(
            f"| {name} | {row['Request Count']} | {failures} | {p50:.0f} | {p95:.0f} | {measured} |"
        )
    return lines, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100_000, help="Cases (default 100,000).")
    parser.add_argument("--seconds", type=int, default=60, help="Locust run time (default 60).")
    parser.add_argument(
        "--users", type=int, default=20, help="Simultaneous users (default 20, at most 25)."
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3).")
    parser.add_argument(
        "--samples", type=int, default=10, help="Baseline: requests captured per flow."
    )
    parser.add_argument("--repeat", type=int, default=5, help="Baseline: replays of each.")
    arguments = parser.parse_args(argv)
    if not 1 <= arguments.users <= 25:
        # Thirty sign-ins from one address in fifteen minutes is the sign-in rate limit (each
        # user signs in once; the warm-up signs in once per role).
        parser.error("--users must be between 1 and 25")
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        own = [sys.executable, str(Path(__file__).resolve()), *(argv or sys.argv[1:])]
        return subprocess.run(  # noqa: S603  this interpreter, this script
            [sys.executable, str(ROOT / "devtools" / "pgcluster.py"), "--", *own], check=False
        ).returncode
    with tempfile.TemporaryDirectory(prefix="waypoint-load-") as temporary:
        workdir = Path(temporary)
        _environment(workdir)
        data = _prepare(arguments, workdir)
        fixture_file = workdir / "fixtures.json"
        fixture_file.write_text(json.dumps(data), encoding="utf-8")
        port = _free_port()
        server = _serve(arguments, port, workdir)
        try:
            from benchmarks.load.warmup import warm_up

            say("load: warming the server up")
            warm_up(f"http://127.0.0.1:{port}", data, rounds=2 * arguments.workers)
            prefix = _locust(arguments, port, workdir, fixture_file)
        finally:
            server.terminate()
            server.wait(timeout=60)
        server_log = (workdir / "gunicorn.log").read_text(encoding="utf-8", errors="replace")
        stats, problems = _rows(prefix)
        say("load: replaying the same queries directly")
        from benchmarks.load.direct import measure

        direct, statements = measure(data, samples=arguments.samples, repeat=arguments.repeat)
    lines, errors = report(stats, direct, statements)
    say()
    say(
        f"{arguments.cases:,} cases, {arguments.users} users for {arguments.seconds} s, "
        f"{arguments.workers} gunicorn workers"
    )
    say("\n".join(lines))
    say()
    say(
        "ratio p50 = p50 over HTTP / p50 of the same queries run directly; 'queries' is the "
        "mean number of statements a request sends."
    )
    for problem in problems:
        warn(f"error in a user's flow: {problem}")
    if "Traceback" in server_log or "[ERROR]" in server_log:
        warn(server_log[-4000:])
    failed = errors + len(problems)
    say("zero errors" if failed == 0 else f"{failed} errors")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
