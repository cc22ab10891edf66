"""Erasing a person from the exchange (called by ``waypoint.retention`` inside its erasure).

Retention deletes every export file still on disk, since any of them may contain the person; here
the export jobs that pointed at those files are marked deleted, so nobody is offered a download
that no longer exists. Rejected rows in import reports were never imported and are not the
person's record; they expire with the job.
"""

from __future__ import annotations

from django.utils import timezone

from waypoint.exchange.models import ExportJob
from waypoint.people.models import Person
from waypoint.retention.erasure import ErasureReport


def close_exports_on_erasure(person: Person, report: ErasureReport) -> None:
    ExportJob.objects.exclude(stored_name="").update(stored_name="", deleted_at=timezone.now())
