"""manage.py import_reference_statistics FILE [--source SOURCE]

Loads published aggregate statistics (UK NRM referrals by quarter, UNODC GLOTIP country data)
from a CSV file into Waypoint, replacing the earlier import of the same source. The file is read
once: Waypoint never depends on it afterwards.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from waypoint.access.actor import Actor
from waypoint.common.errors import DomainError
from waypoint.reporting.models import ReferenceSource
from waypoint.reporting.services import reference_statistics_import


class Command(BaseCommand):
    help = (
        "Import a published statistics file (UK NRM referrals by quarter, UNODC GLOTIP). "
        "The layout is recognised from the header row; running it again replaces the source."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file.")
        parser.add_argument(
            "--source",
            choices=ReferenceSource.values,
            default="",
            help="Force the layout instead of recognising it.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            dataset = reference_statistics_import(
                actor=Actor.console("import_reference_statistics"),
                path=path,
                source=options["source"],
            )
        except DomainError as error:
            details = "\n".join(
                f"  {field}: {message}" for field, msgs in error.fields.items() for message in msgs
            )
            raise CommandError(f"{error.message}\n{details}".rstrip()) from error
        self.stdout.write(
            f"Imported {dataset.figure_count} figures of {dataset.get_source_display()} "
            f"({dataset.first_year}–{dataset.last_year}) from {dataset.file_name}: "
            f"{dataset.suppressed_count} withheld by the publisher, {dataset.unknown_count} "
            f"not known ({dataset.conflict_count} given twice with different values)."
        )
