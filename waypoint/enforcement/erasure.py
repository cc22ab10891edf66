"""Erasing a person from criminal cases (called by ``waypoint.retention`` inside its erasure).

The suspect's free text about the person (``per_RoleDetails``) and the free-text details of their
sentences are removed; the codes, dates and outcomes stay, so statistics still count them. A victim
appears in criminal cases only as a witness code with copied codes, which stay for the same reason.
"""

from __future__ import annotations

from waypoint.enforcement.models import Sentence, Suspect
from waypoint.people.models import Person
from waypoint.retention.erasure import ErasureReport, clear_encrypted


def erase_person_from_criminal_cases(person: Person, report: ErasureReport) -> None:
    suspects = Suspect.objects.filter(person=person)
    clear_encrypted(suspects, report)
    clear_encrypted(Sentence.objects.filter(defendant__suspect__in=suspects), report)
