"""Erasing a person from screenings (called by ``waypoint.retention`` inside its erasure).

The screener's notes on answers and the interpreter's details are removed; the answers themselves
(codes), the outcome and the instrument version stay, so screening statistics still count them.
"""

from __future__ import annotations

from waypoint.people.models import Person
from waypoint.retention.erasure import ErasureReport, clear_encrypted
from waypoint.screening.models import Screening, ScreeningAnswer


def erase_person_from_screenings(person: Person, report: ErasureReport) -> None:
    screenings = Screening.objects.filter(person=person)
    clear_encrypted(screenings, report)
    clear_encrypted(ScreeningAnswer.objects.filter(screening__in=screenings), report)
