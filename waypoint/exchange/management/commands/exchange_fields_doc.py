"""manage.py exchange_fields_doc: rewrite the field table of docs/exchange.md from the schema."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from waypoint.exchange.documentation import DOC, rewrite


class Command(BaseCommand):
    help = "Rewrite the generated field table in docs/exchange.md from the exchange schema."

    def handle(self, *args, **options):
        rewrite()
        self.stdout.write(f"Wrote the field table of {DOC}.")
