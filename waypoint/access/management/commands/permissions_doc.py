"""manage.py permissions_doc: writes docs/permissions.md from waypoint/access/roles.py."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from waypoint.access.documentation import permissions_markdown


class Command(BaseCommand):
    help = "Write the role, permission and scope tables (docs/permissions.md) from the code."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="docs/permissions.md")

    def handle(self, *args, **options):
        Path(options["output"]).write_text(permissions_markdown(), encoding="utf-8")
        self.stdout.write(f"Wrote {options['output']}.")
