"""manage.py import_prosecutions FILE --organisation NAME [--dry-run]: defendant-level CSV, all or
nothing (see docs/enforcement.md for the columns and how each is stored)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from waypoint.accounts.models import Organisation
from waypoint.common.errors import DomainError
from waypoint.enforcement.services.imports import import_actor, prosecutions_import
from waypoint.operations.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import defendant-level prosecution data (one row per defendant, the humantraffickingdata.org "
        "shape) for a prosecution service. Every row is checked first: if any row is refused, "
        "nothing is written and each problem is listed (line, column, value, reason); the command "
        "then exits with status 1. Rows already imported (same id) are skipped, so running it again "
        "adds nothing. No names are read or stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file (UTF-8, with a header row).")
        parser.add_argument(
            "--organisation",
            required=True,
            help="Name of the prosecution service the records belong to.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check everything and report what would be created, without writing.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        organisation = Organisation.objects.filter(name__iexact=options["organisation"]).first()
        if organisation is None:
            raise CommandError(
                f"No organisation is called {options['organisation']!r}; "
                "create it with `manage.py create_organisation NAME --type Prosecution`."
            )
        with path.open("rb") as handle:
            total = max(sum(1 for _line in handle) - 1, 0)
            handle.seek(0)
            bar = ProgressBar(total=total, label="Checking rows", stream=sys.stderr)
            try:
                report = prosecutions_import(
                    actor=import_actor(organisation, "import_prosecutions"),
                    organisation=organisation,
                    stream=handle,
                    dry_run=options["dry_run"],
                    progress=bar.update,
                )
            except DomainError as error:
                raise CommandError(error.message) from error
            finally:
                bar.finish()
        for line in report.summary_lines():
            self.stdout.write(line)
        if report.is_rejected:
            raise CommandError(
                f"The import was refused ({len(report.problems)} problem(s)); nothing was written."
            )
