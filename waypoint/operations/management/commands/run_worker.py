"""manage.py run_worker: runs background tasks and enqueues the periodic ones on schedule."""

from __future__ import annotations

import os
import threading
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from waypoint.operations.schedule import enqueue_due


class Command(BaseCommand):
    help = (
        "Run the background worker: reminders, imports, exports and other tasks, plus the "
        "periodic tasks (deadline reminders, breach flags, retention) on their schedule."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between queue polls."
        )
        parser.add_argument(
            "--schedule-interval", type=float, default=30.0, help="Seconds between schedule checks."
        )

    def handle(self, *args, **options):
        stop = threading.Event()

        def scheduler() -> None:
            while not stop.is_set():
                close_old_connections()
                try:
                    enqueue_due()
                except Exception:  # a failed check must not stop the worker; it retries next time
                    self.stderr.write("The periodic task check failed; retrying later.")
                stop.wait(options["schedule_interval"])
            close_old_connections()

        thread = threading.Thread(target=scheduler, name="waypoint-scheduler", daemon=True)
        thread.start()
        worker = Worker(
            queue_names=["default"],
            interval=options["interval"],
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{os.uname().nodename}-{os.getpid()}",
            excluded_queue_names=[],
        )
        worker.configure_signals()
        self.stdout.write("Waypoint worker running. Press Ctrl+C to stop.")
        try:
            worker.run()
        finally:
            stop.set()
            time.sleep(0.1)
