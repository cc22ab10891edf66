"""Erasing a person from service referrals (called by ``waypoint.retention`` inside its erasure).

What the person needed, why a service declined and the note on the end of the service are
removed; the service, the dates and the status stay, so assistance statistics still count them.
"""

from __future__ import annotations

from waypoint.directory.models import ServiceReferral
from waypoint.people.models import Person
from waypoint.retention.erasure import ErasureReport, clear_encrypted


def erase_person_from_service_referrals(person: Person, report: ErasureReport) -> None:
    clear_encrypted(ServiceReferral.objects.filter(case_person__person=person), report)
