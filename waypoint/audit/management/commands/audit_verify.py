"""Check the whole audit chain; exit non-zero and name the first event that does not verify."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from waypoint.audit.models import AuditEvent
from waypoint.audit.services import verify_chain
from waypoint.operations.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Verify the hash chain of the audit log. Prints the number of events checked and the head "
        "hash (record it outside the system to detect a rewritten chain); exits with status 1 and "
        "names the first event that does not verify."
    )

    def handle(self, *args, **options):
        total = AuditEvent.objects.count()
        bar = ProgressBar(total=total, label="Verifying audit events", stream=sys.stderr)
        result = verify_chain(progress=bar.update)
        bar.finish()
        if result.is_intact:
            self.stdout.write(
                f"Audit chain intact: {result.events_checked} events verified. "
                f"Head hash: {result.head_hash}"
            )
            return
        event = f" (event id {result.first_bad_event_id})" if result.first_bad_event_id else ""
        raise CommandError(
            f"Audit chain broken at event #{result.first_bad_sequence}{event}: {result.problem}. "
            f"{result.events_checked} events before it verified."
        )
