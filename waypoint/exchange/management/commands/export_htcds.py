"""manage.py export_htcds --format csv|xlsx|json --output FILE [--organisation NAME] [--identifying]"""

from __future__ import annotations

from pathlib import Path
from typing import IO, cast

from django.core.management.base import BaseCommand, CommandError

from waypoint.exchange import services
from waypoint.exchange.choices import ExportFormat
from waypoint.exchange.console import console_actor, organisation_named
from waypoint.operations.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Export the cases an organisation owns in the HTCDS exchange shape. The console acts as the "
        "system for that organisation only (name it with --organisation; it may be left out when "
        "there is a single organisation). Identifying fields are left out unless --identifying is "
        "given. The run is audited as an export job. Only operators who can run manage.py on the "
        "server (and so hold the data keys) can run it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=ExportFormat.values)
        parser.add_argument("--output", required=True, help="The file to write (must not exist).")
        parser.add_argument("--organisation", help="The organisation whose cases are exported.")
        parser.add_argument(
            "--identifying",
            action="store_true",
            help="Include names, dates of birth, contacts and free text.",
        )

    def handle(self, *args, **options):
        path = Path(options["output"])
        if path.exists():
            raise CommandError(f"{path} exists already; choose a new file name.")
        organisation = organisation_named(options.get("organisation"))
        actor = console_actor("export_htcds", organisation)
        bar = ProgressBar(total=None, label="Exporting", stream=cast(IO[str], self.stderr))
        try:
            job = services.export_to_path(
                actor=actor,
                path=path,
                file_format=options["format"],
                is_identifying=options["identifying"],
                progress=bar.update,
            )
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        finally:
            bar.finish()
        kind = "identifying" if job.is_identifying else "de-identified"
        self.stdout.write(
            f"Wrote {job.row_count} rows from {job.case_count} cases of {organisation.name} "
            f"({kind}, {job.file_format}) to {path}; SHA-256 {job.sha256}."
        )
