"""manage.py backup --output FILE: an encrypted, consistent backup of database and documents."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from waypoint.access.actor import Actor
from waypoint.audit import services as audit
from waypoint.operations.backup import BackupError, backup_to_path
from waypoint.operations.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Write an encrypted, consistent backup of the database and the stored documents to FILE. "
        "Restoring it needs the same WAYPOINT_DATA_KEYS: keep them safe, apart from the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Where to write the backup file.")

    def handle(self, *args, **options):
        path = Path(options["output"]).expanduser()
        if path.exists():
            raise CommandError(f"{path} exists; choose a new file name.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        audit.record(
            actor=Actor.console("backup"), action="operations.backup", details={"file": path.name}
        )
        bar = ProgressBar(total=None, label="Backing up", stream=sys.stderr)
        try:
            report = backup_to_path(path, progress=bar.update)
        except BackupError as error:
            raise CommandError(str(error)) from error
        finally:
            bar.finish()
        rows = sum(report.tables.values())
        self.stdout.write(
            f"Backup written to {path}: {rows} rows in {len(report.tables)} tables, "
            f"{report.documents} documents."
        )
