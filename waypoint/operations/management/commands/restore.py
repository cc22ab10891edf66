"""manage.py restore FILE: restore a backup into an empty, migrated installation."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from waypoint.access.actor import Actor
from waypoint.audit import services as audit
from waypoint.operations.backup import BackupError, restore_backup
from waypoint.operations.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty installation (new data directory "
        "and database, `manage.py migrate` run, same WAYPOINT_DATA_KEYS). All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")

    def handle(self, *args, **options):
        path = Path(options["file"]).expanduser()
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        bar = ProgressBar(total=None, label="Restoring", stream=sys.stderr)
        try:
            with path.open("rb") as handle:
                report = restore_backup(handle, progress=bar.update)
        except BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.finish()
        audit.record(
            actor=Actor.console("restore"),
            action="operations.restore",
            details={
                "file": path.name,
                "rows": sum(report.tables.values()),
                "documents": report.documents,
            },
        )
        self.stdout.write(
            f"Restored {sum(report.tables.values())} rows in {len(report.tables)} tables and "
            f"{report.documents} documents. Run `manage.py audit_verify` to check the audit chain."
        )
