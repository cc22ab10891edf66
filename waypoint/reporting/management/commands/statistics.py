"""manage.py statistics TABLE_ID --period P --format json|csv|xlsx|pdf [--output FILE]

Prints (or writes) one statistics table, disclosure-controlled like every output that leaves
Waypoint. The console acts as an analyst: it never sees internal figures. ``--list`` lists the
table ids.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from waypoint.access.actor import Actor
from waypoint.access.roles import Role
from waypoint.common.errors import DomainError
from waypoint.reporting import registry, services
from waypoint.reporting.periods import SYNTAX_HELP

TEXT_FORMATS = ("json", "csv")
FORMATS = ("json", "csv", "xlsx", "pdf")


def console_analyst() -> Actor:
    """Whoever runs manage.py gets what an analyst gets: published, disclosure-controlled tables."""
    return Actor(
        user=None,
        organisation=None,
        roles=frozenset({Role.ANALYST}),
        via="cli",
        system_reason="manage.py statistics",
    )


class Command(BaseCommand):
    help = (
        "Print or write one statistics table for a period, disclosure-controlled. "
        f"Periods: {SYNTAX_HELP}. Use --list to see the table ids."
    )

    def add_arguments(self, parser):
        parser.add_argument("table_id", nargs="?", help="The table id, e.g. tip-t5.")
        parser.add_argument("--period", default="", help=f"{SYNTAX_HELP} (default: latest).")
        parser.add_argument("--format", dest="file_format", choices=FORMATS, default="json")
        parser.add_argument("--output", default="", help="Write to this file instead of stdout.")
        parser.add_argument("--list", action="store_true", help="List the table ids and exit.")

    def handle(self, *args, **options):
        if options["list"]:
            for spec in registry.all_specs():
                state = "available" if spec.source_available else "no data source yet"
                self.stdout.write(f"{spec.table_id:24} {spec.title} [{state}]")
            return
        if not options["table_id"]:
            raise CommandError("Name a table id (see --list).")
        file_format = options["file_format"]
        if file_format not in TEXT_FORMATS and not options["output"]:
            raise CommandError(f"--format {file_format} is a binary file: give --output FILE.")
        try:
            export = services.statistics_export(
                actor=console_analyst(),
                table_id=options["table_id"],
                period=options["period"] or None,
                file_format=file_format,
            )
        except DomainError as error:
            details = "; ".join(
                f"{field}: {' '.join(msgs)}" for field, msgs in error.fields.items()
            )
            raise CommandError(f"{error.message} {details}".strip()) from error
        if options["output"]:
            path = Path(options["output"])
            path.write_bytes(export.content)
            self.stdout.write(f"Wrote {export.file_name} ({len(export.content)} bytes) to {path}.")
            return
        self.stdout.write(export.content.decode("utf-8-sig"), ending="")
