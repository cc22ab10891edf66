"""manage.py import_htcds FILE --organisation NAME [--dry-run]: import an HTCDS file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from waypoint.exchange.choices import ImportFormat
from waypoint.exchange.management.commands._importing import ImportCommand

EXTENSIONS = {".csv": ImportFormat.CSV, ".xlsx": ImportFormat.XLSX, ".json": ImportFormat.JSON}


class Command(ImportCommand):
    help = (
        "Import HTCDS records (CSV, XLSX, JSON, or an XLSForm submission export) for an organisation. "
        "Every row is checked first; if any is rejected nothing is written and the command exits "
        "with status 1. Re-importing the same file changes nothing (rows are matched by "
        "ext_SourceRecordId). Runs as the system for the named organisation; see docs/exchange.md."
    )
    command_name = "import_htcds"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--format",
            choices=[ImportFormat.CSV, ImportFormat.XLSX, ImportFormat.JSON, ImportFormat.XLSFORM],
            help="The file's format (default: from its extension; choose xlsform for XLSForm submissions).",
        )

    def file_format(self, options) -> str:
        if options.get("format"):
            return options["format"]
        chosen = EXTENSIONS.get(Path(options["file"]).suffix.lower())
        if chosen is None:
            raise CommandError(
                "Say which format the file is in with --format csv|xlsx|json|xlsform."
            )
        return chosen
