#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL cluster started from the machine's pg_ctl.

    devtools/pgcluster.py -- .venv/bin/python -m pytest ...

Creates a cluster in a temporary directory, starts it on a free loopback port, exports
DATABASE_URL for the command, then stops the cluster and deletes it, whatever the command's outcome.
PostgreSQL refuses to run as root: when run as root, the cluster runs as the `postgres` system user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    sys.exit(f"pgcluster: {name} not found; install PostgreSQL 15 (apt-get install postgresql).")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_cluster_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *command]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]


def main(argv: list[str]) -> int:
    if "--" not in argv:
        sys.exit("usage: pgcluster.py -- COMMAND [ARGS...]")
    command = argv[argv.index("--") + 1 :]
    base = Path(tempfile.mkdtemp(prefix="waypoint-pg-"))
    data = base / "data"
    sockets = base / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        for path in (base, sockets):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    log = base / "postgres.log"
    started = False
    try:
        subprocess.run(
            _as_cluster_user(
                [
                    _binary("initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "waypoint",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-instructions",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            _as_cluster_user(
                [_binary("pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        started = True
        subprocess.run(
            [_binary("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "waypoint", "waypoint"],
            check=True,
        )
        environment = dict(os.environ)
        environment["DATABASE_URL"] = f"postgres://waypoint@127.0.0.1:{port}/waypoint"
        print(f"pgcluster: PostgreSQL on 127.0.0.1:{port} ({base})", flush=True)
        return subprocess.run(command, env=environment, check=False).returncode
    finally:
        if started:
            subprocess.run(
                _as_cluster_user(
                    [_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
                ),
                check=False,
                stdout=subprocess.DEVNULL,
            )
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
