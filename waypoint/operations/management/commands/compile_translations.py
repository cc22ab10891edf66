"""manage.py compile_translations: .po → .mo with polib (no GNU gettext needed)."""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every locale/*/LC_MESSAGES/*.po file into its .mo file."
    requires_system_checks = []

    def handle(self, *args, **options):
        count = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in Path(locale_path).glob("*/LC_MESSAGES/*.po"):
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        self.stdout.write(f"Compiled {count} translation file(s).")
