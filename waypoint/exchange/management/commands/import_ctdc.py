"""manage.py import_ctdc FILE --organisation NAME [--dry-run]: import a CTDC de-identified dataset."""

from __future__ import annotations

from waypoint.exchange.choices import ImportFormat
from waypoint.exchange.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import a de-identified CTDC dataset (the Global Dataset, the victim-perpetrator synthetic "
        "dataset or the recoded extract) as de-identified records of an organisation. If any row is "
        "rejected nothing is written and the command exits with status 1; importing the same file "
        "again changes nothing."
    )
    command_name = "import_ctdc"

    def file_format(self, options) -> str:
        return ImportFormat.CTDC
