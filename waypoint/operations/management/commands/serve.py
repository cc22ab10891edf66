"""manage.py serve: the development server plus the background worker, for `make run`."""

from __future__ import annotations

import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Waypoint for local use (runserver) with the background worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-worker", action="store_true", help="Do not start the worker.")

    def handle(self, *args, **options):
        worker = None
        if not options["no_worker"] and not settings.TASKS["default"]["BACKEND"].endswith(
            "ImmediateBackend"
        ):
            worker = subprocess.Popen(  # noqa: S603  our own interpreter and manage.py
                [sys.executable, "manage.py", "run_worker"], stdout=subprocess.DEVNULL
            )
        self.stdout.write(
            f"Waypoint is at http://{options['host']}:{options['port']}/ (Ctrl+C stops it)."
        )
        try:
            call_command(
                "runserver",
                f"{options['host']}:{options['port']}",
                use_reloader=False,
                skip_checks=False,
            )
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
