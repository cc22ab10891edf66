"""manage.py rotate_data_key: re-encrypt everything under the newest key in WAYPOINT_DATA_KEYS."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from waypoint.access.actor import Actor
from waypoint.audit import services as audit
from waypoint.common import crypto
from waypoint.operations import keys
from waypoint.operations.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value, blind index and stored document under the first key of "
        "WAYPOINT_DATA_KEYS. Put the new key first, keep the old ones after it, run this command, "
        "then remove the old keys. Safe to interrupt and run again."
    )

    def handle(self, *args, **options):
        primary = crypto.primary_key_id()
        total = keys.total_rows()
        self.stdout.write(f"Re-encrypting {total} records under key {primary!r}.")
        bar = ProgressBar(total=total, label="Re-encrypting", stream=sys.stderr)
        report = keys.rotate(progress=bar.update)
        bar.finish()
        audit.record(
            actor=Actor.console("rotate_data_key"),
            action="operations.rotate_data_key",
            details={
                "key_id": primary,
                "rows_checked": report.rows_checked,
                "rows_rewritten": report.rows_rewritten,
                "files_rewritten": report.files_rewritten,
            },
        )
        for label, count in sorted(report.per_model.items()):
            if count:
                self.stdout.write(f"  {label}: {count} rewritten")
        self.stdout.write(
            f"Done: {report.rows_checked} records checked, {report.rows_rewritten} rewritten; "
            f"{report.files_checked} documents checked, {report.files_rewritten} rewritten. "
            f"Every value is now sealed with key {primary!r}; older keys can be removed."
        )
